"""Who may build, answer and read a survey, and who its audience is (read-only queries).

Scope of a builder (the anchor of every survey they send):

- an editor or a county trainer: their region (and every region and school below it), and
  the workshops filed in it; an editor without a region and a superuser: everywhere;
- a school trainer: their school;
- a workshop host (坊主 or 副坊主, usually a teacher): the workshops they host.

Results are read by the builder and by those above them in scope: editors and county trainers
whose region covers the survey's anchor, the school trainer of an anchored school.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from home.models import Region, Role, School
from home.people import profile_of, region_covers
from training.models import CoursePage
from workshops.models import MemberRole, MemberStatus, WorkshopPage

from .models import Survey

REGION_ROLES = (Role.EDITOR, Role.COUNTY_TRAINER)


def _is_everywhere(user) -> bool:
    """A superuser, or an editor without a region (province-wide editors above every region)."""
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return profile is not None and profile.role == Role.EDITOR and not profile.region_id


def hosted_workshops(user) -> QuerySet:
    """Workshops ``user`` hosts (坊主 or active 副坊主)."""
    hosts = Q(host_id=user.pk) | Q(
        memberships__user_id=user.pk,
        memberships__role=MemberRole.CO_HOST,
        memberships__status=MemberStatus.ACTIVE,
    )
    return WorkshopPage.objects.filter(hosts).distinct()


def scope_regions(user) -> QuerySet:
    """Regions ``user`` may send surveys to (their own and every region below it)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Region.objects.none()
    if _is_everywhere(user):
        return Region.objects.all()
    profile = profile_of(user)
    if profile is None or profile.role not in REGION_ROLES or profile.scope_region is None:
        return Region.objects.none()
    return Region.objects.filter(Region.path_q(profile.scope_region.path))


def scope_schools(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return School.objects.none()
    if _is_everywhere(user):
        return School.objects.all()
    profile = profile_of(user)
    if profile is None:
        return School.objects.none()
    if profile.role == Role.SCHOOL_TRAINER:
        return School.objects.filter(pk=profile.school_id)
    if profile.role in REGION_ROLES and profile.scope_region is not None:
        return School.objects.filter(Region.path_q(profile.scope_region.path, "region__path"))
    return School.objects.none()


def scope_workshops(user) -> QuerySet:
    """Workshops ``user`` may send surveys to: those they host, and (editors, county trainers)
    those filed in their region."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return WorkshopPage.objects.none()
    if _is_everywhere(user):
        return WorkshopPage.objects.all()
    hosted = hosted_workshops(user)
    profile = profile_of(user)
    if profile is not None and profile.role in REGION_ROLES and profile.scope_region is not None:
        path = profile.scope_region.path
        in_region = WorkshopPage.objects.filter(
            Region.path_q(path, "region__path") | Region.path_q(path, "school__region__path")
        )
        return WorkshopPage.objects.filter(Q(pk__in=hosted.values("pk")) | Q(pk__in=in_region.values("pk")))
    return hosted


def may_build(user) -> bool:
    """May ``user`` build questionnaires (editors, trainers, workshop hosts)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    if profile is not None and profile.role in (*REGION_ROLES, Role.SCHOOL_TRAINER):
        return True
    return hosted_workshops(user).exists()


def courses_for_audience() -> QuerySet:
    return CoursePage.objects.live().order_by("title")


def anchor_region(survey: Survey) -> Region | None:
    """The region a survey is sent in: its region, its school's, or its workshop's."""
    if survey.region_id:
        return survey.region
    if survey.school_id:
        return survey.school.region
    if survey.workshop_id:
        workshop = survey.workshop
        return workshop.region or (workshop.school.region if workshop.school_id else None)
    return None


def can_edit(user, survey: Survey) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or survey.created_by_id == user.pk


def can_view_results(user, survey: Survey) -> bool:
    """The builder, and those above them in scope."""
    if can_edit(user, survey):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if _is_everywhere(user):
        return True
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.role == Role.SCHOOL_TRAINER:
        return bool(survey.school_id) and survey.school_id == profile.school_id
    if profile.role in REGION_ROLES:
        return region_covers(profile.scope_region, anchor_region(survey))
    return False


def audience_users(survey: Survey) -> QuerySet:
    """Active users the survey is sent to: every audience field that is set must match."""
    users = get_user_model().objects.filter(is_active=True, profile__isnull=False)
    if survey.region_id:
        users = users.filter(Region.path_q(survey.region.path, "profile__school__region__path"))
    if survey.school_id:
        users = users.filter(profile__school_id=survey.school_id)
    if survey.workshop_id:
        members = Q(
            workshop_memberships__workshop_id=survey.workshop_id,
            workshop_memberships__status=MemberStatus.ACTIVE,
        )
        users = users.filter(members | Q(pk=survey.workshop.host_id))
    if survey.course_id:
        users = users.filter(course_enrolments__course_id=survey.course_id)
    if survey.stage_id:
        users = users.filter(profile__stage_id=survey.stage_id)
    if survey.subject_id:
        users = users.filter(profile__subjects__id=survey.subject_id)
    if survey.teacher_stage_id:
        users = users.filter(profile__teacher_stage_id=survey.teacher_stage_id)
    return get_user_model().objects.filter(pk__in=users.values("pk"))


def in_audience(user, survey: Survey) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return audience_users(survey).filter(pk=user.pk).exists()


def is_open(survey: Survey, today: date | None = None) -> bool:
    today = today or date.today()
    return survey.published and survey.opens_on <= today <= survey.closes_on


def has_answered(user, survey: Survey) -> bool:
    return survey.respondents.filter(user_id=user.pk).exists()


def surveys_for(user) -> list[Survey]:
    """Published surveys whose audience includes ``user`` (我的问卷), newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    candidates = Survey.objects.filter(published=True).select_related(
        "region", "school", "workshop", "course", "stage", "subject", "teacher_stage"
    )
    return [survey for survey in candidates if in_audience(user, survey)]


def surveys_built_or_overseen(user) -> list[Survey]:
    """Surveys ``user`` built, and those whose results they may read."""
    if not may_build(user):
        return []
    surveys = Survey.objects.select_related("region", "school__region", "workshop", "created_by")
    return [s for s in surveys if can_view_results(user, s)]


def response_rate_by_school(survey: Survey) -> list[dict]:
    """Per school of the audience: how many were asked, how many answered, and the rate."""
    audience = audience_users(survey)
    asked: dict[str, int] = {}
    for name in audience.values_list("profile__school__name", flat=True):
        asked[name or "（未填学校）"] = asked.get(name or "（未填学校）", 0) + 1
    answered: dict[str, int] = {}
    answered_users = survey.respondents.filter(user__in=audience).values_list("user__profile__school__name", flat=True)
    for name in answered_users:
        answered[name or "（未填学校）"] = answered.get(name or "（未填学校）", 0) + 1
    rows = [
        {
            "school": name,
            "asked": n,
            "answered": answered.get(name, 0),
            "percent": round(100 * answered.get(name, 0) / n),
        }
        for name, n in sorted(asked.items())
    ]
    total = sum(asked.values())
    done = sum(answered.values())
    rows.append(
        {"school": "合计", "asked": total, "answered": done, "percent": round(100 * done / total) if total else 0}
    )
    return rows
