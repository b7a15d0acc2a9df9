"""The portal's public pages besides library resources, as search documents (全站搜索): courses
(课程), micro-lectures (微课), lesson recordings (课堂实录) with their slice notes, 同课异构 cases
with their designs, and public workshops (工作坊).

Each page becomes a document of the same shape as a resource's (``documents.DocumentBuilder``),
with its ``type`` (``models.DocumentType``), so both backends index, filter and rank it with
the same code. What goes in is what the page shows an anonymous visitor, no more:

- a course: its title, 课程简介, 课程说明, subject and stage;
- a micro-lecture: title, 简介, 教学要点 and 字幕文稿 (shown to every visitor), its stage, and
  its course's subject;
- a lesson recording: title, 课例简介, 执教教师, and each slice's title and diagnosis note;
- a case: the lesson (课题, 单元, 教材版本), the introduction, the expert's commentary, and the
  comparison points of each design whose teaching design the public may see (as the case page
  shows them: a design whose teaching design was unpublished disappears from the document too);
- a workshop: its title and introduction (its public face). A members-only (仅成员可见)
  workshop is stored as ``private`` and never found; workshop material (plans, activities,
  threads, files) is never read here.

Visibility is the resources' rule (``home.visibility``): live and not view-restricted, else
``private``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from wagtail.models import Page

from home.consent import is_public
from home.text import MAX_BODY_CHARS, strip_html
from resources.models import GeneratedResourcePage
from showcase.models import CaseDesign, ShowcaseCasePage
from training.models import CoursePage, LessonRecordingPage, LessonSlice, MicroLecturePage

from .models import DocumentType, Visibility

# Every indexed page model and the type of its documents (resources are built by
# ``documents.DocumentBuilder`` itself; the others here).
INDEXED_MODELS: dict[type[Page], str] = {
    GeneratedResourcePage: DocumentType.RESOURCE,
    CoursePage: DocumentType.COURSE,
    MicroLecturePage: DocumentType.MICRO_LECTURE,
    LessonRecordingPage: DocumentType.RECORDING,
    ShowcaseCasePage: DocumentType.CASE,
}
# A list changed in place by ``register`` (signal_handlers imports it before apps register).
OTHER_MODELS = [model for model in INDEXED_MODELS if model is not GeneratedResourcePage]
# A course item's path is its course's path plus a module step and its own step.
ITEM_DEPTH_BELOW_COURSE = 2


def _content_types(models) -> list[int]:
    return [ContentType.objects.get_for_model(model, for_concrete_model=False).pk for model in models]


def indexed_page_ids() -> list[int]:
    """Every page that has a search document, public or not (rebuild, reconcile)."""
    types = _content_types(INDEXED_MODELS)
    return list(Page.objects.filter(content_type__in=types).order_by("pk").values_list("pk", flat=True))


def indexed_ids_below(path: str) -> list[int]:
    """The indexed pages at or below a tree path (a move or view restriction changes them all)."""
    types = _content_types(INDEXED_MODELS)
    return list(Page.objects.filter(path__startswith=path, content_type__in=types).values_list("pk", flat=True))


def with_dependents(page_ids) -> list[int]:
    """The pages plus those whose documents show something of them: the micro-lectures and
    recordings of a course (its subject and stage), and the 同课异构 cases using a resource as a
    teaching design (a design is shown only while its teaching design is public)."""
    ids = {int(pk) for pk in page_ids}
    if not ids:
        return []
    out = set(ids)
    out.update(CaseDesign.objects.filter(teaching_design_id__in=ids).values_list("page_id", flat=True))
    for path in CoursePage.objects.filter(pk__in=ids).values_list("path", flat=True):
        out.update(indexed_ids_below(path))
    return sorted(out)


def build_other(builder, page_ids: list[int]) -> dict[int, dict]:
    """Documents of the pages among ``page_ids`` that are not resources (one query to sort
    them by type, then one or two per type present); pages that no longer exist are left out."""
    by_model: dict[type[Page], list[int]] = {}
    models_by_type = {ContentType.objects.get_for_model(m, for_concrete_model=False).pk: m for m in OTHER_MODELS}
    for pk, content_type in Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id"):
        model = models_by_type.get(content_type)
        if model is not None:
            by_model.setdefault(model, []).append(pk)
    docs: dict[int, dict] = {}
    for model, ids in by_model.items():
        docs.update(BUILDERS[model](builder, ids))
    return docs


def page_document(builder, page, *, type: str, summary: str = "", body: str = "", subject=None, stage=None,
              grade=None, region: str = "", school: str = "", author: str = "", public: bool = True) -> dict:  # fmt: skip
    """The document of one page, in the shape of a resource's (no kind, tags or level)."""
    published = page.first_published_at
    visible = public and builder.visibility(live=page.live, path=page.path) == Visibility.PUBLIC
    return {
        "id": page.pk,
        "type": str(type),
        "title": page.title,
        "summary": summary or "",
        "body": (body or "")[:MAX_BODY_CHARS],
        "url": builder.url(page.url_path),
        "kind": "",
        "subject": subject.name if subject else "",
        "stage": stage.name if stage else "",
        "grade": grade.name if grade else "",
        "region": region or "",
        "school": (school or "")[:100],
        "author": (author or "")[:50],
        "tags": [],
        "recommendation_level": 0,
        "visibility": str(Visibility.PUBLIC if visible else Visibility.PRIVATE),
        "published_at": published.isoformat() if published else None,
    }


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _courses_of(items) -> dict[str, CoursePage]:
    """The course of each course item (by the item's path), in one query."""
    cut = ITEM_DEPTH_BELOW_COURSE * Page.steplen
    paths = {item.path[:-cut] for item in items}
    courses = CoursePage.objects.filter(path__in=paths).select_related("subject", "stage")
    return {course.path: course for course in courses}


def _courses(builder, ids: list[int]) -> dict[int, dict]:
    pages = CoursePage.objects.filter(pk__in=ids).select_related("subject", "stage")
    return {
        page.pk: page_document(
            builder,
            page,
            type=DocumentType.COURSE,
            summary=page.summary,
            body=strip_html(page.body),
            subject=page.subject,
            stage=page.stage,
        )  # fmt: skip
        for page in pages
    }


def _lectures(builder, ids: list[int]) -> dict[int, dict]:
    pages = list(MicroLecturePage.objects.filter(pk__in=ids).select_related("stage"))
    courses = _courses_of(pages)
    docs = {}
    for page in pages:
        course = courses.get(page.path[: -ITEM_DEPTH_BELOW_COURSE * Page.steplen])
        docs[page.pk] = page_document(
            builder,
            page,
            type=DocumentType.MICRO_LECTURE,
            summary=page.summary,
            body=_join(strip_html(page.teaching_notes), page.transcript),
            subject=course.subject if course else None,
            stage=page.stage or (course.stage if course else None),
        )
    return docs


def _recordings(builder, ids: list[int]) -> dict[int, dict]:
    slices = Prefetch("slices", queryset=LessonSlice.objects.order_by("start_seconds"))
    pages = list(
        LessonRecordingPage.objects.filter(pk__in=ids).select_related("video__consent").prefetch_related(slices)
    )
    courses = _courses_of(pages)
    docs = {}
    for page in pages:
        course = courses.get(page.path[: -ITEM_DEPTH_BELOW_COURSE * Page.steplen])
        notes = _join(*(f"{s.title} {s.diagnosis}" for s in page.slices.all()))
        docs[page.pk] = page_document(
            builder,
            page,
            type=DocumentType.RECORDING,
            summary=page.summary,
            body=notes,
            author=page.teacher_name,
            subject=course.subject if course else None,
            stage=course.stage if course else None,
            public=is_public(page.video),  # without public consent the page is a 404 to the public
        )
    return docs


def _cases(builder, ids: list[int]) -> dict[int, dict]:
    designs = Prefetch(
        "designs", queryset=CaseDesign.objects.select_related("teaching_design__author").order_by("sort_order")
    )
    pages = list(
        ShowcaseCasePage.objects.filter(pk__in=ids)
        .select_related("subject", "stage", "grade")
        .prefetch_related(designs)
    )
    linked = {d.teaching_design_id for page in pages for d in page.designs.all() if d.teaching_design_id}
    public = set(GeneratedResourcePage.objects.visible_to_public().filter(pk__in=linked).values_list("pk", flat=True))
    docs = {}
    for page in pages:
        shown = [d for d in page.designs.all() if d.teaching_design_id in public]
        designs_text = _join(
            *(_join(d.label, d.highlight, d.teacher_name, d.objectives, d.key_activities, d.assessment) for d in shown)
        )
        docs[page.pk] = page_document(
            builder,
            page,
            type=DocumentType.CASE,
            summary=strip_html(page.intro),
            body=_join(
                page.lesson_title,
                page.unit,
                page.textbook_edition,
                page.expert_name,
                strip_html(page.expert_commentary),
                designs_text,
            ),  # fmt: skip
            subject=page.subject,
            stage=page.stage,
            grade=page.grade,
            author="、".join(dict.fromkeys(d.teacher_name for d in shown if d.teacher_name)),
        )
    return docs


BUILDERS: dict[type[Page], Callable[..., dict[int, dict]]] = {
    CoursePage: _courses,
    MicroLecturePage: _lectures,
    LessonRecordingPage: _recordings,
    ShowcaseCasePage: _cases,
}


def register(model: type[Page], *, type: str, build: Callable[..., dict[int, dict]]) -> None:
    """Index ``model``'s pages as documents of ``type``, built by ``build(builder, ids)``.

    For an app that search may not import (workshops: no app imports it; it registers its
    public workshops from its ``AppConfig.ready``)."""
    from .signal_handlers import connect_page_model

    INDEXED_MODELS[model] = type
    BUILDERS[model] = build
    if model not in OTHER_MODELS:
        OTHER_MODELS.append(model)
    connect_page_model(model)
