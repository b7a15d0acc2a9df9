"""Showcase listing filters (案例筛选): ``subject``, ``stage`` (Chinese names) and ``region``
(a path prefix at any level, matched against the regions of a case's designs), from the query
string so a filtered listing can be shared. Unknown values select nothing; they never raise."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet

from home.models import Region, Stage, Subject

MAX_PARAM_LENGTH = 100


class CaseFilter:
    params = ("subject", "stage", "region")

    def __init__(self, data, *, cases: QuerySet):
        cleaned = {key: "".join(ch for ch in str(data.get(key, "")) if ch.isprintable()) for key in self.params}
        self.data = {key: value.strip()[:MAX_PARAM_LENGTH].strip() for key, value in cleaned.items() if value.strip()}
        self._cases = cases

    # --- choices for the form: only what published cases use -------------------------
    def subjects(self):
        return Subject.objects.filter(pk__in=self._cases.values("subject_id"))

    def stages(self):
        return Stage.objects.filter(pk__in=self._cases.values("stage_id"))

    def regions(self) -> list[str]:
        """Every region path (province, city, county) under which a published case has a design."""
        paths = Region.objects.filter(pk__in=self._cases.values("designs__teaching_design__region_id")).values_list(
            "path", flat=True
        )
        found = {prefix for path in paths for prefix in _prefixes(path)}
        return sorted(found)

    # --- applying ---------------------------------------------------------------------------
    def apply(self, queryset: QuerySet) -> QuerySet:
        data = self.data
        if "subject" in data:
            queryset = queryset.filter(subject__name=data["subject"])
        if "stage" in data:
            queryset = queryset.filter(stage__name=data["stage"])
        if "region" in data:
            matching = Region.objects.filter(Region.path_q(data["region"]))
            queryset = queryset.filter(designs__teaching_design__region__in=matching).distinct()
        return queryset.order_by("-featured", "-first_published_at", "-pk")

    def query_string(self, exclude=()) -> str:
        return urlencode({k: v for k, v in self.data.items() if k not in exclude})

    def active(self) -> bool:
        return bool(self.data)


def _prefixes(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
