"""Public workshops in site search (全站搜索): their public face only — title and introduction,
subject, stage, region and school. A members-only (仅成员可见) workshop is stored as private and
never found; workshop material (plans, activities, threads, files) is never read here.

Registered with ``search.sources.register`` from ``WorkshopsConfig.ready``: search may not
import workshops (no app does), so workshops tells search about itself."""

from __future__ import annotations

from search.models import DocumentType
from search.sources import page_document, register

from .models import Visibility, WorkshopPage


def workshop_documents(builder, ids: list[int]) -> dict[int, dict]:
    pages = WorkshopPage.objects.filter(pk__in=ids).select_related("subject", "stage", "region", "school")
    return {
        page.pk: page_document(
            builder,
            page,
            type=DocumentType.WORKSHOP,
            summary=page.intro,
            subject=page.subject,
            stage=page.stage,
            region=page.region.path if page.region_id else "",
            school=page.school.name if page.school_id else "",
            public=page.visibility == Visibility.PUBLIC,
        )
        for page in pages
    }


def register_with_search() -> None:
    register(WorkshopPage, type=DocumentType.WORKSHOP, build=workshop_documents)
