"""Admin views of review and recommendation: my queue, a work's history and actions, my inbox, my works.

Thin: each view checks what the selectors say the user may do and calls one service.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from wagtail.admin import messages

from home.models import School

from . import selectors, services
from .forms import CommentForm, QueueFilterForm
from .models import Recommendation, ReviewStatus


def _page_or_404(page_id: int):
    from resources.models import GeneratedResourcePage

    return get_object_or_404(
        GeneratedResourcePage.objects.select_related("school__region", "region", "author", "owner"), pk=page_id
    )


def queue(request):
    """待我处理: works waiting for my decision in my scope, oldest first."""
    from resources.models import GeneratedResourcePage

    from .scope import scope_q

    schools = School.objects.filter(
        pk__in=GeneratedResourcePage.objects.filter(scope_q(request.user)).values("school_id")
    )
    form = QueueFilterForm(request.GET or None, schools=schools, steps=list(selectors.STEP_LABELS.items()))
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "subject_id": data["subject"].pk if data["subject"] else None,
            "stage_id": data["stage"].pk if data["stage"] else None,
            "school_id": data["school"].pk if data["school"] else None,
            "step": data["step"] or "",
        }
    # A filter outside my scope (another school) selects nothing rather than everything.
    items = [] if form.is_bound and not form.is_valid() else selectors.review_queue(user=request.user, **filters)
    return TemplateResponse(request, "resources/review/queue.html", {"items": items, "form": form})


def detail(request, page_id: int):
    """审核与推优记录: the full history of a work and the actions open to me."""
    page = _page_or_404(page_id)
    if not selectors.user_can_see_history(user=request.user, page=page):
        raise PermissionDenied
    from resources.models import missing_parts

    latest = page.get_latest_revision_as_object()
    context = {
        "page": page,
        "missing_parts": missing_parts(latest),
        "latest_attachments": list(latest.attachments.all()),
        "latest_video": latest.video,
        "history": selectors.review_history(page=page),
        "awarded_revision_id": getattr(selectors.awarded_revision(page), "pk", None),
        "recommendations": Recommendation.objects.filter(page=page).select_related("nominated_by", "decided_by"),
        "actions": selectors.available_actions(user=request.user, page=page),
        "form": CommentForm(),
    }
    return TemplateResponse(request, "resources/review/detail.html", context)


ACTIONS = ("approve", "reject", "refuse", "nominate", "accept", "decline", "promote", "withdraw", "confirm_award")


@require_POST
def act(request, page_id: int, action: str):
    """Carry out one decision on a work; refused with 403 when it is not open to the user."""
    page = _page_or_404(page_id)
    if action not in ACTIONS:
        raise PermissionDenied
    available = selectors.available_actions(user=request.user, page=page)
    form = CommentForm(request.POST)
    comment = form.data.get("comment", "").strip()[:2000]
    try:
        if action in ("approve", "reject", "refuse"):
            if action not in {name for name, _ in available["review"]}:
                raise PermissionDenied
            services.resource_review_decide(
                task_state=available["task_state"], user=request.user, action=action, comment=comment
            )
        elif action == "nominate":
            if not available["nominate"]:
                raise PermissionDenied
            services.recommendation_nominate(page=page, user=request.user, reason=comment)
        elif action in ("accept", "decline"):
            if not available["decide"]:
                raise PermissionDenied
            services.recommendation_decide(
                recommendation=available["decide"], user=request.user, accept=action == "accept", comment=comment
            )
        elif action == "promote":
            if not available["promote"]:
                raise PermissionDenied
            services.recommendation_promote(page=page, user=request.user, comment=comment)
        elif action == "withdraw":
            if not available["withdraw"]:
                raise PermissionDenied
            services.recommendation_withdraw(recommendation=available["withdraw"][0], user=request.user, reason=comment)
        elif action == "confirm_award":
            if not available["confirm_award"]:
                raise PermissionDenied
            services.award_confirm(page=page, user=request.user, comment=comment)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("resources_review:detail", page_id=page.pk)
    messages.success(request, f"已完成：《{page.title}》。")
    next_url = request.POST.get("next")
    if next_url == "queue":
        return redirect("resources_review:queue")
    return redirect("resources_review:detail", page_id=page.pk)


def inbox(request):
    """站内消息: my notifications, newest first; opening the inbox marks them read."""
    page_obj, unread_ids = selectors.inbox_page(user=request.user, number=request.GET.get("p"))
    response = TemplateResponse(
        request, "resources/review/inbox.html", {"notifications": page_obj, "unread_ids": unread_ids}
    )
    services.notification_mark_read(user=request.user, notification_ids=unread_ids)
    return response


def mine(request):
    """我的作品: the works I wrote, with their review status and recommendation level."""
    from django.db.models import Q

    from resources.models import GeneratedResourcePage

    pages = (
        GeneratedResourcePage.objects.filter(Q(author=request.user) | Q(owner=request.user))
        .select_related("school")
        .order_by("-latest_revision_created_at", "-pk")
    )
    return TemplateResponse(request, "resources/review/mine.html", {"pages": pages, "statuses": ReviewStatus})


def history_url(page) -> str:
    return reverse("resources_review:detail", args=(page.pk,))
