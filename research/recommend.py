"""Recommendations (精准推送) for one teacher, on their space and on resource pages.

Candidates come from ``research.catalogue`` (public items only); the scoring is
``research.ranking``. Behaviour read: the teacher's and their peers' course enrolments
(training ``Enrolment``), watched micro-lectures (``ItemProgress``) and workshop memberships;
resource views are only counted per resource (``view_count``), so they enter as popularity.
Peers are teachers of the same stage (学段) and subject (学科). A bounded number of queries
(about 20) whatever the size of the site.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from home.models import Role, TeacherProfile
from home.people import profile_of
from resources.models import GeneratedResourcePage
from training.models import Enrolment, ItemProgress
from workshops.models import MemberStatus, WorkshopMembership

from .baseline import GAP_FLOOR, GAP_MARGIN, portrait
from .catalogue import Item, catalogue
from .ranking import Candidate, Learner, rank

PEERS_OFTEN_REASON = "同学段同学科教师常看"


@dataclass
class Recommendation:
    item: Item
    reason: str


def _peer_ids(profile, user):
    subject = profile.subjects.order_by("sort_order", "pk").first()
    peers = TeacherProfile.objects.filter(role=Role.TEACHER).exclude(user_id=user.pk)
    if profile.stage_id:
        peers = peers.filter(stage_id=profile.stage_id)
    if subject is not None:
        peers = peers.filter(subjects=subject)
    return peers.values("user_id"), subject


def behaviour_counts(user_ids) -> dict[str, int]:
    """How many of ``user_ids`` (a queryset of ids) used each item: three queries."""
    counts: dict[str, int] = {}
    for row in Enrolment.objects.filter(teacher_id__in=user_ids).values("course_id").annotate(n=Count("teacher_id")):
        counts[f"course:{row['course_id']}"] = row["n"]
    watched = (
        ItemProgress.objects.filter(enrolment__teacher_id__in=user_ids)
        .values("page_id")
        .annotate(n=Count("enrolment__teacher_id", distinct=True))
    )
    for row in watched:
        counts[f"lecture:{row['page_id']}"] = row["n"]
    joined = (
        WorkshopMembership.objects.filter(user_id__in=user_ids, status=MemberStatus.ACTIVE)
        .values("workshop_id")
        .annotate(n=Count("user_id"))
    )
    for row in joined:
        counts[f"workshop:{row['workshop_id']}"] = row["n"]
    return counts


def consumed_by(user) -> set[str]:
    """What the teacher already used or made: four queries."""
    keys = {f"course:{pk}" for pk in Enrolment.objects.filter(teacher=user).values_list("course_id", flat=True)}
    keys |= {
        f"lecture:{pk}" for pk in ItemProgress.objects.filter(enrolment__teacher=user).values_list("page_id", flat=True)
    }
    keys |= {
        f"workshop:{pk}" for pk in WorkshopMembership.objects.filter(user=user).values_list("workshop_id", flat=True)
    }
    keys |= {f"resource:{pk}" for pk in GeneratedResourcePage.objects.filter(author=user).values_list("pk", flat=True)}
    return keys


def recommendations(user, *, limit: int = 8, exclude_page_id: int | None = None) -> list[Recommendation]:
    """The teacher's recommendations with their one-line reasons; [] for anyone without a profile."""
    profile = profile_of(user)
    if profile is None:
        return []
    mine = portrait(user)
    gaps = {}
    group_weak = {}  # dimension id -> dimension, for the group's weak points the teacher has no score on
    if mine is not None:
        for gap in mine.gaps:
            gaps[gap.dimension.pk] = (gap.group if gap.group is not None else GAP_FLOOR) - gap.own
        group_weak = _group_weak_points(mine, gaps)
    peers, subject = _peer_ids(profile, user)
    items = catalogue(stage_id=profile.stage_id, subject_id=subject.pk if subject else None, dimension_ids=gaps)
    by_key = {item.key: item for item in items}
    candidates = [
        Candidate(
            key=item.key,
            stage_id=item.stage_id,
            subject_id=item.subject_id,
            dimensions=item.dimensions,
            order=item.published.timestamp() if item.published else 0.0,
            popularity=item.popularity,
        )
        for item in items
    ]
    learner = Learner(stage_id=profile.stage_id, subject_id=subject.pk if subject else None, gaps=gaps)
    learner.consumed = consumed_by(user)
    exclude = [key for key in by_key if exclude_page_id and by_key[key].page.pk == exclude_page_id]
    ranked = rank(learner, candidates, behaviour_counts(peers), k=limit, exclude=exclude)
    gap_names = {gap.dimension.pk: gap for gap in (mine.gaps if mine else [])}
    group = "".join(x.name for x in (profile.stage, subject) if x is not None)
    result = []
    for scored in ranked:
        if scored.reason == "gap" and scored.dimension_id in group_weak:
            reason = f"本县{group}教师的“{group_weak[scored.dimension_id].name}”较薄弱"
        elif scored.reason == "gap":
            gap = gap_names[scored.dimension_id]
            if gap.group is not None:
                reason = f"你的“{gap.dimension.name}”低于本县{group}教师平均"
            else:
                reason = f"你的“{gap.dimension.name}”得分偏低，建议补强"
        elif scored.reason == "peers":
            reason = PEERS_OFTEN_REASON
        elif scored.reason == "fit":
            reason = _fit_reason(by_key[scored.candidate.key], profile.stage, subject)
        else:
            reason = "近期热门"
        result.append(Recommendation(item=by_key[scored.candidate.key], reason=reason))
    return result


def _group_weak_points(mine, gaps: dict) -> dict:
    """The group's weak points (结构洞 of the group) count as the teacher's own gaps where the
    teacher has no score of their own — typically after an anonymous diagnosis survey, whose
    answers feed only the group: a dimension whose group mean (shown, so ≥ 5 answers) is at least
    ``GAP_MARGIN`` below the mean of the group's dimensions. Adds them to ``gaps`` and returns them."""
    shown = [axis for axis in mine.axes if axis["group"] is not None]
    if len(shown) < 2:
        return {}
    overall = sum(axis["group"] for axis in shown) / len(shown)
    weak = {}
    for axis in shown:
        dimension = axis["dimension"]
        if axis["own"] is None and dimension.pk not in gaps and axis["group"] <= overall - GAP_MARGIN:
            gaps[dimension.pk] = overall - axis["group"]
            weak[dimension.pk] = dimension
    return weak


def _fit_reason(item: Item, stage, subject) -> str:
    """The "适合初中数学教师" reason, naming only what the item is really meant for."""
    parts = []
    if stage is not None and item.stage_id == stage.pk:
        parts.append(stage.name)
    if subject is not None and item.subject_id == subject.pk:
        parts.append(subject.name)
    return f"适合{''.join(parts)}教师"
