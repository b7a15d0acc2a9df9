"""同课异构 in a workshop: a teacher hands in their entry (design, recording, time allocation,
reflection) on its own form page, which re-renders with its errors and everything typed kept;
a host turns the activity into a draft showcase case with one POST. Rules are the services'."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from home.serving import serve_through_page
from training.uploads import video_upload_view
from workshops import selectors, services
from workshops.http import back, id_or_404, login_redirect
from workshops.models.pages import WorkshopPage
from workshops.models.same_lesson import SameLessonEntry
from workshops.models.workshop import ActivityKind, WorkshopActivity
from workshops.permissions import can_view_material
from workshops.same_lesson_forms import EntryForm
from workshops.services import WorkshopError

from .common import live_pages, workshop_action


def _activity_url(workshop, activity) -> str:
    return workshop.url + workshop.reverse_subpage("activity", args=(activity.pk,))


@video_upload_view
def entry(request, workshop_id: int, activity_id: int):
    """我的同课异构材料: the form of the signed-in teacher's entry (GET shows it, POST saves it)."""
    workshop = get_object_or_404(live_pages(request, WorkshopPage), pk=id_or_404(workshop_id))

    def respond():
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if not request.user.is_authenticated:
            return login_redirect(request)
        activity = WorkshopActivity.objects.filter(
            pk=id_or_404(activity_id), workshop=workshop, kind=ActivityKind.SAME_LESSON
        ).first()
        if (
            activity is None
            or not can_view_material(workshop=workshop, user=request.user)
            or not selectors.may_hand_in(activity=activity, user=request.user)
        ):
            raise Http404("内容不存在或仅对活动参与者开放。")
        existing = SameLessonEntry.objects.filter(activity=activity, teacher=request.user).first()
        if request.method == "POST":
            form = EntryForm(request.POST, request.FILES, user=request.user)
            if form.is_valid():
                try:
                    services.same_lesson_entry_save(
                        activity=activity,
                        user=request.user,
                        fields=form.entry_fields(),
                        video=form.cleaned_data.get("video"),
                        consent=form.consent_values(),
                    )
                except WorkshopError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, "同课异构材料已提交，坊主可在活动页查看。")
                    return HttpResponseRedirect(_activity_url(workshop, activity))
        else:
            form = EntryForm(initial=EntryForm.initial_for(existing) if existing else None, user=request.user)
        context = {"page": workshop, "activity": activity, "form": form, "entry": existing}
        return TemplateResponse(request, "workshops/same_lesson_entry_form.html", context)

    return serve_through_page(request, workshop, respond)


@workshop_action
def showcase_case(request, *, workshop, activity_id: int):
    """生成同课异构案例 (hosts): the activity's entries become a draft case, once."""
    activity = get_object_or_404(WorkshopActivity, pk=activity_id, workshop=workshop)
    result = services.same_lesson_case_create(activity=activity, actor=request.user)
    if not result.created:
        return back(request, _activity_url(workshop, activity), "本活动已生成过展示案例，未重复创建。")
    message = f"已生成同课异构案例草稿（{result.designs} 份设计），等待编辑添加专家点评后发布。"
    if result.not_public:
        message += f"其中 {result.not_public} 份教学设计尚未在资源库发布，发布前不会在案例中显示。"
    return back(request, _activity_url(workshop, activity), message)
