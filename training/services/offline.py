"""Offline hours of course modules (线下学时): earned by attendance only.

A module's online part is completed on the site; its offline activities happen elsewhere, so
their hours are credited only when a course trainer records the teacher as present — never by
completing the course. Each attended module is its own credit entry (``course-offline:<module>``),
taken back again if the attendance is withdrawn, as with workshop activities.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from credits.models import CreditSource
from credits.services import CreditError, credit_amount_for_hours, credit_entry_remove, credit_record

from ..models import CourseModulePage, Enrolment, ModuleAttendance
from .errors import TrainingError


def offline_source_key(module: CourseModulePage) -> str:
    return f"course-offline:{module.pk}"


@transaction.atomic
def module_mark_attendance(*, module: CourseModulePage, actor, attended_user_ids, at=None) -> list[str]:
    """Record which enrolled teachers attended ``module``'s offline activities (the full list:
    teachers left out lose an attendance marked before). Returns notes for the trainer, e.g.
    teachers whose credits could not be recorded."""
    course = module.course
    if not course.is_trainer(actor):
        raise TrainingError("只有本课程的培训者可以登记线下研修出勤。")
    if not module.offline_hours or module.offline_hours <= 0:
        raise TrainingError("本模块没有线下学时，无需登记出勤。")
    attended_user_ids = {int(pk) for pk in attended_user_ids}
    enrolments = {e.teacher_id: e for e in Enrolment.objects.filter(course=course).select_related("teacher")}
    if not attended_user_ids <= set(enrolments):
        raise TrainingError("只能为已选本课程的教师登记出勤。")
    now = at or timezone.now()
    source_key = offline_source_key(module)
    amount = credit_amount_for_hours(source=CreditSource.COURSE, hours=module.offline_hours)
    present = set(
        ModuleAttendance.objects.filter(module=module, enrolment__course=course).values_list(
            "enrolment__teacher_id", flat=True
        )
    )
    notes = []
    for teacher_id in attended_user_ids - present:
        enrolment = enrolments[teacher_id]
        ModuleAttendance.objects.create(enrolment=enrolment, module=module, marked_by=actor, marked_at=now)
        try:
            credit_record(
                teacher=enrolment.teacher,
                source=CreditSource.COURSE,
                amount=amount,
                hours=module.offline_hours,
                description=f"《{course.title}》{module.title}：线下研修",
                source_key=source_key,
                earned_on=timezone.localdate(now),
                verified_by=actor,
            )
        except CreditError as exc:
            notes.append(f"{enrolment.teacher}：{exc}")
    for teacher_id in present - attended_user_ids:
        enrolment = enrolments[teacher_id]
        ModuleAttendance.objects.filter(enrolment=enrolment, module=module).delete()
        credit_entry_remove(teacher=enrolment.teacher, source_key=source_key)
    return notes
