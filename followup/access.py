"""Who may do what in 跟以固效.

Projects are managed by county trainers and editors whose region covers the project's region
(an editor without a region and a superuser: every project). School trainers and teachers do not
manage projects; anyone may be a mentor once a manager assigns them.
"""

from __future__ import annotations

from home.models import Region, Role
from home.people import profile_of, region_covers

from .models import TrainingProject

MANAGER_ROLES = (Role.COUNTY_TRAINER, Role.EDITOR)


def is_manager(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    if profile is None or profile.role not in MANAGER_ROLES:
        return False
    return profile.scope_region is not None or profile.role == Role.EDITOR


def _unbounded(user) -> bool:
    profile = profile_of(user)
    return user.is_superuser or (profile is not None and profile.role == Role.EDITOR and not profile.region_id)


def managed_projects(user):
    """The projects ``user`` manages and sees the results of."""
    if not is_manager(user):
        return TrainingProject.objects.none()
    if _unbounded(user):
        return TrainingProject.objects.all()
    region = profile_of(user).scope_region
    return TrainingProject.objects.filter(Region.path_q(region.path, "region__path"))


def may_manage(user, project: TrainingProject) -> bool:
    return managed_projects(user).filter(pk=project.pk).exists()


def regions_for(user):
    """Regions a manager may put a project in: their region and the regions below it."""
    if not is_manager(user):
        return Region.objects.none()
    if _unbounded(user):
        return Region.objects.all()
    region = profile_of(user).scope_region
    return Region.objects.filter(Region.path_q(region.path, "path"))


def covers(user, region) -> bool:
    if _unbounded(user):
        return True
    profile = profile_of(user)
    return profile is not None and region_covers(profile.scope_region, region)


__all__ = ["covers", "is_manager", "managed_projects", "may_manage", "regions_for"]
