"""The demo loader (``WorkshopsConfig.demo_loader``): builds workshops on the demo logins and is idempotent."""

import io

import pytest

from django.apps import apps
from django.utils.module_loading import import_string

from credits.models import CreditEntry
from home.models import Stage, Subject
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, UserFactory, region
from workshops.models import (
    ActivitySignup,
    DiscussionThread,
    JournalEntry,
    ResourcePush,
    Visibility,
    WorkshopActivity,
    WorkshopMembership,
    WorkshopPage,
    WorkshopProposal,
)
from workshops.selectors import weekly_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(library):
    yuelu = region("湖南省/长沙市/岳麓区")
    school = SchoolFactory(name="长沙市岳麓区第一小学", region=yuelu)
    other = SchoolFactory(name="长沙市岳麓区实验小学", region=yuelu)
    UserFactory(username="county_yuelu", role="county_trainer", role__region=yuelu)
    UserFactory(username="school_yuelu1", role="school_trainer", role__school=school)
    for n in range(1, 7):
        UserFactory(username=f"teacher{n:03d}", role="teacher", role__school=school if n <= 4 else other)
    math, primary = Subject.objects.get(name="数学"), Stage.objects.get(name="小学")
    for n in range(24):
        GeneratedResourcePageFactory(parent=library, title=f"小学数学资源{n}", subject=math, stage=primary, grade=None)
    return school


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            WorkshopPage,
            WorkshopMembership,
            WorkshopActivity,
            ActivitySignup,
            DiscussionThread,
            ResourcePush,
            JournalEntry,
            CreditEntry,
            WorkshopProposal,
        )
    }


def test_demo_loader_is_declared_and_idempotent(demo_world):
    loader = import_string(apps.get_app_config("workshops").demo_loader)
    out = io.StringIO()
    loader(stdout=out)
    first = counts()
    assert first["WorkshopPage"] == 3  # no 潼南 / 麓山 logins in this world
    county = WorkshopPage.objects.get(slug="yuelu-primary-math")
    assert ResourcePush.objects.filter(workshop=county).count() == 22  # past the guide's 20
    assert WorkshopPage.objects.get(slug="yuelu-masters-studio").visibility == Visibility.MEMBERS
    assert county.plans.get().phases.count() == 4
    assert DiscussionThread.objects.filter(workshop=county).exists() and JournalEntry.objects.exists()
    assert WorkshopProposal.objects.filter(status="pending").count() == 1
    # A year of credit history for every demo teacher.
    months = set(CreditEntry.objects.filter(teacher__username="teacher005").dates("earned_on", "month"))
    assert len(months) >= 11
    text = out.getvalue()
    assert "county_yuelu" in text and "school_yuelu1" in text and "/workshops/me/" in text and "rtpt2026" in text
    loader(stdout=io.StringIO())
    assert counts() == first


def test_demo_school_workshop_feeds_the_weekly_rule(demo_world):
    from django.utils import timezone

    from workshops.selectors import school_teachers

    loader = import_string(apps.get_app_config("workshops").demo_loader)
    loader(stdout=io.StringIO())
    today = timezone.localdate()
    figures = weekly_rule(teachers=school_teachers(school=demo_world), year=today.year, month=today.month)
    assert len(figures) == 4
    assert any(f.meets_weekly for f in figures)


def test_demo_same_lesson_activity_has_entries_ready_for_a_case(demo_world, library):
    """Two members taught 《认识分数》: the demo activity carries their designs, recordings,
    time allocation and reflections, unconverted, and loading again adds nothing."""
    from django.contrib.auth import get_user_model

    from resources.review.models import ReviewStatus
    from workshops.models import SameLessonEntry

    math, primary = Subject.objects.get(name="数学"), Stage.objects.get(name="小学")
    for username in ("teacher001", "teacher002"):
        author = get_user_model().objects.get(username=username)
        GeneratedResourcePageFactory(
            parent=library,
            title=f"{username}《认识分数》教学设计",
            subject=math,
            stage=primary,
            author=author,
            owner=author,
            review_status=ReviewStatus.APPROVED,
        )
    loader = import_string(apps.get_app_config("workshops").demo_loader)
    out = io.StringIO()
    loader(stdout=out)
    activity = WorkshopActivity.objects.get(title="同课异构：《认识分数》", workshop__slug="yuelu-primary-math")
    assert activity.kind == "same_lesson" and activity.is_past and activity.showcase_case_id is None
    entries = list(SameLessonEntry.objects.filter(activity=activity).select_related("recording", "teacher"))
    assert {e.teacher.username for e in entries} == {"teacher001", "teacher002"}
    assert all(e.recording and e.recording.file and e.total_minutes == 40 and e.reflection for e in entries)
    assert "生成同课异构展示案例" in out.getvalue()
    loader(stdout=io.StringIO())
    assert SameLessonEntry.objects.count() == 2 and WorkshopActivity.objects.filter(title=activity.title).count() == 1
