"""Who belongs to a diagnosis group and what each person sees (read side).

The diagnosis group (诊断组) of a lesson is two groups:

* 备课组 — the teacher's school and subject: the teachers of that school who teach the subject,
  and the school's school trainers (校级培训者 / 教研组长, who lead it);
* 区级研训组 — the county trainers whose region covers the school's county, and the teachers a
  county trainer invited into this diagnosis.

Only the teacher and the group see a diagnosis — unless the recording's visibility and the
guardians' consent reach further (``home.consent``): then others may watch and read, but
still not act.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from home.consent import may_watch
from home.models import Region, Role
from home.people import profile_of, region_covers

from .models import Diagnosis, Step


def school_group_q(diagnosis: Diagnosis) -> Q:
    """The 备课组 as a filter on users."""
    school_teachers = Q(
        profile__school_id=diagnosis.school_id, profile__role=Role.TEACHER, profile__subjects=diagnosis.subject_id
    )
    school_trainers = Q(profile__school_id=diagnosis.school_id, profile__role=Role.SCHOOL_TRAINER)
    return school_teachers | school_trainers


def county_trainers_q(diagnosis: Diagnosis) -> Q:
    """County trainers whose region covers the school's county (their region or a parent)."""
    region = diagnosis.school.region
    paths = [p for p in _ancestor_paths(region)]
    return Q(profile__role=Role.COUNTY_TRAINER, profile__region__path__in=paths)


def _ancestor_paths(region: Region) -> list[str]:
    parts = region.path.split("/")
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def group_members(diagnosis: Diagnosis):
    """Everyone in the diagnosis group (the teacher included), active accounts only."""
    invited = Q(pk__in=diagnosis.invitations.values("user_id"))
    who = school_group_q(diagnosis) | county_trainers_q(diagnosis) | invited | Q(pk=diagnosis.teacher_id)
    return get_user_model().objects.filter(who, is_active=True).distinct().select_related("profile")


def is_school_group(user, diagnosis: Diagnosis) -> bool:
    profile = profile_of(user)
    if profile is None or profile.school_id != diagnosis.school_id:
        return False
    if profile.role == Role.SCHOOL_TRAINER:
        return True
    return profile.role == Role.TEACHER and profile.subjects.filter(pk=diagnosis.subject_id).exists()


def is_school_lead(user, diagnosis: Diagnosis) -> bool:
    """The 备课组's lead: a school trainer of the school."""
    profile = profile_of(user)
    return bool(profile and profile.role == Role.SCHOOL_TRAINER and profile.school_id == diagnosis.school_id)


def is_county_trainer(user, diagnosis: Diagnosis) -> bool:
    profile = profile_of(user)
    return bool(
        profile and profile.role == Role.COUNTY_TRAINER and region_covers(profile.region, diagnosis.school.region)
    )


def is_member(user, diagnosis: Diagnosis) -> bool:
    """In the diagnosis group (the teacher, the 备课组, the 区级研训组, invited teachers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.pk == diagnosis.teacher_id or user.is_superuser:
        return True
    if is_school_group(user, diagnosis) or is_county_trainer(user, diagnosis):
        return True
    return diagnosis.invitations.filter(user_id=user.pk).exists()


def may_view(user, diagnosis: Diagnosis) -> bool:
    """Members always; others only as far as the first recording's visibility and consent reach."""
    return is_member(user, diagnosis) or may_watch(user, diagnosis.recording, in_group=False)


def diagnosis_for(user, diagnosis_id: int) -> Diagnosis | None:
    """The diagnosis if ``user`` may see it, else None (a 404 for the caller)."""
    diagnosis = (
        Diagnosis.objects.select_related("teacher__profile", "school__region", "subject", "stage", "grade", "recording")
        .filter(pk=diagnosis_id)
        .first()
    )
    if diagnosis is None or not may_view(user, diagnosis):
        return None
    return diagnosis


def _base():
    return Diagnosis.objects.select_related("teacher__profile", "school", "subject", "stage")


def my_diagnoses(*, user):
    """我的诊断: the diagnoses the user asked for, newest first."""
    return _base().filter(teacher=user)


def _member_q(user) -> Q:
    """Diagnoses whose group includes ``user`` (not as the teacher), as a filter."""
    profile = profile_of(user)
    q = Q(invitations__user_id=user.pk)
    if profile is None:
        return q
    if profile.role == Role.SCHOOL_TRAINER and profile.school_id:
        q |= Q(school_id=profile.school_id)
    elif profile.role == Role.TEACHER and profile.school_id:
        q |= Q(school_id=profile.school_id, subject__in=profile.subjects.all())
    elif profile.role == Role.COUNTY_TRAINER and profile.region_id:
        q |= Region.path_q(profile.region.path, "school__region__path")
    return q


def waiting_for(*, user):
    """待我参与: open diagnoses of groups the user belongs to (their own excluded)."""
    return _base().filter(_member_q(user)).exclude(teacher=user).exclude(step=Step.DONE).distinct()


def county_list(*, user):
    """The diagnoses of a trainer's region (county trainer) or school (school trainer); None for others."""
    profile = profile_of(user)
    if user.is_superuser:
        return _base().all()
    if profile is None:
        return None
    if profile.role == Role.COUNTY_TRAINER and profile.region_id:
        return _base().filter(Region.path_q(profile.region.path, "school__region__path"))
    if profile.role == Role.SCHOOL_TRAINER and profile.school_id:
        return _base().filter(school_id=profile.school_id)
    return None
