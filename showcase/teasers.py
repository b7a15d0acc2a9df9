"""The showcase's part of the home page (首页栏目): 同课异构 cases featured by editors."""

from __future__ import annotations

from .models import ShowcaseCasePage


def featured_cases(*, under, limit: int = 3):
    """同课异构 cases featured by editors (编辑推荐), newest first."""
    cases = ShowcaseCasePage.objects.visible_to_public().descendant_of(under).for_cards()
    return cases.filter(featured=True).order_by("-first_published_at", "-pk")[:limit]


def home_teasers(*, page, request) -> dict:
    return {"featured_cases": featured_cases(under=page)}
