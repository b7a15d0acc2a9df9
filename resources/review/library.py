"""区县资源库: the public list of a county's recognised works (县级优秀 and above).

A route on the library page (``ResourceIndexPage.county_library``), ``<library>/county/<region id>/``, rather than a filter preset,
so the county library has its own address and heading; the level filter of the main listing
(``?level=2``) still narrows any listing to recognised works.
"""

from __future__ import annotations

from django.db.models import Q

from home.models import Region

from .models import RecommendationLevel


def county_library_works(*, library, county: Region):
    """Published works of ``county`` (its schools, or its own region) recognised as 县级优秀 or higher."""
    return (
        library.get_resources()
        .filter(recommendation_level__gte=RecommendationLevel.COUNTY)
        .filter(
            Region.path_q(county.path, "school__region__path")
            | (Q(school__isnull=True) & Region.path_q(county.path, "region__path"))
        )
        .order_by("-recommendation_level", "-first_published_at", "-pk")
    )
