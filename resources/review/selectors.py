"""Read-only queries of review and recommendation: reviewer queues, histories, what a user may act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from wagtail.models import TaskState

from home.models import Role, School
from home.people import profile_of

from .models import (
    GRANTING_LEVEL,
    LEVEL_LABELS,
    Recommendation,
    RecommendationStatus,
    ReviewDecision,
    ReviewLevel,
    ReviewNotification,
    ScopedReviewTask,
)
from .scope import (
    is_own_work,
    reviewers_for,
    scope_q,
    task_state_ids_reviewable_by,
    user_can_confirm_award,
    user_can_withdraw,
    user_in_scope,
    user_is_reviewer,
)

STEP_LABELS = {
    "school_review": "校内审核",
    "county_review": "县级评审",
    "promote_city": "市级推优",
    "promote_province": "省级推优",
    "nominate": "可推荐至县级",
}


@dataclass
class QueueItem:
    """One work waiting for a decision of the current user (待我处理)."""

    page: object
    step: str
    waiting_since: datetime
    task_state: TaskState | None = None
    recommendation: Recommendation | None = None
    extra: dict = field(default_factory=dict)

    @property
    def step_label(self) -> str:
        return STEP_LABELS[self.step]

    @property
    def days_waiting(self) -> int:
        return max(0, (timezone.now() - self.waiting_since).days)


def review_queue(*, user, subject_id=None, stage_id=None, school_id=None, step: str = "") -> list[QueueItem]:
    """Everything waiting for ``user`` in their scope, oldest first."""
    from resources.models import GeneratedResourcePage

    items: list[QueueItem] = []
    memo: dict = {}
    in_scope = GeneratedResourcePage.objects.filter(scope_q(user)).select_related(
        "school__region", "region", "subject", "stage"
    )

    for task in ScopedReviewTask.objects.filter(active=True):
        ids = task_state_ids_reviewable_by(user=user, task=task)
        for state in TaskState.objects.filter(pk__in=ids).select_related("workflow_state"):
            page = in_scope.filter(pk=int(state.workflow_state.object_id)).first()
            if page is not None:
                items.append(
                    QueueItem(page=page, step="school_review", waiting_since=state.started_at, task_state=state)
                )

    pending = Recommendation.objects.filter(status=RecommendationStatus.PENDING, page__in=in_scope).select_related(
        "page"
    )
    for recommendation in pending:
        page = in_scope.get(pk=recommendation.page_id)
        if _reviews(memo, user=user, page=page, level=ReviewLevel.COUNTY):
            items.append(
                QueueItem(
                    page=page,
                    step="county_review",
                    waiting_since=recommendation.nominated_at,
                    recommendation=recommendation,
                )
            )

    for current, promote_step in ((2, "promote_city"), (3, "promote_province")):
        for page in in_scope.filter(live=True, recommendation_level=current):
            if _reviews(memo, user=user, page=page, level=GRANTING_LEVEL[current + 1]):
                granted = (
                    Recommendation.objects.filter(page=page, level=current, status=RecommendationStatus.ACCEPTED)
                    .order_by("-decided_at")
                    .values_list("decided_at", flat=True)
                    .first()
                )
                items.append(QueueItem(page=page, step=promote_step, waiting_since=granted or page.first_published_at))

    # Works already declined or withdrawn this year are not offered again (they can still be nominated).
    this_year = timezone.localdate().year
    candidates = in_scope.filter(live=True, recommendation_level=0).exclude(
        Q(recommendations__status=RecommendationStatus.PENDING) | Q(recommendations__year=this_year)
    )
    profile = profile_of(user)
    if not (profile and profile.role == Role.SCHOOL_TRAINER):
        # Above the school, a user nominates only by recusal: in schools with at most one trainer.
        thin_schools = (
            School.objects.annotate(
                trainers=Count("profiles", filter=Q(profiles__role=Role.SCHOOL_TRAINER, profiles__user__is_active=True))
            )
            .filter(trainers__lte=1)
            .values("pk")
        )
        candidates = candidates.filter(Q(school_id__in=thin_schools) | Q(school__isnull=True))
    for page in candidates:
        if _reviews(memo, user=user, page=page, level=ReviewLevel.SCHOOL):
            items.append(
                QueueItem(page=page, step="nominate", waiting_since=page.first_published_at or page.created_at)
            )

    def keep(item: QueueItem) -> bool:
        page = item.page
        return (
            (not subject_id or page.subject_id == int(subject_id))
            and (not stage_id or page.stage_id == int(stage_id))
            and (not school_id or page.school_id == int(school_id))
            and (not step or item.step == step)
        )

    return sorted(filter(keep, items), key=lambda item: item.waiting_since)


def _reviews(memo: dict, *, user, page, level: str) -> bool:
    """``user_is_reviewer`` for a page already known to be in the user's scope, remembering the
    reviewers of each (level, school, region, author) so a long queue costs few queries."""
    # Superusers may act anywhere (detail page), but their queue holds only what falls to the site level.
    if is_own_work(user=user, page=page):
        return False
    key = (level, page.school_id, page.region_id, page.author_id, page.owner_id)
    if key not in memo:
        memo[key] = {u.pk for u in reviewers_for(page=page, level=level)[1]}
    return user.pk in memo[key]


def review_history(*, page) -> list[ReviewDecision]:
    return list(ReviewDecision.objects.filter(page=page).select_related("recommendation"))


def user_can_see_history(*, user, page) -> bool:
    """The author and the reviewers of the work's school and regions see its history."""
    return user_in_scope(user=user, page=page)


def available_actions(*, user, page) -> dict:
    """What ``user`` may do to ``page`` now, for the detail view's buttons."""
    actions: dict = {
        "review": [],
        "nominate": False,
        "decide": None,
        "promote": None,
        "withdraw": [],
        "confirm_award": None,
    }
    state = page.current_workflow_task_state if page.workflow_in_progress else None
    if state is not None:
        task = state.task.specific
        if isinstance(task, ScopedReviewTask) and user_is_reviewer(user=user, page=page, level=task.level):
            actions["review"] = [("approve", "通过并发布"), ("reject", "退回修改"), ("refuse", "不予通过")]
            actions["task_state"] = state
    if page.award_suspended_level is not None:
        # Only the granting level's 复核 is open until the new content is confirmed.
        if user_can_confirm_award(user=user, page=page):
            actions["confirm_award"] = LEVEL_LABELS[page.award_suspended_level]
        return actions
    active = list(
        Recommendation.objects.filter(
            page=page, status__in=[RecommendationStatus.PENDING, RecommendationStatus.ACCEPTED]
        ).order_by("-level")
    )
    if page.live and not active and user_is_reviewer(user=user, page=page, level=ReviewLevel.SCHOOL):
        actions["nominate"] = True
    pending = next((r for r in active if r.status == RecommendationStatus.PENDING), None)
    if pending and user_is_reviewer(user=user, page=page, level=ReviewLevel.COUNTY):
        actions["decide"] = pending
    if page.live and page.recommendation_level in (2, 3):
        target = page.recommendation_level + 1
        if user_is_reviewer(user=user, page=page, level=GRANTING_LEVEL[target]):
            actions["promote"] = LEVEL_LABELS[target]
    if active and user_can_withdraw(user=user, recommendation=active[0]):
        actions["withdraw"] = [active[0]]
    return actions


def acting_reviewers(*, page, level: str):
    return reviewers_for(page=page, level=level)


def awarded_revision(page):
    """The revision the highest accepted recommendation judged, or None."""
    top = (
        page.recommendations.filter(status=RecommendationStatus.ACCEPTED, revision__isnull=False)
        .order_by("-level", "-decided_at")
        .select_related("revision")
        .first()
    )
    return top.revision if top is not None else None


def unread_notification_count(*, user) -> int:
    """How many of the user's in-site messages (站内消息) are unread: the header's badge."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return ReviewNotification.objects.filter(recipient=user, read_at__isnull=True).count()


INBOX_PAGE_SIZE = 30


def inbox_page(*, user, number):
    """One page of the user's in-site messages, newest first, and the ids on it still unread.
    The admin's inbox and the portal's 消息 page both read it (and mark those ids read)."""
    from django.core.paginator import Paginator

    notifications = ReviewNotification.objects.filter(recipient=user).select_related("page")
    page_obj = Paginator(notifications, INBOX_PAGE_SIZE).get_page(number)
    return page_obj, [n.pk for n in page_obj if n.read_at is None]
