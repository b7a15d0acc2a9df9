"""Library listing filters (资源库筛选): parsed from the query string so a listing URL can be shared.

Parameters: ``subject``, ``stage``, ``grade`` (Chinese names as in the taxonomies),
``kind`` (import codes), ``region`` (a path prefix such as ``湖南省/长沙市``),
``school`` (id), ``tag`` (name), ``level`` (minimum recommendation level),
``sort`` (``newest`` | ``title`` | ``views``), ``page``.
Unknown values never raise: they select nothing and are reported in ``errors``.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from home import aliases, taxonomy_data
from home.models import Grade, Region, School, Subject
from home.params import parse_id, parse_int

from .models import RecommendationLevel, ResourceKind

SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
    "views": ("-view_count", "-pk"),
}
SORT_LABELS = {"newest": "最新发布", "title": "按标题", "views": "最多浏览"}
MAX_PARAM_LENGTH = 100


def _options(choices: list[tuple[str, str]], selected: str | None) -> str:
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
            for value, label in choices
        )
    )


def _taxonomy_choices() -> dict[str, list[SimpleNamespace]]:
    grades = list(Grade.objects.select_related("stage").order_by("stage__sort_order", "sort_order"))
    # Stages are read from the grade query: every stage has grades.
    stages = {grade.stage_id: SimpleNamespace(name=grade.stage.name) for grade in grades}
    return {
        "subjects": [SimpleNamespace(name=name) for name in Subject.objects.values_list("name", flat=True)],
        "stages": list(stages.values()),
        "grades": [SimpleNamespace(name=grade.name, stage=stages[grade.stage_id]) for grade in grades],
        "regions": [SimpleNamespace(path=path) for path in Region.objects.values_list("path", flat=True)],
    }


class ResourceFilter:
    params = ("subject", "stage", "grade", "kind", "region", "school", "tag", "level", "sort")

    def __init__(self, data, *, request=None):
        self.request = request
        # Control characters (NUL above all: PostgreSQL rejects it in text) never reach SQL.
        cleaned = {key: "".join(ch for ch in str(data.get(key, "")) if ch.isprintable()) for key in self.params}
        self.data = {key: value.strip()[:MAX_PARAM_LENGTH].strip() for key, value in cleaned.items() if value.strip()}
        # Aliases name the same taxonomy values (subject=生物 → 生物学, grade=初一 → 七年级).
        for key, names in (("stage", taxonomy_data.STAGES), ("subject", taxonomy_data.all_subjects())):
            if key in self.data:
                self.data[key] = aliases.canonical(key, self.data[key], allowed=names)
        if "grade" in self.data:
            grades = taxonomy_data.GRADES.get(self.data.get("stage", ""))
            grades = grades or [g for names in taxonomy_data.GRADES.values() for g in names]
            self.data["grade"] = aliases.canonical("grade", self.data["grade"], allowed=grades)
        self.errors: list[str] = []
        self.sort = self.data.get("sort", "newest")
        if self.sort not in SORTS:
            self.errors.append("未知的排序方式，已按最新发布排序。")
            self.sort = "newest"

    # --- choices for the form --------------------------------------------------
    # The taxonomies (stages, subjects, grades, regions) are read once per page-cache generation
    # and kept in the cache as plain values: editing any of them starts a new generation
    # (home.signal_handlers), as publishing does.
    @cached_property
    def _choices(self) -> dict[str, list[SimpleNamespace]]:
        from django.core.cache import cache

        from home.page_cache import generation

        return cache.get_or_set(f"library-choices:{generation(self.request)}", _taxonomy_choices, 3600)

    def subjects(self) -> list[SimpleNamespace]:
        return self._choices["subjects"]

    def stages(self) -> list[SimpleNamespace]:
        return self._choices["stages"]

    def grades(self) -> list[SimpleNamespace]:
        if "stage" in self.data:
            return [grade for grade in self._choices["grades"] if grade.stage.name == self.data["stage"]]
        return self._choices["grades"]

    # <option> lists of the form, built here rather than in a template loop: the library
    # renders a hundred options or more on every request.
    def stage_options(self) -> str:
        return _options([(s.name, s.name) for s in self.stages()], self.data.get("stage"))

    def subject_options(self) -> str:
        return _options([(s.name, s.name) for s in self.subjects()], self.data.get("subject"))

    def grade_options(self) -> str:
        return _options(
            [(g.name, f"{g.stage.name} · {taxonomy_data.grade_label(g.stage.name, g.name)}") for g in self.grades()],
            self.data.get("grade"),
        )

    def region_options(self) -> str:
        return _options([(r.path, r.path) for r in self.regions()], self.data.get("region"))

    def kinds(self):
        return ResourceKind.choices

    def levels(self):
        return [(value, label) for value, label in RecommendationLevel.choices if value > 0]

    def regions(self) -> list[SimpleNamespace]:
        return self._choices["regions"]

    def schools(self):
        """Schools offered in the form: those of the chosen region (a whole country's schools
        would not fit one list), or just the chosen school."""
        if "region" in self.data:
            return School.objects.filter(Region.path_q(self.data["region"], "region__path"))
        school_id = parse_id(self.data.get("school"))
        if school_id is not None:
            return School.objects.filter(pk=school_id)
        return School.objects.none()

    def sorts(self):
        return SORT_LABELS.items()

    # --- applying --------------------------------------------------------------
    def apply(self, queryset: QuerySet) -> QuerySet:
        data = self.data
        if "subject" in data:
            queryset = queryset.filter(subject__name=data["subject"])
        if "stage" in data:
            queryset = queryset.filter(stage__name=data["stage"])
        if "grade" in data:
            # A 培智 segment (培智低段) also finds the works of its grades (特殊教育 一年级–三年级).
            stage, names = taxonomy_data.grade_scope(data["grade"])
            queryset = queryset.filter(grade__name__in=names)
            if stage:
                queryset = queryset.filter(grade__stage__name=stage)
        if "kind" in data:
            if data["kind"] not in ResourceKind.values:
                self.errors.append(f"未知的资源类型“{data['kind']}”。")
                return queryset.none()
            queryset = queryset.filter(kind=data["kind"])
        if "region" in data:
            queryset = queryset.filter(Region.path_q(data["region"], "region__path"))
        if "school" in data:
            school_id = parse_id(data["school"])
            if school_id is None:
                self.errors.append("学校参数无效。")
                return queryset.none()
            queryset = queryset.filter(school_id=school_id)
        if "tag" in data:
            queryset = queryset.filter(tags__name=data["tag"])
        if "level" in data:
            level = parse_int(data["level"], maximum=max(RecommendationLevel.values))
            if level is None:
                self.errors.append("推优级别参数无效。")
                return queryset.none()
            queryset = queryset.filter(recommendation_level__gte=level)
        return (
            queryset.order_by(*SORTS[self.sort]).distinct() if "tag" in data else queryset.order_by(*SORTS[self.sort])
        )

    def query_string(self, exclude=()) -> str:
        return urlencode({k: v for k, v in self.data.items() if k not in exclude})

    def active(self) -> bool:
        return any(key in self.data for key in self.params if key != "sort")
