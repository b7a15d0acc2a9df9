"""Who a user is in the portal: their profile (教师档案), the region they act for, their name.

One place for the three lookups every app makes, so that a rule such as "region A covers
region B" or "how a teacher's name is shown" cannot drift between apps.
"""

from __future__ import annotations

from django.db.models import Q

from .models import Region, Role, TeacherProfile

_PROFILE_ATTR = "_rtpt_profile"


def profile_of(user) -> TeacherProfile | None:
    """The user's TeacherProfile (with school, county and region loaded) or None.

    Cached on the user object, which lives as long as the request: every permission check of
    one request shares one query.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if _PROFILE_ATTR not in user.__dict__:
        user.__dict__[_PROFILE_ATTR] = (
            TeacherProfile.objects.select_related("school__region", "region").filter(user_id=user.pk).first()
        )
    return user.__dict__[_PROFILE_ATTR]


def region_covers(region: Region | None, target: Region | None) -> bool:
    """Does ``region`` contain ``target`` (the same region, or one below it in the tree)?"""
    if region is None or target is None:
        return False
    return target.path == region.path or target.path.startswith(region.path + "/")


def display_name(user) -> str:
    """How a person is named on every page: the profile's display name (真实姓名), else the
    account's full name, else the username. Uses an already-loaded profile when there is one."""
    if user is None:
        return ""
    profile = user.__dict__.get(_PROFILE_ATTR)
    if profile is None:
        try:
            profile = user.profile
        except (TeacherProfile.DoesNotExist, AttributeError):
            profile = None
    name = profile.display_name if profile is not None else ""
    return name or user.get_full_name() or user.get_username()


def people_in_scope_q(user, prefix: str = "") -> Q:
    """The people ``user`` oversees in the admin, as a Q on the user model (``prefix`` for a
    relation, e.g. ``"teacher__"``).

    A school trainer: the people of their school. A county trainer or an editor with a region:
    people whose school lies in that region, or whose own region (a trainer's or an editor's)
    does. An editor without a region and a superuser: everyone. A teacher, or a user without a
    profile: nobody.
    """
    p = prefix
    nobody = Q(**{f"{p}pk__in": []})
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return nobody
    if user.is_superuser:
        return Q()
    profile = profile_of(user)
    if profile is None or profile.role == Role.TEACHER:
        return nobody
    if profile.role == Role.SCHOOL_TRAINER:
        return Q(**{f"{p}profile__school_id": profile.school_id}) if profile.school_id else nobody
    if profile.role == Role.EDITOR and not profile.region_id:
        return Q()
    region = profile.scope_region
    if region is None:
        return nobody
    return Region.path_q(region.path, f"{p}profile__school__region__path") | Region.path_q(
        region.path, f"{p}profile__region__path"
    )


def person_in_scope(user, person) -> bool:
    """Does ``user`` oversee ``person`` (see ``people_in_scope_q``)?"""
    if person is None:
        return bool(user.is_superuser) or (
            (profile := profile_of(user)) is not None and profile.role == Role.EDITOR and not profile.region_id
        )
    return type(person)._default_manager.filter(people_in_scope_q(user), pk=person.pk).exists()
