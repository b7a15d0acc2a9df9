"""A course module's offline hours are credited for attendance only, never by completing online."""

from decimal import Decimal

import pytest

from credits.models import CreditEntry
from training import services
from training.models import Enrolment

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """One required module of 2 online + 1 offline 学时 with a 120-second lecture; two teachers
    enrolled, both of whom watched the lecture and so completed the course online."""
    trainer = f.teacher("offline_trainer", role="county_trainer")
    course = f.course(trainers=[trainer])
    module = f.module(course, online="2", offline="1")
    lecture = f.lecture(module, quiz=[])
    teachers = [f.teacher("present01"), f.teacher("absent01")]
    for teacher in teachers:
        services.course_enrol(course=course, teacher=teacher)
        f.watch(teacher, lecture)
    return trainer, course, module, teachers


def offline_hours(teacher, module) -> list[Decimal]:
    return list(
        CreditEntry.objects.filter(teacher=teacher, source_key=f"course-offline:{module.pk}").values_list(
            "hours", flat=True
        )
    )


def test_completing_online_records_only_the_online_hours(world):
    trainer, course, module, (present, absent) = world
    for teacher in (present, absent):
        enrolment = Enrolment.objects.get(course=course, teacher=teacher)
        assert enrolment.completed_at is not None
        assert enrolment.hours_recorded == Decimal("2")  # not 3: nobody has attended the offline part
        assert sum(CreditEntry.objects.filter(teacher=teacher).values_list("hours", flat=True)) == Decimal("2")


def test_offline_hours_are_credited_to_attended_teachers_only(world):
    trainer, course, module, (present, absent) = world
    assert services.module_mark_attendance(module=module, actor=trainer, attended_user_ids=[present.pk]) == []
    assert offline_hours(present, module) == [Decimal("1")]
    assert offline_hours(absent, module) == []
    # Marking again credits once; withdrawing the attendance takes the hours back.
    services.module_mark_attendance(module=module, actor=trainer, attended_user_ids=[present.pk])
    assert offline_hours(present, module) == [Decimal("1")]
    services.module_mark_attendance(module=module, actor=trainer, attended_user_ids=[])
    assert offline_hours(present, module) == []


def test_only_the_courses_trainers_mark_attendance_of_enrolled_teachers(world):
    trainer, course, module, (present, absent) = world
    with pytest.raises(services.TrainingError, match="只有本课程的培训者"):
        services.module_mark_attendance(module=module, actor=present, attended_user_ids=[present.pk])
    stranger = f.teacher("stranger02")
    with pytest.raises(services.TrainingError, match="只能为已选本课程的教师"):
        services.module_mark_attendance(module=module, actor=trainer, attended_user_ids=[stranger.pk])
    assert not CreditEntry.objects.filter(source_key__startswith="course-offline:").exists()


def test_trainers_record_attendance_on_the_course_screen(client, world):
    trainer, course, module, (present, absent) = world
    client.force_login(trainer)
    page = client.get(f"/admin/training/course/{course.pk}/").content.decode()
    assert "线下研修出勤" in page and f'value="{present.pk}"' in page
    response = client.post(
        f"/admin/training/module/{module.pk}/attendance/", {"attended": [str(present.pk), "abc"]}, follow=True
    )
    assert "已登记" in response.content.decode()
    assert offline_hours(present, module) == [Decimal("1")] and offline_hours(absent, module) == []
    client.force_login(present)  # not a trainer of the course
    assert client.post(
        f"/admin/training/module/{module.pk}/attendance/", {"attended": [str(absent.pk)]}
    ).status_code in (
        302,
        403,
        404,
    )
    assert offline_hours(absent, module) == []
