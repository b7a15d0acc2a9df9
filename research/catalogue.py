"""What the portal offers for each dimension: public courses, micro-lectures, resources and
workshops with the dimensions they develop (through ``DimensionTag``).

A tag on a course covers the course, its modules and micro-lectures; a tag on a module covers
the module's course and its micro-lectures; a tag on a resource kind covers every resource of
that kind; a tag on a workshop activity covers its workshop. Only public items are listed:
live pages without a view restriction (``home.visibility``) and workshops open to everyone, so
whatever is built from the catalogue (matching, recommendations) never names what someone may
not see. A fixed number of queries, whatever the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from home.visibility import path_is_public, restricted_paths
from resources.models import GeneratedResourcePage
from training.models import CoursePage, MicroLecturePage
from workshops.models import Visibility, WorkshopPage

from .models import DimensionTag

KIND_LABELS = {"course": "课程", "lecture": "微课", "resource": "资源", "workshop": "工作坊"}
RESOURCE_LIMIT = 300  # resources considered per catalogue (most viewed first, tagged ones always)


@dataclass
class Item:
    key: str  # "course:12", "lecture:40", "resource:7", "workshop:3"
    kind: str
    page: object
    stage_id: int | None
    subject_id: int | None
    dimensions: set[int] = field(default_factory=set)
    published: datetime | None = None
    popularity: int = 0

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def title(self) -> str:
        return self.page.title

    def fits(self, *, stage_id: int | None, subject_id: int | None) -> bool:
        """Meant for this stage and subject (an item without a stage or subject fits all)."""
        return (not stage_id or self.stage_id in (None, stage_id)) and (
            not subject_id or self.subject_id in (None, subject_id)
        )


@dataclass
class Tags:
    pages: list[tuple[int, str]]  # (dimension id, page path)
    workshops: list[tuple[int, int]]  # (dimension id, workshop id) from activity tags
    kinds: dict[str, set[int]]  # resource kind -> dimension ids

    @classmethod
    def load(cls) -> Tags:
        pages, workshops, kinds = [], [], {}
        rows = DimensionTag.objects.values_list("dimension_id", "page__path", "activity__workshop_id", "kind")
        for dimension_id, path, workshop_id, kind in rows:
            if path:
                pages.append((dimension_id, path))
            elif workshop_id:
                workshops.append((dimension_id, workshop_id))
            elif kind:
                kinds.setdefault(kind, set()).add(dimension_id)
        return cls(pages=pages, workshops=workshops, kinds=kinds)

    def above(self, path: str) -> set[int]:
        """Dimensions tagged on this page or an ancestor."""
        return {d for d, tagged in self.pages if path.startswith(tagged)}

    def within(self, path: str) -> set[int]:
        """Dimensions tagged on this page or anything below it."""
        return {d for d, tagged in self.pages if tagged.startswith(path)}


def catalogue(*, stage_id: int | None = None, subject_id: int | None = None, dimension_ids=()) -> list[Item]:
    """Public items; resources limited to the given stage/subject (or tagged with one of
    ``dimension_ids`` through their page or kind) and to the ``RESOURCE_LIMIT`` most viewed."""
    tags = Tags.load()
    restricted = restricted_paths()

    def public(page) -> bool:
        return path_is_public(live=page.live, path=page.path, restricted=restricted)

    items: list[Item] = []
    courses = [c for c in CoursePage.objects.live().order_by("path") if public(c)]
    for course in courses:
        items.append(
            Item(
                key=f"course:{course.pk}",
                kind="course",
                page=course,
                stage_id=course.stage_id,
                subject_id=course.subject_id,
                dimensions=tags.above(course.path) | tags.within(course.path),
                published=course.first_published_at,
            )
        )
    by_path = {c.path: c for c in courses}
    for lecture in MicroLecturePage.objects.live().order_by("path"):
        course = next((c for p, c in by_path.items() if lecture.path.startswith(p)), None)
        if course is None or not public(lecture):
            continue  # a lecture of a draft or restricted course
        items.append(
            Item(
                key=f"lecture:{lecture.pk}",
                kind="lecture",
                page=lecture,
                stage_id=lecture.stage_id or course.stage_id,
                subject_id=course.subject_id,
                dimensions=tags.above(lecture.path),
                published=lecture.first_published_at,
            )
        )
    items.extend(_resources(tags, stage_id=stage_id, subject_id=subject_id, dimension_ids=dimension_ids))
    workshops = WorkshopPage.objects.live().filter(visibility=Visibility.PUBLIC).order_by("path")
    for workshop in workshops:
        if not public(workshop):
            continue
        dimensions = tags.above(workshop.path) | {d for d, w in tags.workshops if w == workshop.pk}
        items.append(
            Item(
                key=f"workshop:{workshop.pk}",
                kind="workshop",
                page=workshop,
                stage_id=workshop.stage_id,
                subject_id=workshop.subject_id,
                dimensions=dimensions,
                published=workshop.first_published_at,
            )
        )
    return items


def _resources(tags: Tags, *, stage_id, subject_id, dimension_ids) -> list[Item]:
    """Resources of the stage and subject, and those tagged (by page or kind) with one of
    ``dimension_ids``; without a stage or subject only the tagged ones."""
    dimension_ids = set(dimension_ids)
    wanted = Q(pk__in=[])
    if stage_id or subject_id:
        wanted = Q(**{k: v for k, v in (("stage_id", stage_id), ("subject_id", subject_id)) if v})
    kinds = [kind for kind, dims in tags.kinds.items() if dims & dimension_ids]
    if kinds:
        wanted |= Q(kind__in=kinds)
    for path in {path for d, path in tags.pages if d in dimension_ids}:
        wanted |= Q(path__startswith=path)
    resources = (
        GeneratedResourcePage.objects.visible_to_public()
        .filter(wanted)
        .defer("body")
        .order_by("-view_count", "-first_published_at", "pk")[:RESOURCE_LIMIT]
    )
    return [
        Item(
            key=f"resource:{r.pk}",
            kind="resource",
            page=r,
            stage_id=r.stage_id,
            subject_id=r.subject_id,
            dimensions=tags.kinds.get(r.kind, set()) | tags.above(r.path),
            published=r.first_published_at,
            popularity=r.view_count,
        )
        for r in resources
    ]
