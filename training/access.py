"""Who may see a teacher's training records (学习记录的查看权限).

Enrolments, quiz attempts and submissions: the teacher, the course's trainers (and
superusers). Submissions also: the peers they were allocated to, who never learn the
author's name (and the author never learns theirs).

The page types call these rules from their routes, so this module imports no training
model: it works on the records and pages it is given. The courses a trainer may manage are
``CoursePage.objects.trained_by(user)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse

from home.serving import sign_in_redirect

if TYPE_CHECKING:
    from .models import CoursePage, Submission


def login_redirect(request) -> HttpResponse | None:
    """None for a signed-in user; otherwise “请先登录。” and the redirect to the login page,
    coming back to this address afterwards."""
    if request.user.is_authenticated:
        return None
    return sign_in_redirect(request)


def course_is_trainer(*, user, course: CoursePage) -> bool:
    return course.is_trainer(user)


def submission_course(*, submission: Submission) -> CoursePage:
    return submission.assignment.module.course


def submission_visible_to(*, user, submission: Submission) -> bool:
    if not user.is_authenticated:
        return False
    if submission.teacher_id == user.pk:
        return True
    if submission.reviews.filter(reviewer=user).exists():
        return True
    return course_is_trainer(user=user, course=submission_course(submission=submission))


def recording_in_group(*, user, course: CoursePage, media) -> bool:
    """The group a course's lesson recording belongs to (``home.consent``'s ``in_group``): the
    course's trainers and whoever oversees the uploader in the admin (the media policy's
    "change": same school, county or region). Enrolment is self-service, so a learner is not in
    the group: they watch what the consent lets them (signed-in, their school, public)."""
    if not getattr(user, "is_authenticated", False) or media is None:
        return False
    if course.is_trainer(user):
        return True
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(type(media))
    return bool(policy and policy.user_has_permission_for_instance(user, "change", media))
