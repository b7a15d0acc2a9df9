"""同课异构 entries (workshops' 同课异构 activities), read side: what a teacher may choose as
their design, who may hand in, and who sees which entry (the teacher their own, hosts all)."""

from __future__ import annotations

from django.db.models import Q

from resources.models import GeneratedResourcePage, ResourceKind
from showcase.blocks import PHASE_KINDS
from workshops.models.same_lesson import SameLessonEntry
from workshops.models.workshop import ActivityKind, WorkshopActivity
from workshops.permissions import is_host

DESIGN_KINDS = (ResourceKind.TEACHING_DESIGN, ResourceKind.UNIT_CASE)


def design_choices(*, user):
    """The teacher's own works that can be a case's teaching design, newest first."""
    return (
        GeneratedResourcePage.objects.filter(Q(owner=user) | Q(author=user), kind__in=DESIGN_KINDS)
        .order_by("-latest_revision_created_at", "-pk")
        .only("pk", "title", "live")
    )


def may_hand_in(*, activity, user) -> bool:
    """Signed-up teachers and the hosts hand in entries for a 同课异构 activity."""
    if activity.kind != ActivityKind.SAME_LESSON or not getattr(user, "is_authenticated", False):
        return False
    if is_host(workshop=activity.workshop, user=user):
        return True
    return activity.signups.filter(user=user).exists()


def entries_visible_to(*, activity: WorkshopActivity, user) -> list[SameLessonEntry]:
    """Hosts see every entry of the activity, a teacher their own, anyone else none."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = SameLessonEntry.objects.filter(activity=activity).select_related(
        "teacher__profile", "teaching_design", "recording"
    )
    if not is_host(workshop=activity.workshop, user=user):
        entries = entries.filter(teacher=user)
    return list(entries)


def entry_visible_to(*, workshop, entry_id: int, user) -> SameLessonEntry | None:
    """One entry for its teacher or the hosts of its workshop; None for anyone else."""
    entry = (
        SameLessonEntry.objects.select_related("activity", "teacher__profile", "teaching_design", "recording")
        .filter(pk=entry_id, activity__workshop=workshop)
        .first()
    )
    if entry is None or not getattr(user, "is_authenticated", False):
        return None
    if entry.teacher_id == user.pk or is_host(workshop=workshop, user=user):
        return entry
    return None


PHASE_LABELS = dict(PHASE_KINDS)


def phase_rows(entry: SameLessonEntry) -> list[dict]:
    """The entry's 教学环节 for display: type label, name, minutes and where it starts."""
    rows, start = [], 0
    for phase in entry.time_allocation:
        minutes = int(phase.get("minutes") or 0)
        kind_label = PHASE_LABELS.get(phase.get("kind"), "")
        rows.append({"kind": kind_label, "label": phase.get("label") or kind_label, "minutes": minutes, "start": start})
        start += minutes
    return rows


def same_lesson_overview(*, activity: WorkshopActivity, user) -> dict:
    """What the activity page shows of a 同课异构 activity to ``user``: the entries they may see
    (with their phases), whether they may hand in one, their own entry, and the case made."""
    entries = entries_visible_to(activity=activity, user=user)
    for entry in entries:
        entry.phases = phase_rows(entry)
    mine = next((e for e in entries if e.teacher_id == getattr(user, "pk", None)), None)
    return {
        "same_lesson_entries": entries,
        "may_hand_in": may_hand_in(activity=activity, user=user) and not activity.showcase_case_id,
        "my_entry": mine,
        "showcase_case": activity.showcase_case if activity.showcase_case_id else None,
    }
