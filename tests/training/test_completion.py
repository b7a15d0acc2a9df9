"""A course completes in the service that clears its last requirement, whoever runs it: the
teacher, a trainer in 培训管理, or the periodic peer-review task — and its credit is recorded."""

from datetime import timedelta
from decimal import Decimal

import pytest

from django.test import Client
from django.utils import timezone

from credits.models import CreditEntry
from training import services
from training.models import Enrolment, PeerReview, Submission
from training.tasks import assignments_advance

from . import factories as f

pytestmark = pytest.mark.django_db


def lapsed_reviewer_world():
    """Three teachers in a course of one required module (3 学时): a micro-lecture and a
    peer-reviewed assignment. All submitted, then watched the lecture once reviews were allocated;
    two did their review, ``lazy`` let theirs lapse — the only thing keeping them from completing."""
    trainer = f.teacher("county_yuelu", role="county_trainer")
    course = f.course(trainers=[trainer])
    module = f.module(course, online="3", offline="0")
    lecture = f.lecture(module, quiz=[])
    assignment = f.assignment(module, peers=1, deadline_in_days=-10, review_days=5)
    teachers = [f.teacher(name) for name in ("wang", "li", "lazy")]
    now = timezone.now()
    for teacher in teachers:
        services.course_enrol(course=course, teacher=teacher)
        services.submission_submit(
            assignment=assignment, teacher=teacher, text="单元设计", uploaded=None, now=now - timedelta(days=11)
        )
    services.assignment_allocate(assignment=assignment, now=now - timedelta(days=9))  # reviews due 5 days ago
    for teacher in teachers:
        f.watch(teacher, lecture)
    lazy = teachers[2]
    for review in PeerReview.objects.exclude(reviewer=lazy):
        services.peer_review_submit(
            review=review,
            reviewer=review.reviewer,
            scores={block.id: "8" for block in assignment.rubric},
            comment="目标清楚，活动设计合理。",
        )
    enrolment = Enrolment.objects.get(course=course, teacher=lazy)
    assert enrolment.completed_at is None  # the lapsed review is still pending
    return trainer, course, assignment, lazy


def assert_completed_with_credit(course, teacher, hours: str) -> None:
    enrolment = Enrolment.objects.get(course=course, teacher=teacher)
    assert enrolment.completed_at is not None
    assert enrolment.hours_recorded == Decimal(hours)
    entry = CreditEntry.objects.get(teacher=teacher, source_key=f"course:{course.pk}")
    assert (entry.source, entry.hours, entry.amount) == ("course", Decimal(hours), Decimal(hours))
    assert enrolment.credit_entry_id == entry.pk


def test_trainer_handing_on_lapsed_reviews_in_the_admin_completes_the_course():
    trainer, course, assignment, lazy = lapsed_reviewer_world()
    client = Client()
    client.force_login(trainer)
    response = client.post(f"/admin/training/assignment/{assignment.pk}/", {"action": "reallocate"}, follow=True)
    assert "已把 1 份逾期未评的互评转交给其他同伴" in response.content.decode()
    assert_completed_with_credit(course, lazy, "3")


def test_periodic_reallocation_completes_the_course_and_records_its_credit():
    _, course, _, lazy = lapsed_reviewer_world()
    assert assignments_advance.delay().get() == {"reminded": 0, "allocated": 0, "reallocated": 1}
    assert_completed_with_credit(course, lazy, "3")


def test_trainer_override_completes_a_course_whose_requirements_are_met():
    trainer = f.teacher("county_yuelu", role="county_trainer")
    teacher = f.teacher("teacher001")
    course = f.course(trainers=[trainer])
    written = f.module(course, online="3", offline="0")
    assignment = f.assignment(written, peers=3, deadline_in_days=3)
    later = f.module(course, online="4", offline="0", title="后续模块")
    f.lecture(later, quiz=[])
    services.course_enrol(course=course, teacher=teacher)
    submission = services.submission_submit(assignment=assignment, teacher=teacher, text="单元设计", uploaded=None)
    assert Enrolment.objects.get(teacher=teacher).completed_at is None  # the later module's lecture is missing
    # An editor makes the later module elective: nothing is left for the teacher, but no
    # progress changed, so nothing completed the course yet.
    later.is_required = False
    later.save_revision().publish()
    assert Enrolment.objects.get(teacher=teacher).completed_at is None

    client = Client()
    client.force_login(trainer)
    response = client.post(
        f"/admin/training/submission/{submission.pk}/", {"score": "18", "comment": "设计完整"}, follow=True
    )
    assert "已改判得分" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).final_score == Decimal("18")
    assert_completed_with_credit(course, teacher, "3")  # the elective module was not done
