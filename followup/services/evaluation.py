"""参训评价: anonymous evaluation of courses, workshop activities and training projects.

Only participants evaluate, once each: enrolled in the course, signed up for an activity that has
begun, member of the project. Submitting writes a receipt (who) and an answer (what) in one
transaction; the answer carries no user and no time, and the target's answers are rewritten in a
fresh random order with fresh random keys, so storage order and keys say nothing about who
answered when (README.md, "Anonymity").
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from training.models import CoursePage, Enrolment
from workshops.models import ActivitySignup, WorkshopActivity

from ..models import (
    EFFECTIVENESS_LABELS,
    SATISFACTION_LABELS,
    EvaluationAnswer,
    EvaluationBox,
    EvaluationReceipt,
    TargetKind,
    TrainingProject,
)
from . import FollowupError

_shuffle = random.SystemRandom().shuffle


@dataclass(frozen=True)
class Target:
    kind: str
    id: int
    title: str
    context: str  # where it belongs: the workshop of an activity, the year of a project

    @property
    def kind_label(self) -> str:
        return TargetKind(self.kind).label


def target_of(*, kind: str, target_id: int) -> Target | None:
    """The evaluated thing, or None when there is no such (live) course, activity or project."""
    if kind == TargetKind.COURSE:
        course = CoursePage.objects.live().filter(pk=target_id).first()
        return course and Target(kind, course.pk, course.title, "课程")
    if kind == TargetKind.ACTIVITY:
        activity = WorkshopActivity.objects.select_related("workshop").filter(pk=target_id).first()
        return activity and Target(kind, activity.pk, activity.title, activity.workshop.title)
    if kind == TargetKind.PROJECT:
        project = TrainingProject.objects.filter(pk=target_id).first()
        return project and Target(kind, project.pk, project.name, f"{project.year} 年 · {project.organiser}")
    return None


def is_participant(*, user, target: Target) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if target.kind == TargetKind.COURSE:
        return Enrolment.objects.filter(course_id=target.id, teacher=user).exists()
    if target.kind == TargetKind.ACTIVITY:
        return ActivitySignup.objects.filter(
            activity_id=target.id, user=user, activity__starts_at__lte=timezone.now()
        ).exists()
    return TrainingProject.objects.filter(pk=target.id, participants=user).exists()


def has_evaluated(*, user, target: Target) -> bool:
    return EvaluationReceipt.objects.filter(user=user, box__kind=target.kind, box__target_id=target.id).exists()


def pending_targets(*, user) -> list[Target]:
    """待评价: what ``user`` took part in and has not evaluated yet (projects first)."""
    if not getattr(user, "is_authenticated", False):
        return []
    done = set(EvaluationReceipt.objects.filter(user=user).values_list("box__kind", "box__target_id"))
    targets = [
        Target(TargetKind.PROJECT, p.pk, p.name, f"{p.year} 年 · {p.organiser}")
        for p in TrainingProject.objects.filter(participants=user)
    ]
    courses = CoursePage.objects.live().filter(enrolments__teacher=user).order_by("title")
    targets += [Target(TargetKind.COURSE, c.pk, c.title, "课程") for c in courses]
    activities = (
        WorkshopActivity.objects.filter(signups__user=user, starts_at__lte=timezone.now())
        .select_related("workshop")
        .order_by("-starts_at")
    )
    targets += [Target(TargetKind.ACTIVITY, a.pk, a.title, a.workshop.title) for a in activities]
    return [t for t in targets if (t.kind, t.id) not in done]


def _score(value, labels: dict, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number not in labels:
        raise FollowupError(f"请选择{name}（1–5）。")
    return number


def evaluation_submit(*, user, kind: str, target_id: int, satisfaction, effectiveness, comment: str = "") -> None:
    """Record ``user``'s anonymous evaluation of a target (see the module's docstring)."""
    target = target_of(kind=kind, target_id=target_id)
    if target is None:
        raise FollowupError("没有找到要评价的课程、活动或项目。")
    if not is_participant(user=user, target=target):
        raise FollowupError("只有参训者可以评价：请先选课、报名参加活动或加入项目。")
    satisfaction = _score(satisfaction, SATISFACTION_LABELS, "满意度")
    effectiveness = _score(effectiveness, EFFECTIVENESS_LABELS, "有效性")
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise FollowupError("意见与建议最多 1000 字。")
    with transaction.atomic():
        box, _ = EvaluationBox.objects.get_or_create(kind=target.kind, target_id=target.id)
        # One writer per box at a time: the rewrite below reads and replaces all its answers.
        box = EvaluationBox.objects.select_for_update().get(pk=box.pk)
        if EvaluationReceipt.objects.filter(box=box, user=user).exists():
            raise FollowupError("你已经评价过了，每项只能评价一次。")
        EvaluationReceipt.objects.create(box=box, user=user)
        rows = [
            (a.satisfaction, a.effectiveness, a.comment) for a in EvaluationAnswer.objects.filter(box=box).order_by()
        ]
        rows.append((satisfaction, effectiveness, comment))
        _shuffle(rows)
        EvaluationAnswer.objects.filter(box=box).delete()
        EvaluationAnswer.objects.bulk_create(
            EvaluationAnswer(id=uuid.uuid4(), box=box, satisfaction=s, effectiveness=e, comment=c) for s, e, c in rows
        )
