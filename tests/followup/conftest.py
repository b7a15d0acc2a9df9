"""A 岳麓区 training project with teachers, a course, a workshop activity that has begun, and
managers in and out of the region (the review tests' ``world`` plus what follow-up needs)."""

import datetime
from types import SimpleNamespace

import pytest

from django.utils import timezone

from tests.factories import UserFactory, training_project
from tests.review.conftest import world as world  # noqa: F401  (the fixture)
from tests.training import factories as training
from tests.workshops.conftest import add_member, make_workshop
from training.models import Enrolment
from workshops.models import ActivitySignup, WorkshopActivity, WorkshopIndexPage


@pytest.fixture
def fw(world):
    w = world
    teachers = [w.teacher, w.teacher_same_school] + [
        UserFactory(username=f"yl_teacher{i}", role="teacher", role__school=w.a2) for i in range(5)
    ]
    course = training.course(title="单元整体教学设计实务")
    workshop = make_workshop(WorkshopIndexPage.objects.get(), title="岳麓初中数学工作坊", host=w.county_trainer)
    activity = WorkshopActivity.objects.create(
        workshop=workshop,
        title="《一次函数》同课异构观课",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        hours=2,
    )
    future = WorkshopActivity.objects.create(
        workshop=workshop, title="下月专题讲座", starts_at=timezone.now() + datetime.timedelta(days=20), hours=2
    )
    for t in teachers:
        Enrolment.objects.create(course=course, teacher=t)
        add_member(workshop, t)
        ActivitySignup.objects.create(activity=activity, user=t)
        ActivitySignup.objects.create(activity=future, user=t)
    project = training_project(region=w.yuelu, participants=teachers, courses=[course], workshops=[workshop])
    return SimpleNamespace(
        w=w, teachers=teachers, course=course, workshop=workshop, activity=activity, future=future, project=project
    )
