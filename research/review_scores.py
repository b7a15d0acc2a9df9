"""Review outcomes as baseline measurements (作品评审): what reviewers decided about a teacher's
works says something about the dimensions those kinds of work develop (a 教学设计 tagged
教学设计, an 作业设计 case tagged 作业设计 …, through kind tags, ``DimensionTag.kind``).

Only settled outcomes count — a work 未通过, or 已发布 at its recommendation level; drafts, works in
review and works sent back for changes say nothing yet. Each outcome maps to a score on the 0–100
scale of the other sources (``OUTCOME_SCORES``: a published work is a solid 70, each step up the
推优 ladder adds to it, a rejected work is 40); a teacher's measurement of a dimension is the mean
over their settled works of the kinds tagged with it. One real-name measurement per teacher
(``source_key`` ``review:<teacher id>``), rewritten after every review decision on one of their
works. Untagged kinds write nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from home.people import profile_of
from resources.models import GeneratedResourcePage
from resources.review.models import RecommendationLevel, ReviewStatus

from .catalogue import Tags
from .models import CapabilityDimension, ScoreSource
from .services import Measurement, scores_replace

REJECTED_SCORE = 40.0
OUTCOME_SCORES = {
    RecommendationLevel.NONE: 70.0,
    RecommendationLevel.SCHOOL: 75.0,
    RecommendationLevel.COUNTY: 85.0,
    RecommendationLevel.CITY: 92.0,
    RecommendationLevel.PROVINCE: 100.0,
}


def outcome_score(review_status: str, recommendation_level: int) -> float | None:
    if review_status == ReviewStatus.REJECTED:
        return REJECTED_SCORE
    if review_status == ReviewStatus.APPROVED:
        return OUTCOME_SCORES.get(recommendation_level, OUTCOME_SCORES[RecommendationLevel.NONE])
    return None


def review_scores_refresh(*, teacher_id: int) -> int:
    """Rewrite the teacher's review measurements; returns how many dimensions were measured."""
    teacher = get_user_model().objects.filter(pk=teacher_id).first()
    if teacher is None:
        return 0
    kinds = Tags.load().kinds
    per_dimension: dict[int, list[float]] = {}
    mine = Q(author_id=teacher_id) | Q(author__isnull=True, owner_id=teacher_id)  # as review notices
    works = GeneratedResourcePage.objects.filter(mine, kind__in=list(kinds)).values_list(
        "kind", "review_status", "recommendation_level"
    )
    for kind, status, level in works:
        score = outcome_score(status, level)
        if score is None:
            continue
        for dimension_id in kinds.get(kind, ()):
            per_dimension.setdefault(dimension_id, []).append(score)
    dimensions = CapabilityDimension.objects.in_bulk(list(per_dimension))
    scores_replace(
        source=ScoreSource.REVIEW,
        source_key=f"review:{teacher_id}",
        measurements=[Measurement(dimensions[d], sum(v) / len(v)) for d, v in per_dimension.items() if d in dimensions],
        profile=profile_of(teacher),
        anonymous=False,
        source_label="作品评审",
    )
    return len(per_dimension)
