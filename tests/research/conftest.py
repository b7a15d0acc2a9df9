"""A small world for research tests: 岳麓区 with two schools of 初中数学 teachers (six at school
A, three at school B), a county trainer, a school trainer, and a county trainer of 芙蓉区.

``write_scores(profile, {code: score}, key)`` records measurements through
``research.services.scores_replace``, as the surveys app does."""

from types import SimpleNamespace

import pytest

from home.models import Role, Stage, Subject, TeacherProfile, TeacherStage
from research.services import Measurement, scores_replace
from tests.factories import SchoolFactory, UserFactory, region


def make_teacher(school, *, stage, subject, teacher_stage=None, username=None):
    user = UserFactory(role=Role.TEACHER, role__school=school, **({"username": username} if username else {}))
    profile = TeacherProfile.objects.get(user=user)
    profile.stage = stage
    profile.teacher_stage = teacher_stage
    profile.save()
    profile.subjects.set([subject])
    return user


def write_scores(user, scores: dict[str, float], key: str, *, anonymous: bool = False):
    return scores_replace(
        source="survey",
        source_key=key,
        measurements=[Measurement(code, value) for code, value in scores.items()],
        profile=TeacherProfile.objects.get(user=user),
        anonymous=anonymous,
    )


@pytest.fixture
def world(db):
    yuelu = region("湖南省/长沙市/岳麓区")
    furong = region("湖南省/长沙市/芙蓉区")
    junior = Stage.objects.get(name="初中")
    maths = Subject.objects.get(name="数学")
    chinese = Subject.objects.get(name="语文")
    qualified = TeacherStage.objects.get(name="合格教师")
    school_a = SchoolFactory(name="岳麓实验中学", region=yuelu)
    school_b = SchoolFactory(name="岳麓二中", region=yuelu)
    school_c = SchoolFactory(name="芙蓉中学", region=furong)
    teachers_a = [make_teacher(school_a, stage=junior, subject=maths, teacher_stage=qualified) for _ in range(6)]
    teachers_b = [make_teacher(school_b, stage=junior, subject=maths, teacher_stage=qualified) for _ in range(3)]
    return SimpleNamespace(
        yuelu=yuelu,
        furong=furong,
        junior=junior,
        maths=maths,
        chinese=chinese,
        qualified=qualified,
        school_a=school_a,
        school_b=school_b,
        school_c=school_c,
        teachers_a=teachers_a,
        teachers_b=teachers_b,
        county=UserFactory(role=Role.COUNTY_TRAINER, role__region=yuelu),
        school_trainer=UserFactory(role=Role.SCHOOL_TRAINER, role__school=school_a),
        other_county=UserFactory(role=Role.COUNTY_TRAINER, role__region=furong),
        editor=UserFactory(role=Role.EDITOR),
    )


@pytest.fixture
def baseline(world):
    """作业设计 clearly weakest for 岳麓区 初中数学; teachers_a[0] weakest of all on it."""
    for i, teacher in enumerate(world.teachers_a + world.teachers_b):
        write_scores(
            teacher,
            {
                "homework_design": 40 if i == 0 else 55 + i,
                "lesson_design": 80 + i,
                "classroom_teaching": 75,
                "assessment": 70,
            },
            f"survey-response:t{i}",
        )
    return world
