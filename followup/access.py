"""Who may do what in 跟以固效.

Projects are managed by county trainers and editors whose region covers the project's region
(an editor without a region and a superuser: every project). School trainers and teachers do not
manage projects; anyone may be a mentor once a manager assigns them.
"""

from __future__ import annotations

from django.db.models import Q

from home.models import Region, Role
from home.people import profile_of, region_covers
from training.models import CoursePage
from workshops.models import WorkshopActivity

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


def evaluated_scope(user) -> dict:
    """What ``user`` sees the evaluation results of (评价结果), as querysets:

    - projects: those they manage;
    - workshop activities: of workshops they host, and for a manager those of workshops in their
      region (the workshop's region, or its school's);
    - courses: those naming them as a trainer (``CoursePage.objects.trained_by``), and for an
      editor without a region or a superuser every course.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {
            "projects": TrainingProject.objects.none(),
            "activities": WorkshopActivity.objects.none(),
            "courses": CoursePage.objects.none(),
        }
    activity_q = Q(workshop__host=user)
    if is_manager(user):
        if _unbounded(user):
            activity_q = Q()
        else:
            path = profile_of(user).scope_region.path
            activity_q |= Region.path_q(path, "workshop__region__path")
            activity_q |= Q(workshop__region__isnull=True) & Region.path_q(path, "workshop__school__region__path")
    courses = CoursePage.objects.all() if is_manager(user) and _unbounded(user) else CoursePage.objects.trained_by(user)
    return {
        "projects": managed_projects(user),
        "activities": WorkshopActivity.objects.filter(activity_q),
        "courses": courses,
    }


__all__ = ["covers", "evaluated_scope", "is_manager", "managed_projects", "may_manage", "regions_for"]
