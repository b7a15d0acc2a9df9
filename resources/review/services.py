"""Business rules of review and recommendation (审核与推优).

Every function that changes the state of a work checks who may do it (scope, recusal),
records a :class:`ReviewDecision` and notifies the people concerned. Views, Wagtail task
actions, signal handlers and the demo loader call these; none holds a rule of its own.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.models import TaskState, WorkflowState

from home.models import Region
from home.people import display_name, profile_of
from home.signals import resources_changed
from home.tasks_queue import enqueue_on_commit

from .models import (
    GRANTING_LEVEL,
    LEVEL_LABELS,
    Decision,
    Recommendation,
    RecommendationLevel,
    RecommendationQuota,
    RecommendationStatus,
    ReviewDecision,
    ReviewLevel,
    ReviewNotification,
    ReviewStatus,
    ScopedReviewTask,
)
from .permissions import approving
from .scope import (
    page_county,
    region_at_level,
    reviewers_for,
    user_can_confirm_award,
    user_can_withdraw,
    user_is_reviewer,
    withdraw_level,
)
from .selectors import awarded_revision


class ReviewError(Exception):
    """A review action that is not allowed; the message is shown to the user as it is."""


# --- helpers ------------------------------------------------------------------------
def _acting_level(*, user, page, level: str) -> str:
    actual, users = reviewers_for(page=page, level=level)
    if any(u.pk == user.pk for u in users):
        return actual
    return ReviewLevel.SITE


def _require_comment(comment: str, message: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ReviewError(message)
    return comment


def _set_page_fields(page, **fields) -> None:
    from resources.models import GeneratedResourcePage

    GeneratedResourcePage.objects.filter(pk=page.pk).update(**fields)
    for name, value in fields.items():
        setattr(page, name, value)
    if "recommendation_level" in fields:
        # Written with update(), which sends no model signal: search documents, badges, level
        # filters and county libraries in cached pages follow through the domain signal.
        resources_changed.send(sender=GeneratedResourcePage, page_ids=[page.pk])


# --- notifications ------------------------------------------------------------------
def notification_create(*, recipients, page, subject: str, body: str = "", decision=None) -> list[ReviewNotification]:
    """A review message (a decision on a work, a new item in a queue) to each recipient."""
    return notify(recipients=recipients, subject=subject, body=body, page=page, decision=decision)


def notify(
    *, recipients, subject: str, body: str = "", link: str = "", category: str = "review", page=None, decision=None
) -> list[ReviewNotification]:
    """Put a message in each active recipient's inbox (站内消息, the portal's 消息 page) and,
    for those who keep e-mail notifications on, e-mail it once the transaction commits.
    Every app tells people things through this one function: review decisions, workshop
    events, course events and credit changes (``category``); ``link`` is where it leads."""
    from resources.tasks import review_notification_send

    created = []
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notification = ReviewNotification.objects.create(
            recipient=user,
            page=page,
            decision=decision,
            category=category,
            subject=subject[:200],
            body=body,
            link=link[:300],
        )
        profile = profile_of(user)
        if profile is None or profile.email_notifications:
            enqueue_on_commit(review_notification_send, notification_id=notification.pk)
        created.append(notification)
    return created


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    unread = ReviewNotification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def _author_of(page):
    return page.author or page.owner


def decision_record(
    *,
    page,
    actor,
    level: str,
    decision: str,
    comment: str = "",
    recommendation=None,
    notify=(),
    notify_subject="",
    revision=None,
) -> ReviewDecision:
    """Write one line of a work's history and tell the author (and ``notify``) about it.

    The line names the revision it judged: ``revision``, else the work's live revision."""
    if revision is None:
        revision_id = type(page).objects.filter(pk=page.pk).values_list("live_revision_id", flat=True).first()
    else:
        revision_id = revision.pk
    record = ReviewDecision.objects.create(
        page=page,
        revision_id=revision_id,
        actor=actor,
        actor_name=display_name(actor) if actor is not None else "系统",
        level=level,
        decision=decision,
        comment=comment,
        recommendation=recommendation,
    )
    label = Decision(decision).label
    author = _author_of(page)
    if decision != Decision.SUBMITTED and author is not None and (actor is None or author.pk != actor.pk):
        body = f"{record.actor_name}（{ReviewLevel(level).label}）：{label}。" + (
            f"\n意见：{comment}" if comment else ""
        )
        notification_create(
            recipients=[author], page=page, decision=record, subject=f"您的作品《{page.title}》：{label}", body=body
        )
    if notify:
        notification_create(
            recipients=notify,
            page=page,
            decision=record,
            subject=notify_subject or f"待处理：《{page.title}》",
            body=f"{record.actor_name}：{label}。请在“审核推优 › 待我处理”中处理。",
        )
    return record


# --- school review (Wagtail workflow) -------------------------------------------------
def resource_review_submitted(*, task_state_id: int, user=None) -> None:
    """A work entered (or re-entered) school review: record it and tell the reviewers."""
    task_state = TaskState.objects.select_related("workflow_state", "task").get(pk=task_state_id)
    task = task_state.task.specific
    page = task_state.workflow_state.content_object.specific
    if not isinstance(task, ScopedReviewTask) or not hasattr(page, "review_status"):
        return
    _set_page_fields(page, review_status=ReviewStatus.IN_REVIEW)
    level, reviewers = reviewers_for(page=page, level=task.level)
    actor = user or task_state.workflow_state.requested_by
    decision_record(
        page=page,
        actor=actor,
        level=ReviewLevel.SCHOOL,
        decision=Decision.SUBMITTED,
        comment="" if level == task.level else f"作者回避，转由{ReviewLevel(level).label}审核。",
        notify=reviewers,
        notify_subject=f"新的待审作品：《{page.title}》",
    )


def resource_review_cancelled(*, workflow_state_id: int, user=None) -> None:
    """The author withdrew a submission (Wagtail's cancel); a refused work stays rejected."""
    state = WorkflowState.objects.get(pk=workflow_state_id)
    page = state.content_object.specific
    if not hasattr(page, "review_status") or page.review_status == ReviewStatus.REJECTED:
        return
    _set_page_fields(page, review_status=ReviewStatus.APPROVED if page.live else ReviewStatus.DRAFT)
    decision_record(page=page, actor=user, level=ReviewLevel.SCHOOL, decision=Decision.CANCELLED)


@transaction.atomic
def resource_review_decide(*, task_state, user, action: str, comment: str = "") -> ReviewDecision:
    """Approve (publish), request changes (退回修改) or reject (不予通过) a work in school review."""
    task_state = task_state.specific
    task = task_state.task.specific
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object.specific
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise ReviewError("该作品已不在审核中。")
    if not user_is_reviewer(user=user, page=page, level=task.level):
        raise ReviewError("您不是这件作品的审核人（不在您的范围内，或需要回避）。")
    level = _acting_level(user=user, page=page, level=task.level)
    comment = (comment or "").strip()
    if action == "approve":
        with approving(user=user, page_id=page.pk):
            task_state.approve(user=user, comment=comment)
        workflow_state.refresh_from_db()
        page.refresh_from_db()
        if workflow_state.status == WorkflowState.STATUS_APPROVED:
            _set_page_fields(page, review_status=ReviewStatus.APPROVED)
        return decision_record(page=page, actor=user, level=level, decision=Decision.APPROVED, comment=comment)
    if action == "reject":
        comment = _require_comment(comment, "退回修改时必须填写意见。")
        task_state.reject(user=user, comment=comment)
        _set_page_fields(page, review_status=ReviewStatus.CHANGES_REQUESTED)
        return decision_record(page=page, actor=user, level=level, decision=Decision.CHANGES_REQUESTED, comment=comment)
    if action == "refuse":
        comment = _require_comment(comment, "不予通过时必须填写理由。")
        _set_page_fields(page, review_status=ReviewStatus.REJECTED)
        task_state.reject(user=user, comment=comment)
        workflow_state.refresh_from_db()
        workflow_state.cancel(user=user)
        return decision_record(page=page, actor=user, level=level, decision=Decision.REJECTED, comment=comment)
    raise ReviewError("未知的审核操作。")


# --- recommendation (推优) --------------------------------------------------------------
def _quota_unit(*, level: int, page) -> tuple[str, Region | None, Q]:
    """The unit a quota counts (school for 县级, county for 市级, city for 省级) and a Q on Recommendation."""
    if level == 2:
        school = page.school
        return (
            (f"学校“{school.name}”" if school else "本校"),
            (school.region if school else None),
            Q(school_id=page.school_id),
        )
    unit_level = ReviewLevel.COUNTY if level == 3 else ReviewLevel.CITY
    unit = region_at_level(page, unit_level)
    if unit is None:
        return "本区域", None, Q(pk__in=[])
    return f"“{unit.path}”", unit, Region.path_q(unit.path, "school__region__path")


def quota_check(*, level: int, page, year: int) -> None:
    """Refuse a recommendation beyond the configured quota of its unit for the year."""
    label, unit_region, unit_q = _quota_unit(level=level, page=page)
    quotas = list(RecommendationQuota.objects.filter(level=level, year=year).select_related("region"))
    applicable = [
        q
        for q in quotas
        if q.region_id is None
        or (
            unit_region is not None
            and (unit_region.path == q.region.path or unit_region.path.startswith(q.region.path + "/"))
        )
    ]
    if not applicable:
        return
    quota = max(applicable, key=lambda q: len(q.region.path) if q.region_id else -1)
    used = (
        Recommendation.objects.filter(level=level, year=year)
        .exclude(status=RecommendationStatus.WITHDRAWN)
        .filter(unit_q)
        .count()
    )
    if used >= quota.limit:
        raise ReviewError(
            f"{year} 年{label}的{LEVEL_LABELS[level]}推荐名额已用完：每年最多 {quota.limit} 项，已推荐 {used} 项。"
            "如需调整，请联系编辑修改“推优名额”。"
        )


def _active_recommendations(page):
    return Recommendation.objects.filter(
        page=page, status__in=[RecommendationStatus.PENDING, RecommendationStatus.ACCEPTED]
    )


@transaction.atomic
def recommendation_nominate(*, page, user, reason: str = "") -> Recommendation:
    """推荐至县级: a school trainer nominates a published work of their school to the county library."""
    page = type(page).objects.select_for_update().get(pk=page.pk)
    # Live means approved: works are only published through school review (or imported as published).
    _refuse_while_award_suspended(page)
    if not page.live:
        raise ReviewError("只有校内审核通过并已发布的作品才能推荐。")
    if not user_is_reviewer(user=user, page=page, level=ReviewLevel.SCHOOL):
        raise ReviewError("只有作品所在学校的培训者可以推荐（作者本人需回避）。")
    if _active_recommendations(page).exists():
        raise ReviewError("这件作品已在推优流程中。")
    year = timezone.localdate().year
    quota_check(level=2, page=page, year=year)
    recommendation = Recommendation.objects.create(
        page=page,
        level=2,
        status=RecommendationStatus.PENDING,
        year=year,
        school=page.school,
        region=region_at_level(page, ReviewLevel.COUNTY),
        nominated_by=user,
        reason=(reason or "").strip(),
        revision_id=page.live_revision_id,
    )
    _set_page_fields(page, recommendation_level=1)
    _, county_reviewers = reviewers_for(page=page, level=ReviewLevel.COUNTY)
    decision_record(
        page=page,
        actor=user,
        level=_acting_level(user=user, page=page, level=ReviewLevel.SCHOOL),
        decision=Decision.NOMINATED,
        comment=recommendation.reason,
        recommendation=recommendation,
        notify=county_reviewers,
        notify_subject=f"新的县级推优申请：《{page.title}》",
    )
    return recommendation


@transaction.atomic
def recommendation_decide(*, recommendation, user, accept: bool, comment: str = "") -> Recommendation:
    """县级评审: accept a nomination as 县级优秀, or decline it with a comment."""
    recommendation = Recommendation.objects.select_for_update().select_related("page").get(pk=recommendation.pk)
    page = recommendation.page
    _refuse_while_award_suspended(page)
    if recommendation.status != RecommendationStatus.PENDING:
        raise ReviewError("该推荐已处理。")
    if not user_is_reviewer(user=user, page=page, level=ReviewLevel.COUNTY):
        raise ReviewError("只有作品所在区县的培训者可以评审（作者本人需回避）。")
    comment = (comment or "").strip()
    if not accept:
        comment = _require_comment(comment, "不予推优时必须填写意见。")
    recommendation.status = RecommendationStatus.ACCEPTED if accept else RecommendationStatus.DECLINED
    recommendation.decided_by = user
    recommendation.decided_at = timezone.now()
    recommendation.decision_comment = comment
    recommendation.revision_id = page.live_revision_id
    recommendation.save()
    _set_page_fields(page, recommendation_level=2 if accept else 0)
    record = decision_record(
        page=page,
        actor=user,
        level=_acting_level(user=user, page=page, level=ReviewLevel.COUNTY),
        decision=Decision.ACCEPTED if accept else Decision.DECLINED,
        comment=comment,
        recommendation=recommendation,
        notify=[recommendation.nominated_by] if recommendation.nominated_by else (),
        notify_subject=f"推荐结果：《{page.title}》{'评为县级优秀' if accept else '未获县级推优'}",
    )
    if accept:
        _notify_next_level(page=page, target=3, decision=record)
    return recommendation


def _notify_next_level(*, page, target: int, decision) -> None:
    """Tell the reviewers of the next level that a work entered their promotion queue."""
    _, reviewers = reviewers_for(page=page, level=GRANTING_LEVEL[target])
    notification_create(
        recipients=reviewers,
        page=page,
        decision=decision,
        subject=f"可评为{LEVEL_LABELS[target]}：《{page.title}》",
        body=f"《{page.title}》已评为{LEVEL_LABELS[target - 1]}，可在“审核推优 › 待我处理”中评为{LEVEL_LABELS[target]}。",
    )


@transaction.atomic
def recommendation_promote(*, page, user, comment: str = "") -> Recommendation:
    """晋级推优: the city promotes a 县级优秀 work to 市级优秀, the province a 市级优秀 work to 省级优秀."""
    page = type(page).objects.select_for_update().get(pk=page.pk)
    _refuse_while_award_suspended(page)
    target = page.recommendation_level + 1
    if page.recommendation_level not in (2, 3) or not page.live:
        raise ReviewError("只有县级优秀或市级优秀的作品可以晋级。")
    level = GRANTING_LEVEL[target]
    if not user_is_reviewer(user=user, page=page, level=level):
        raise ReviewError(
            f"只有作品所在{ReviewLevel(level).label}区域的编辑可以评为{LEVEL_LABELS[target]}（作者本人需回避）。"
        )
    year = timezone.localdate().year
    quota_check(level=target, page=page, year=year)
    now = timezone.now()
    recommendation = Recommendation.objects.create(
        page=page,
        level=target,
        status=RecommendationStatus.ACCEPTED,
        year=year,
        school=page.school,
        region=region_at_level(page, level),
        nominated_by=user,
        nominated_at=now,
        decided_by=user,
        decided_at=now,
        reason=(comment or "").strip(),
        decision_comment=(comment or "").strip(),
        revision_id=page.live_revision_id,
    )
    _set_page_fields(page, recommendation_level=target)
    record = decision_record(
        page=page,
        actor=user,
        level=_acting_level(user=user, page=page, level=level),
        decision=Decision.PROMOTED,
        comment=f"评为{LEVEL_LABELS[target]}。" + (f" {comment.strip()}" if comment and comment.strip() else ""),
        recommendation=recommendation,
    )
    if target < 4:
        _notify_next_level(page=page, target=target + 1, decision=record)
    return recommendation


@transaction.atomic
def recommendation_withdraw(*, recommendation, user, reason: str) -> Recommendation:
    """撤销推优: the granting authority withdraws the top step, with a reason; the work stays published."""
    recommendation = Recommendation.objects.select_for_update().select_related("page").get(pk=recommendation.pk)
    page = recommendation.page
    _refuse_while_award_suspended(page)
    if recommendation.status not in (RecommendationStatus.PENDING, RecommendationStatus.ACCEPTED):
        raise ReviewError("该推优已结束，无法撤销。")
    if _active_recommendations(page).filter(level__gt=recommendation.level).exists():
        raise ReviewError("请先撤销更高级别的推优。")
    if not user_can_withdraw(user=user, recommendation=recommendation):
        raise ReviewError("只有作出该推荐或认定的一方可以撤销。")
    reason = _require_comment(reason, "撤销推优时必须填写理由。")
    was_pending = recommendation.status == RecommendationStatus.PENDING
    recommendation.status = RecommendationStatus.WITHDRAWN
    recommendation.withdrawn_by = user
    recommendation.withdrawn_at = timezone.now()
    recommendation.withdraw_reason = reason
    recommendation.save()
    new_level = 0 if recommendation.level == 2 else recommendation.level - 1
    _set_page_fields(page, recommendation_level=new_level)
    decision_record(
        page=page,
        actor=user,
        level=_acting_level(
            user=user, page=page, level=withdraw_level(recommendation) if not was_pending else ReviewLevel.SCHOOL
        ),
        decision=Decision.WITHDRAWN,
        comment=f"撤销{'县级推荐' if was_pending else LEVEL_LABELS[recommendation.level]}：{reason}",
        recommendation=recommendation,
    )
    return recommendation


def resource_ensure_defaults(*, page, user) -> None:
    """A work created by a teacher is theirs and belongs to their school (set before the first save)."""
    from home.people import profile_of

    profile = profile_of(user)
    if profile is None:
        return
    if page.author_id is None:
        page.author = user
    if profile.role == "teacher" or page.school_id is None:
        page.school = profile.school or page.school
    county = page_county(page)
    if county is not None and page.region_id is None:
        page.region = county
    if not page.author_name:
        page.author_name = display_name(user)


# --- awarded revisions (获奖版本) -------------------------------------------------------
# A recommendation names the revision it judged. When a later revision of a 县级优秀 (or
# higher) work is published with different content, the public badge is suspended (the page's
# level drops to 0, the level is kept in award_suspended_level) and the reviewers of the level
# that granted it are told; one of them confirms the new content, or the author publishes the
# awarded revision again, and the badge returns.

# What the award judged: the work itself. The summary (a description shown in listings) and
# tags may be edited without a new judgement; a new title, body, attachment set or subject is
# a different work.
AWARD_FIELDS = ("title", "body", "kind", "subject", "stage", "grade", "attachments")


def _refuse_while_award_suspended(page) -> None:
    if page.award_suspended_level is not None:
        raise ReviewError("作品修改后的推优尚待认定层级复核，请先确认后再进行其他推优操作。")


def _without_block_ids(value):
    """StreamField data as comparable content: parsed (PostgreSQL's jsonb and SQLite order keys
    differently in the stored string) and without the block ids, which say nothing about content."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_block_ids(item) for key, item in value.items() if key != "id"}
    return value


def _award_content(revision) -> dict:
    content = revision.content if revision is not None else {}
    attachments = content.get("attachments") or []
    return {
        **{name: content.get(name) for name in AWARD_FIELDS if name not in ("attachments", "body")},
        "body": _without_block_ids(content.get("body")),
        "attachments": sorted(item.get("document") for item in attachments if isinstance(item, dict)),
    }


@transaction.atomic
def award_follow_publication(*, page_id: int, revision_id: int | None) -> str | None:
    """After a work is published: suspend its badge if the content left the awarded revision,
    restore it if the author published the awarded content again. Returns what happened."""
    from resources.models import GeneratedResourcePage

    page = GeneratedResourcePage.objects.select_for_update().filter(pk=page_id).first()
    if page is None or revision_id is None:
        return None
    held = page.award_suspended_level or page.recommendation_level
    if held < RecommendationLevel.COUNTY:
        return None
    awarded = awarded_revision(page)
    if awarded is None:
        return None
    published = page.revisions.filter(pk=revision_id).first()
    same = awarded.pk == revision_id or _award_content(published) == _award_content(awarded)
    if page.award_suspended_level is None and not same:
        GeneratedResourcePage.objects.filter(pk=page.pk).update(award_suspended_level=held)
        page.award_suspended_level = held
        _set_page_fields(page, recommendation_level=RecommendationLevel.NONE)
        level = GRANTING_LEVEL[held]
        _, reviewers = reviewers_for(page=page, level=level)
        decision_record(
            page=page,
            actor=None,
            level=level,
            decision=Decision.AWARD_SUSPENDED,
            comment=f"{LEVEL_LABELS[held]}认定的是第 {awarded.pk} 号版本；新发布的第 {revision_id} 号版本内容已改动，徽章暂停公开，待复核。",
            notify=reviewers,
            notify_subject=f"获奖作品内容已修改，请复核：《{page.title}》",
            revision=published,
        )
        return "suspended"
    if page.award_suspended_level is not None and same:
        GeneratedResourcePage.objects.filter(pk=page.pk).update(award_suspended_level=None)
        page.award_suspended_level = None
        _set_page_fields(page, recommendation_level=held)
        decision_record(
            page=page,
            actor=None,
            level=GRANTING_LEVEL[held],
            decision=Decision.AWARD_CONFIRMED,
            comment=f"作者重新发布了获奖版本（第 {awarded.pk} 号），恢复{LEVEL_LABELS[held]}。",
            revision=published,
        )
        return "restored"
    return None


@transaction.atomic
def award_confirm(*, page, user, comment: str = "") -> ReviewDecision:
    """复核确认: a reviewer of the granting level keeps the award for the new content."""
    page = type(page).objects.select_for_update().get(pk=page.pk)
    held = page.award_suspended_level
    if held is None:
        raise ReviewError("这件作品没有待复核的推优。")
    if not user_can_confirm_award(user=user, page=page):
        raise ReviewError(f"只有作品所在区域认定{LEVEL_LABELS[held]}的审核人可以复核（作者本人需回避）。")
    page.recommendations.filter(status=RecommendationStatus.ACCEPTED).update(revision_id=page.live_revision_id)
    type(page).objects.filter(pk=page.pk).update(award_suspended_level=None)
    page.award_suspended_level = None
    _set_page_fields(page, recommendation_level=held)
    return decision_record(
        page=page,
        actor=user,
        level=_acting_level(user=user, page=page, level=GRANTING_LEVEL[held]),
        decision=Decision.AWARD_CONFIRMED,
        comment=(comment or "").strip() or f"复核修改后的内容，保留{LEVEL_LABELS[held]}。",
    )
