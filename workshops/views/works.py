"""我的作品 (My works): a teacher's works in the portal — list, create, edit, preview, submit,
withdraw. Thin views: ``workshops.services.works`` holds every rule; someone else's work is a
404 here, whatever its state."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from home.consent_forms import consent_initial
from resources.models import missing_parts
from resources.review import services as review_services
from resources.review.notify import notification_link
from resources.review.selectors import inbox_page
from workshops import services
from workshops.http import id_or_404, login_redirect
from workshops.services import WorkshopError
from workshops.work_forms import WorkForm, stream_to_text


def signed_in(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request)
        if "work_id" in kwargs:
            work = services.work_of(user=request.user, work_id=id_or_404(kwargs.pop("work_id")))
            if work is None:
                raise Http404("没有找到这件作品。")
            kwargs["work"] = work
        return view(request, *args, **kwargs)

    return wrapper


def _detail(work) -> str:
    return reverse("workshops:work_detail", args=[work.pk])


@signed_in
def works_list(request):
    works = [(work, services.work_status(work)) for work in services.my_works(user=request.user)]
    return render(request, "workshops/works/list.html", {"works": works})


@signed_in
def inbox(request):
    """消息 (in-site inbox): the user's messages of every kind, newest first, each leading where
    the user acts on it; opening a page of them marks it read. The user chooses here whether
    messages also come by e-mail."""
    page_obj, unread_ids = inbox_page(user=request.user, number=request.GET.get("p"))
    items = [{"note": n, "link": notification_link(n), "unread": n.pk in unread_ids} for n in page_obj]
    profile = getattr(request.user, "profile", None)
    context = {
        "items": items,
        "notifications": page_obj,
        "email_on": getattr(profile, "email_notifications", True),
        "has_email": bool(request.user.email),
    }
    response = render(request, "workshops/works/inbox.html", context)
    review_services.notification_mark_read(user=request.user, notification_ids=unread_ids)
    return response


@require_POST
@signed_in
def inbox_email(request):
    on = request.POST.get("email") == "on"
    services.notification_email_choose(user=request.user, on=on)
    messages.success(request, "已开启邮件通知。" if on else "已关闭邮件通知，消息只在站内显示。")
    return HttpResponseRedirect(reverse("workshops:inbox"))


@signed_in
def work_detail(request, *, work):
    latest = work.get_latest_revision_as_object()
    context = {
        "work": work,
        "latest": latest,
        "status": services.work_status(work),
        "missing": missing_parts(latest),
        "history": services.work_history(work),
        "in_review": services.work_in_review(work),
        "returned": services.work_returned(work),
        "attachments": list(latest.attachments.all()),
    }
    return render(request, "workshops/works/detail.html", context)


@signed_in
def work_preview(request, *, work):
    """The latest version exactly as the public will see it, marked as a preview."""
    latest = work.get_latest_revision_as_object()
    return latest.serve_preview(request, latest.default_preview_mode)


def _form_page(request, *, work=None):
    latest = work.get_latest_revision_as_object() if work is not None else None
    attachments = list(latest.attachments.all()) if latest is not None else []
    body_text = stream_to_text(latest.body) if latest is not None else None
    if request.method == "POST":
        form = WorkForm(request.POST, request.FILES, attachments=attachments)
        if form.is_valid():
            try:
                work = services.work_save(
                    user=request.user,
                    page=work,
                    fields=form.page_fields(previous_body_text=body_text, previous_body=getattr(latest, "body", None)),
                    uploads=[services.Upload(file=f, part=part) for f, part in form.uploads()],
                    video=form.cleaned_data.get("video"),
                    remove_attachments=form.cleaned_data.get("remove_attachments") or [],
                    remove_video=form.cleaned_data.get("remove_video", False),
                    consent=form.consent_values(),
                )
            except WorkshopError as error:
                form.add_error(None, str(error))
            else:
                if form.cleaned_data["action"] == "submit":
                    try:
                        messages.success(request, "草稿已保存。" + services.work_submit(user=request.user, page=work))
                    except WorkshopError as error:
                        messages.error(request, f"草稿已保存，但{error}")
                else:
                    messages.success(request, "草稿已保存。可以继续修改，或在作品页提交审核。")
                if request.headers.get("X-Requested-With") == "XMLHttpRequest":
                    # The form's upload with a progress bar: the page goes on itself, so the
                    # message above is shown there rather than spent on a followed redirect.
                    return JsonResponse({"redirect": _detail(work)})
                return HttpResponseRedirect(_detail(work))
        status = 400
    else:
        initial = {}
        if latest is not None:
            initial = {
                "kind": latest.kind,
                "title": latest.title,
                "stage": latest.stage_id,
                "grade": latest.grade_id,
                "subject": latest.subject_id,
                "summary": latest.summary,
                "body": body_text,
                **consent_initial(latest.video),
            }
        form = WorkForm(initial=initial, attachments=attachments)
        status = 200
    context = {
        "form": form,
        "work": work,
        "latest": latest,
        "attachments": attachments,
        "requirements": _requirements(),
    }
    return render(request, "workshops/works/form.html", context, status=status)


def _requirements() -> dict:
    from resources.models import AttachmentPart, WorkRequirement

    labels = dict(AttachmentPart.choices)
    return {
        r.kind: {"video": r.needs_video, "parts": [labels[p] for p in r.required_parts if p in labels]}
        for r in WorkRequirement.objects.all()
    }


@signed_in
def work_new(request):
    return _form_page(request)


@signed_in
def work_edit(request, *, work):
    if services.work_in_review(work):
        messages.error(request, "作品正在审核中，不能修改；如需修改，请先撤回提交。")
        return HttpResponseRedirect(_detail(work))
    return _form_page(request, work=work)


@require_POST
@signed_in
def work_submit(request, *, work):
    try:
        messages.success(request, services.work_submit(user=request.user, page=work))
    except WorkshopError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(_detail(work))


@require_POST
@signed_in
def work_withdraw(request, *, work):
    try:
        services.work_withdraw(user=request.user, page=work)
        messages.success(request, "已撤回提交，作品回到草稿，可以继续修改。")
    except WorkshopError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(_detail(work))
