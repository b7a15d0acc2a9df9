"""Writes of the 同课异构 showcase: the showcase section, recordings and cases."""

from __future__ import annotations

from pathlib import Path

from wagtailmedia.models import get_media_model

from django.core.files import File
from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Page

from home.models import HomePage

from .models import CaseDesign, ShowcaseCasePage, ShowcaseIndexPage


def showcase_index_get_or_create(*, home: HomePage | None = None) -> ShowcaseIndexPage:
    """The showcase section under the home page (normally made by migration 0002)."""
    existing = ShowcaseIndexPage.objects.first()
    if existing is not None:
        return existing
    home = home or HomePage.objects.get()
    index = ShowcaseIndexPage(
        title="同课异构",
        slug="showcase",
        seo_title="同课异构案例展示",
        intro="同一节课，不同学校、不同地区的老师各有设计。并排比较教学目标、核心活动、时间分配与评价方式。",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def recording_get_or_create(
    *, title: str, path: Path, duration: float = 0, width: int | None = None, height: int | None = None, user=None
):
    """A video in the media library (wagtailmedia), found again by title so loaders can re-run."""
    Media = get_media_model()
    media = Media.objects.filter(title=title, type="video").first()
    if media is not None:
        return media
    media = Media(title=title, type="video", duration=duration, width=width, height=height, uploaded_by_user=user)
    with path.open("rb") as handle:
        media.file.save(path.name, File(handle), save=False)
    media.save()
    return media


@transaction.atomic
def case_create(
    *,
    index: ShowcaseIndexPage,
    title: str,
    lesson: dict,
    designs: list[dict],
    intro: str = "",
    expert: dict | None = None,
    featured: bool = False,
    user=None,
    publish: bool = True,
) -> ShowcaseCasePage:
    """Create a 同课异构 case with its designs and publish it.

    ``lesson`` holds ``subject``, ``stage``, ``grade`` (objects), ``textbook_edition``, ``unit``
    and ``lesson_title``; each of ``designs`` the ``CaseDesign`` fields (``teaching_design``,
    ``recording``, ``courseware``, ``reflection``, ``objectives``, ``key_activities``,
    ``time_allocation`` as a list of ``{"kind", "label", "minutes"}``, ``assessment`` …).
    """
    expert = expert or {}
    case = ShowcaseCasePage(
        title=title,
        slug=_free_slug(index, slugify(lesson["lesson_title"], allow_unicode=True) or "case"),
        intro=intro,
        expert_name=expert.get("name", ""),
        expert_title=expert.get("title", ""),
        expert_commentary=expert.get("commentary", ""),
        featured=featured,
        owner=user,
        live=False,
        **lesson,
    )
    children = []
    for order, values in enumerate(designs):
        values = dict(values)
        phases = values.pop("time_allocation", [])
        design = CaseDesign(sort_order=order, **values)
        design.time_allocation = [{"type": "phase", "value": dict(phase)} for phase in phases]
        children.append(design)
    case.designs = children
    index.add_child(instance=case)  # a draft until its revision is published
    revision = case.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        case.refresh_from_db()
    return case


def _free_slug(parent: Page, base: str) -> str:
    siblings = set(
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list("slug", flat=True)
    )
    slug, n = base[:200], 1
    while slug in siblings:
        n += 1
        slug = f"{base[:190]}-{n}"
    return slug
