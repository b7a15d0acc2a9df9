"""Whose measurements a user may see as group figures (heat map, matching).

A county trainer or an editor with a region: measurements of their region and below. A school
trainer: their school's. An editor without a region and a superuser: every measurement. A teacher
(or anyone without a profile): none — a teacher sees only their own 数字画像.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from home.models import Region, Role
from home.people import profile_of

from .models import DimensionScore

REFUSAL = "能力热力图与精准施训仅对校级、县级培训者和编辑开放。"


def scores_in_scope(user):
    """The ``DimensionScore`` rows ``user`` may aggregate; raises PermissionDenied for others."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(REFUSAL)
    rows = DimensionScore.objects.all()
    if user.is_superuser:
        return rows
    profile = profile_of(user)
    if profile is None or profile.role == Role.TEACHER:
        raise PermissionDenied(REFUSAL)
    if profile.role == Role.SCHOOL_TRAINER:
        if not profile.school_id:
            raise PermissionDenied(REFUSAL)
        return rows.filter(school_id=profile.school_id)
    if profile.role == Role.EDITOR and not profile.region_id:
        return rows
    region = profile.scope_region
    if region is None:
        raise PermissionDenied(REFUSAL)
    return rows.filter(Region.path_q(region.path, "region__path"))


def scope_label(user) -> str:
    """How the page names the scope (岳麓区, 某某中学, 全部区域)."""
    profile = profile_of(user)
    if user.is_superuser or profile is None:
        return "全部区域"
    if profile.role == Role.SCHOOL_TRAINER and profile.school_id:
        return profile.school.name
    region = profile.scope_region
    return region.name if region is not None else "全部区域"


def is_county_level(user) -> bool:
    """County trainers, editors and superusers match training to groups (精准施训)."""
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return profile is not None and profile.role in (Role.COUNTY_TRAINER, Role.EDITOR)
