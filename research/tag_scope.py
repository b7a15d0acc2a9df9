"""Which 能力标注 a trainer or editor may see and change in the admin.

Courses, modules and micro-lectures belong to no region: every trainer may tag them. Resources
and workshop activities are region-bound: a county trainer (or an editor with a region) tags
those of their region, a school trainer those of their school. Tagging a whole resource kind
changes every region's matching, so only editors without a region (and superusers) may.
"""

from __future__ import annotations

from django.db.models import Q

from home.models import Region, Role
from home.people import profile_of
from resources.models import GeneratedResourcePage
from workshops.models import WorkshopActivity

from .models import DimensionTag

NOBODY = Q(pk__in=[])


def _everything(user) -> bool:
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return profile is not None and profile.role == Role.EDITOR and not profile.region_id


def can_tag_kinds(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and _everything(user)


def _place_q(user, *, school_field: str, region_fields: tuple[str, ...]) -> Q | None:
    """None: everything; else the Q of what lies in the user's school or region."""
    if _everything(user):
        return None
    profile = profile_of(user)
    if profile is None or profile.role == Role.TEACHER:
        return NOBODY
    if profile.role == Role.SCHOOL_TRAINER:
        return Q(**{school_field: profile.school_id}) if profile.school_id else NOBODY
    region = profile.scope_region
    if region is None:
        return NOBODY
    q = NOBODY
    for field in region_fields:
        q |= Region.path_q(region.path, field)
    return q


def activities_in_scope(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return WorkshopActivity.objects.none()
    q = _place_q(
        user,
        school_field="workshop__school_id",
        region_fields=("workshop__region__path", "workshop__school__region__path"),
    )
    activities = WorkshopActivity.objects.select_related("workshop")
    return activities if q is None else activities.filter(q)


def resources_in_scope(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return GeneratedResourcePage.objects.none()
    q = _place_q(user, school_field="school_id", region_fields=("region__path", "school__region__path"))
    return GeneratedResourcePage.objects.all() if q is None else GeneratedResourcePage.objects.filter(q)


def tags_in_scope(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return DimensionTag.objects.none()
    tags = DimensionTag.objects.select_related("dimension", "page", "activity")
    if _everything(user):
        return tags
    profile = profile_of(user)
    if profile is None or profile.role == Role.TEACHER:
        return tags.none()
    resource_pages = GeneratedResourcePage.objects.values("page_ptr_id")
    return tags.filter(
        ~Q(kind="")
        | (Q(page__isnull=False) & ~Q(page_id__in=resource_pages))
        | Q(page_id__in=resources_in_scope(user).values("page_ptr_id"))
        | Q(activity_id__in=activities_in_scope(user).values("pk"))
    )
