"""One rule turns class-hours into credits: hours × the source's rate, rounded once, half up, to one
decimal — the same for a completed course and an attended workshop activity."""

import datetime
from decimal import Decimal

import pytest

from django.utils import timezone

from credits.models import CreditEntry, CreditRule, CreditSource
from credits.services import credit_amount_for_hours
from tests.factories import UserFactory
from tests.training import factories as training
from tests.workshops.conftest import add_member, make_workshop
from training import services as training_services
from workshops import services as workshop_services
from workshops.models import WorkshopIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_credit_an_hour():
    for source in (CreditSource.COURSE, CreditSource.WORKSHOP):
        CreditRule.objects.update_or_create(
            source=source, defaults={"credits_per_hour": Decimal("0.5"), "yearly_cap": None}
        )


@pytest.mark.parametrize(
    ("hours", "credits"),
    [("2.5", "1.3"), ("0.5", "0.3"), ("1.5", "0.8"), ("2", "1.0"), ("3.3", "1.7")],
)
def test_hours_times_rate_is_rounded_half_up_once(half_credit_an_hour, hours, credits):
    for source in (CreditSource.COURSE, CreditSource.WORKSHOP):
        assert credit_amount_for_hours(source=source, hours=Decimal(hours)) == Decimal(credits)


def test_without_a_rule_an_hour_earns_one_credit():
    CreditRule.objects.filter(source=CreditSource.OTHER).delete()
    assert credit_amount_for_hours(source=CreditSource.OTHER, hours=Decimal("2.5")) == Decimal("2.5")


def test_course_and_workshop_activity_of_two_and_a_half_hours_earn_the_same(half_credit_an_hour):
    teacher = UserFactory(username="teacher_hours")

    # A completed course of 2.5 online class-hours.
    course = training.course(title="课堂提问设计")
    module = training.module(course, online="2.5", offline="0")
    lecture = training.lecture(module, quiz=[])
    enrolment = training_services.course_enrol(course=course, teacher=teacher)
    training.watch(enrolment.teacher, lecture)
    assert training_services.enrolment_refresh(enrolment=enrolment)

    # An attended workshop activity of 2.5 class-hours.
    host = UserFactory(username="host_hours", role="county_trainer")
    workshop = make_workshop(WorkshopIndexPage.objects.get(), title="课堂提问工作坊", host=host)
    add_member(workshop, teacher)
    activity = workshop_services.activity_create(
        workshop=workshop,
        actor=host,
        title="提问链设计研讨",
        kind="seminar",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        hours=Decimal("2.5"),
        place="录播室",
    )
    activity.starts_at = timezone.now() - datetime.timedelta(hours=3)
    activity.save(update_fields=["starts_at"])
    workshop_services.activity_mark_attendance(activity=activity, actor=host, attended_user_ids=[teacher.pk])

    from_course = CreditEntry.objects.get(teacher=teacher, source_key=f"course:{course.pk}")
    from_activity = CreditEntry.objects.get(teacher=teacher, source_key=f"activity:{activity.pk}")
    assert from_course.hours == from_activity.hours == Decimal("2.5")
    assert from_course.amount == from_activity.amount == Decimal("1.3")
