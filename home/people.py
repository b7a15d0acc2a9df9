"""Who a user is in the portal: their profile (教师档案), the region they act for, their name.

One place for the three lookups every app makes, so that a rule such as "region A covers
region B" or "how a teacher's name is shown" cannot drift between apps.
"""

from __future__ import annotations

from .models import Region, TeacherProfile

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
