"""Review outcomes become baseline measurements (作品评审): a settled decision on a work of a kind
tagged with a dimension rewrites its author's measurement of that dimension."""

import pytest

from research.models import DimensionScore
from research.review_scores import OUTCOME_SCORES, REJECTED_SCORE
from resources.review.models import Decision, RecommendationLevel, ReviewLevel, ReviewStatus
from resources.review.services import decision_record
from tests.research.helpers import resource, tag

pytestmark = pytest.mark.django_db


def decide(page, actor, decision, *, status, level=RecommendationLevel.NONE, capture):
    type(page).objects.filter(pk=page.pk).update(review_status=status, recommendation_level=level)
    with capture(execute=True):
        decision_record(page=page, actor=actor, level=ReviewLevel.SCHOOL, decision=decision)


def scores(teacher):
    return dict(DimensionScore.objects.filter(teacher=teacher, source="review").values_list("dimension__code", "score"))


def test_settled_outcomes_of_tagged_kinds_are_the_authors_measurement(world, django_capture_on_commit_callbacks):
    tag(kind="teaching_design", code="lesson_design")
    teacher, trainer = world.teachers_a[0], world.school_trainer
    first = resource(world, "《一次函数》教学设计", kind="teaching_design", author=teacher, live=False)
    second = resource(world, "《勾股定理》教学设计", kind="teaching_design", author=teacher, live=False)
    untagged = resource(world, "《勾股定理》课件", kind="courseware", author=teacher, live=False)
    capture = django_capture_on_commit_callbacks

    decide(first, teacher, Decision.SUBMITTED, status=ReviewStatus.IN_REVIEW, capture=capture)
    assert scores(teacher) == {}  # nothing settled yet
    decide(first, trainer, Decision.APPROVED, status=ReviewStatus.APPROVED, capture=capture)
    assert scores(teacher) == {"lesson_design": OUTCOME_SCORES[RecommendationLevel.NONE]}
    decide(second, trainer, Decision.REJECTED, status=ReviewStatus.REJECTED, capture=capture)
    assert scores(teacher) == {"lesson_design": (70.0 + REJECTED_SCORE) / 2}
    decide(
        first,
        trainer,
        Decision.ACCEPTED,
        status=ReviewStatus.APPROVED,
        level=RecommendationLevel.COUNTY,
        capture=capture,
    )
    assert scores(teacher) == {"lesson_design": (OUTCOME_SCORES[RecommendationLevel.COUNTY] + REJECTED_SCORE) / 2}
    decide(untagged, trainer, Decision.APPROVED, status=ReviewStatus.APPROVED, capture=capture)
    assert set(scores(teacher)) == {"lesson_design"}  # an untagged kind measures nothing
    row = DimensionScore.objects.get(teacher=teacher, source="review")
    assert row.region == world.yuelu and row.source_label == "作品评审"
    assert not DimensionScore.objects.filter(teacher=trainer).exists()
