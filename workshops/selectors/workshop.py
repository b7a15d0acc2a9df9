"""教师工作坊 (workshops), read side: who belongs to a workshop, what its page shows to whom, an
activity and a thread with their details, resource-push progress, and proposals for editors."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from resources.models import GeneratedResourcePage
from workshops.models import pages as page_models  # bound late: the page routes call these selectors
from workshops.models.personal_space import JournalVisibility
from workshops.models.workshop import (
    DiscussionThread,
    MemberRole,
    MemberStatus,
    ProposalStatus,
    ResourcePush,
    WorkshopActivity,
    WorkshopMembership,
    WorkshopProposal,
)
from workshops.permissions import can_view_material, is_host, is_member

from .metrics import target_met, visible_pushes


def workshop_ids_of_user(*, user) -> set[int]:
    """Workshops the user hosts or is an active member of."""
    if not getattr(user, "is_authenticated", False):
        return set()
    ids = set(
        WorkshopMembership.objects.filter(user=user, status=MemberStatus.ACTIVE).values_list("workshop_id", flat=True)
    )
    ids.update(user.hosted_workshops.values_list("pk", flat=True))
    return ids


def workshops_of_user(*, user):
    return (
        page_models.WorkshopPage.objects.live()
        .filter(pk__in=workshop_ids_of_user(user=user))
        .select_related("host", "subject", "stage")
        .order_by("title")
    )


@dataclass
class Member:
    user: object
    role_label: str
    membership: WorkshopMembership | None = None


def workshop_members(*, workshop) -> list[Member]:
    """坊主 first, then 副坊主, then members by joining date."""
    members = []
    if workshop.host_id:
        members.append(Member(user=workshop.host, role_label="坊主"))
    memberships = (
        workshop.memberships.filter(status=MemberStatus.ACTIVE)
        .exclude(user_id=workshop.host_id)
        .select_related("user__profile__school")
        .order_by("-role", "decided_at", "pk")
    )
    for membership in memberships:
        label = "副坊主" if membership.role == MemberRole.CO_HOST else "成员"
        members.append(Member(user=membership.user, role_label=label, membership=membership))
    return members


def workshop_member_ids(*, workshop) -> list[int]:
    return [member.user.pk for member in workshop_members(workshop=workshop)]


@dataclass
class PushProgress:
    count: int
    target: int

    @property
    def percent(self) -> int:
        if not self.target:
            return 100
        return min(100, round(self.count * 100 / self.target))

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.count)

    @property
    def reached(self) -> bool:
        return target_met(amount=self.count, target=self.target)


def push_progress(*, workshop) -> PushProgress:
    """资源推送进度 against the guide's target (≥ 20 a workshop)."""
    return PushProgress(count=visible_pushes(workshop=workshop).count(), target=workshop.push_target)


def push_suggestions(*, workshop, limit: int = 8):
    """Published library resources of the workshop's subject and stage not pushed yet, best first."""
    pushed = ResourcePush.objects.filter(workshop=workshop).values("resource_id")
    queryset = GeneratedResourcePage.objects.visible_to_public().exclude(pk__in=pushed).for_cards()
    if workshop.subject_id:
        queryset = queryset.filter(subject_id=workshop.subject_id)
    if workshop.stage_id:
        queryset = queryset.filter(stage_id=workshop.stage_id)
    return queryset.order_by("-recommendation_level", "-first_published_at")[:limit]


def _threads(workshop):
    return workshop.threads.select_related("author__profile", "shared_from__workshop").annotate(
        reply_count=Count("replies")
    )[:30]


def _other_workshops(*, workshop, user) -> list:
    return [w for w in workshops_of_user(user=user) if w.pk != workshop.pk]


def workshop_overview(*, workshop, user) -> dict:
    """What the workshop page shows ``user``: the public face to everyone, the material (plans,
    activities, threads, pushes, files, members, shared journals) only to those who may see it,
    and the pending requests and push suggestions to hosts."""
    member = is_member(workshop=workshop, user=user)
    host = is_host(workshop=workshop, user=user)
    members = workshop_members(workshop=workshop)
    context = {
        "is_member": member,
        "is_host": host,
        "can_view": can_view_material(workshop=workshop, user=user),
        "membership": WorkshopMembership.objects.filter(workshop=workshop, user=user).first()
        if user.is_authenticated
        else None,
        "push_progress": push_progress(workshop=workshop),
        "member_count": len(members),
        "related": [w for w in workshop.related_workshops.live().specific() if w.pk != workshop.pk],
    }
    if context["can_view"]:
        context.update(
            plan=workshop.plans.prefetch_related("phases").first(),
            activities=workshop.activities.all()[:20],
            threads=_threads(workshop),
            pushes=visible_pushes(workshop=workshop).select_related("resource", "pushed_by__profile", "shared_from")[
                :50
            ],
            files=workshop.files.select_related("document")[:50],
            members=members,
            journals=workshop.journal_entries.filter(visibility=JournalVisibility.SHARED).select_related(
                "author__profile"
            )[:10],
        )
    if member:
        context["my_other_workshops"] = _other_workshops(workshop=workshop, user=user)
        context["signed_up_ids"] = set(workshop.activities.filter(signups__user=user).values_list("pk", flat=True))
    if host:
        context.update(
            pending=workshop.memberships.filter(status=MemberStatus.PENDING).select_related("user__profile__school"),
            push_suggestions=push_suggestions(workshop=workshop),
        )
    return context


def activity_detail(*, workshop, activity_id: int, user) -> dict | None:
    """An activity with its sign-ups; for hosts also the attendance sheet of all members. None
    when the workshop has no such activity."""
    activity = WorkshopActivity.objects.filter(pk=activity_id, workshop=workshop).first()
    if activity is None:
        return None
    host = is_host(workshop=workshop, user=user)
    signups = activity.signups.select_related("user__profile")
    context = {
        "activity": activity,
        "is_host": host,
        "is_member": is_member(workshop=workshop, user=user),
        "signups": signups,
        "signed_up": user.is_authenticated and signups.filter(user=user).exists(),
        "now": timezone.now(),
    }
    if host:
        attended = set(signups.filter(attended=True).values_list("user_id", flat=True))
        context["attendance"] = [(m, m.user.pk in attended) for m in workshop_members(workshop=workshop)]
    return context


def thread_detail(*, workshop, thread_id: int, user) -> dict | None:
    """A thread with its replies; where it was shared from is named only to those who may see that
    workshop. None when the workshop has no such thread."""
    thread = (
        DiscussionThread.objects.select_related("author__profile", "shared_from__workshop")
        .filter(pk=thread_id, workshop=workshop)
        .first()
    )
    if thread is None:
        return None
    member = is_member(workshop=workshop, user=user)
    shared_from = thread.shared_from
    return {
        "thread": thread,
        "replies": thread.replies.select_related("author__profile"),
        "is_member": member,
        "shared_from_visible": bool(
            shared_from and can_view_material(workshop=shared_from.workshop.specific, user=user)
        ),
        "my_other_workshops": _other_workshops(workshop=workshop, user=user) if member else [],
    }


def upcoming_activities(*, workshop_ids, limit: int = 10):
    return (
        WorkshopActivity.objects.filter(workshop_id__in=workshop_ids, starts_at__gte=timezone.now())
        .select_related("workshop")
        .order_by("starts_at")[:limit]
    )


def proposals_for_editors() -> dict:
    """工作坊创建申请: pending proposals, and the last decided ones."""
    return {
        "pending": WorkshopProposal.objects.filter(status=ProposalStatus.PENDING).select_related(
            "proposer__profile__school", "subject", "stage"
        ),
        "decided": WorkshopProposal.objects.exclude(status=ProposalStatus.PENDING).select_related(
            "proposer", "workshop"
        )[:20],
    }
