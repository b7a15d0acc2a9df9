"""Who may see a teacher's training records.

Enrolments, quiz attempts and submissions: the teacher, the course's trainers (and
superusers). Submissions also: the peers they were allocated to, who never learn the
author's name (and the author never learns theirs).
"""

from __future__ import annotations

from .models import CoursePage, PeerReview, Submission


def course_is_trainer(*, user, course: CoursePage) -> bool:
    return course.is_trainer(user)


def submission_course(*, submission: Submission) -> CoursePage:
    return CoursePage.objects.get(pk=submission.assignment.module.get_parent().pk)


def submission_visible_to(*, user, submission: Submission) -> bool:
    if not user.is_authenticated:
        return False
    if submission.teacher_id == user.pk:
        return True
    if PeerReview.objects.filter(submission=submission, reviewer=user).exists():
        return True
    return course_is_trainer(user=user, course=submission_course(submission=submission))


def trainer_courses(*, user):
    """Courses whose records this user may read in the admin."""
    courses = CoursePage.objects.all().order_by("title")
    return courses if user.is_superuser else courses.filter(trainers=user)
