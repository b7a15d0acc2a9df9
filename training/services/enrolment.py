"""Enrolment and completion (选课与结业): joining a course, watching its items, and completing
it — with its hours recorded in the credit bank — as soon as every requirement is met.

Every service that changes a learner's progress (watched — ``watching.watch_beat``, quiz passed, assignment submitted,
peer review done, trainer override, lapsed reviews handed on …) ends with
``enrolment_check_completion`` (or ``teacher_check_completion``), so a course completes
whichever path cleared its last requirement; views only announce it (``enrolment_refresh``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from credits.models import CreditSource
from credits.services import CreditError, credit_amount_for_hours, credit_record
from resources.review.services import notify

from ..models import CoursePage, Enrolment
from ..selectors import course_progress
from .errors import TrainingError


def course_enrol(*, course: CoursePage, teacher) -> Enrolment:
    if not course.live:
        raise TrainingError("课程尚未发布，暂不能选课。")
    enrolment, _ = Enrolment.objects.get_or_create(course=course, teacher=teacher)
    enrolment_check_completion(enrolment=enrolment)
    return enrolment


def enrolment_for(*, course: CoursePage, teacher) -> Enrolment:
    enrolment = Enrolment.objects.filter(course=course, teacher=teacher).first() if teacher.is_authenticated else None
    if enrolment is None:
        raise TrainingError("请先加入本课程，再学习和提交。")
    return enrolment


def enrolment_check_completion(*, enrolment: Enrolment) -> bool:
    """Complete the course when every required item is done; record its hours once. True if just completed.

    The row is re-read under a lock; the ``enrolment`` object given is left as it is, so a caller
    that loaded it before an action can tell afterwards that the action completed the course
    (``enrolment_refresh``).
    """
    if enrolment.completed_at:
        return False
    progress = course_progress(course=enrolment.course, user=enrolment.teacher)
    if not progress.complete:
        return False
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.completed_at:
            return False
        enrolment.completed_at = timezone.now()
        enrolment.hours_recorded = progress.hours_earned
        if progress.hours_earned > 0:
            amount = credit_amount_for_hours(source=CreditSource.COURSE, hours=progress.hours_earned)
            try:
                enrolment.credit_entry = credit_record(
                    teacher=enrolment.teacher,
                    source=CreditSource.COURSE,
                    amount=amount,
                    hours=progress.hours_earned,
                    description=f"完成课程《{enrolment.course.title}》",
                    source_key=f"course:{enrolment.course_id}",
                )
            except CreditError as exc:
                enrolment.credit_note = str(exc)[:200]
        else:
            enrolment.credit_note = "课程未设置学时，未记学分。"
        enrolment.save()
        hours = f"，记 {enrolment.hours_recorded} 学时" if enrolment.hours_recorded else ""
        notify(
            recipients=[enrolment.teacher],
            subject=f"恭喜完成课程《{enrolment.course.title}》",
            body=f"课程要求已全部完成{hours}。{enrolment.credit_note}".strip(),
            link=enrolment.course.url or "",
            category="course",
        )
    return True


def teacher_check_completion(*, course: CoursePage, teacher) -> bool:
    """``enrolment_check_completion`` for a teacher's enrolment in ``course``; False without one."""
    enrolment = Enrolment.objects.filter(course=course, teacher=teacher).first()
    return enrolment is not None and enrolment_check_completion(enrolment=enrolment)


def enrolment_refresh(*, enrolment: Enrolment) -> bool:
    """Re-read ``enrolment`` after an action (checking completion once more). True when the course
    was completed since the caller loaded it — by this check or by the action itself — so the
    caller announces the completion once."""
    was_complete = enrolment.completed_at is not None
    enrolment_check_completion(enrolment=enrolment)
    enrolment.refresh_from_db()
    return not was_complete and enrolment.completed_at is not None
