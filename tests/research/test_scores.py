"""Baseline measurements: the default framework is installed and anonymous rows name no one."""

import pytest

from home.models import Role, TeacherProfile
from research.models import CapabilityDimension, DimensionScore, LevelDescriptor
from research.services import Measurement, scores_replace
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_default_framework_has_the_three_areas_and_stage_descriptors():
    areas = list(CapabilityDimension.objects.filter(parent=None).values_list("name", flat=True))
    assert areas == ["专业理念与师德", "专业知识", "专业能力"]
    homework = CapabilityDimension.objects.get(code="homework_design")
    assert homework.name == "作业设计" and homework.parent.name == "专业能力"
    assert LevelDescriptor.objects.filter(dimension=homework).count() == 5


def test_anonymous_scores_keep_the_group_and_replace_by_source():
    school = SchoolFactory()
    teacher = UserFactory(role=Role.TEACHER, role__school=school)
    profile = TeacherProfile.objects.get(user=teacher)
    rows = scores_replace(
        source="survey",
        source_key="survey-response:x1",
        measurements=[Measurement("homework_design", 40), Measurement("lesson_design", 130)],
        profile=profile,
        anonymous=True,
    )
    assert [(r.dimension.code, r.score, r.teacher_id, r.school_id) for r in rows] == [
        ("homework_design", 40.0, None, school.pk),
        ("lesson_design", 100.0, None, school.pk),
    ]
    scores_replace(
        source="survey",
        source_key="survey-response:x1",
        measurements=[Measurement("homework_design", 55)],
        profile=profile,
        anonymous=False,
    )
    assert list(DimensionScore.objects.values_list("score", "teacher_id")) == [(55.0, teacher.pk)]
