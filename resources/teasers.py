"""The resource library's part of the home page (首页栏目): latest, most viewed and 推优 works,
counts per stage and subject, and the way into the library (see ``home.sections``)."""

from __future__ import annotations

from django.db.models import Count, Q

from home.models import Stage, Subject

from .models import GeneratedResourcePage, RecommendationLevel, ResourceIndexPage


def recommended_works(limit: int = 6):
    """推优作品: published works recognised as 县级优秀 or higher, best and newest first."""
    return (
        GeneratedResourcePage.objects.visible_to_public()
        .filter(recommendation_level__gte=RecommendationLevel.COUNTY)
        .for_cards()
        .order_by("-recommendation_level", "-first_published_at", "-pk")[:limit]
    )


def home_teasers(*, page, request) -> dict:
    published = GeneratedResourcePage.objects.visible_to_public().for_cards()
    published_ids = GeneratedResourcePage.objects.visible_to_public().values("pk")
    return {
        "library": ResourceIndexPage.objects.live().public().descendant_of(page).first(),
        "latest": published.order_by("-first_published_at", "-pk")[:8],
        "most_viewed": published.order_by("-view_count", "-first_published_at")[:8],
        "subject_counts": (
            Subject.objects.annotate(n=Count("resources", filter=Q(resources__pk__in=published_ids)))
            .filter(n__gt=0)
            .order_by("-n", "sort_order")
        ),
        "stage_counts": Stage.objects.annotate(
            n=Count("resources", filter=Q(resources__pk__in=published_ids))
        ).order_by("sort_order"),
        "total_published": published_ids.count(),
        "recommended_works": recommended_works(),
    }
