"""A search request and its result, independent of the backend that answers it."""

from __future__ import annotations

from dataclasses import dataclass, field

from home.params import parse_int
from resources.models import RecommendationLevel, ResourceKind

from .models import DocumentType
from .text import normalize_query, query_terms

SORTS = {"relevance": "相关度", "newest": "最新发布", "level": "推优级别"}
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deep pages are refused: Elasticsearch's default result window is 10,000 hits.
MAX_RESULT_WINDOW = 10_000
MAX_PARAM_LENGTH = 255
FILTER_PARAMS = ("type", "subject", "stage", "grade", "kind", "region", "level", "tag")
FACET_LABELS = {
    "type": "内容类别",
    "subject": "学科",
    "stage": "学段",
    "grade": "年级",
    "kind": "资源类型",
    "region": "区域",
    "level": "推优级别",
    "tag": "标签",
}


class SearchParamError(ValueError):
    """A malformed parameter; the message is shown to the user (HTTP 400 in the API)."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    fix: bool = True  # correct input-method slips (fix=0: search exactly what was typed)

    @property
    def terms(self) -> list[str]:
        return query_terms(self.q)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def min_level(self) -> int | None:
        return int(self.filters["level"]) if "level" in self.filters else None

    @classmethod
    def from_params(cls, data) -> SearchRequest:
        """Parse query parameters (a QueryDict or dict). Unknown taxonomy values are kept (they
        select nothing); malformed sort, page, page size, level and type raise ``SearchParamError``.
        No ``type`` searches every type; ``type=resource`` keeps the resource facets as before."""

        def get(name: str) -> str:
            value = data.get(name, "")
            return str(value).strip()[:MAX_PARAM_LENGTH] if value is not None else ""

        filters = {}
        for name in FILTER_PARAMS:
            value = get(name)
            if "\x00" in value:
                raise SearchParamError(f"参数 {name} 含有不允许的字符。")
            if value:
                filters[name] = value.strip("/") if name == "region" else value
        _canonical_filters(filters)
        if "type" in filters and filters["type"] not in DocumentType.values:
            raise SearchParamError(f"type 应为 {' / '.join(DocumentType.values)} 之一。")
        if "level" in filters:
            level = parse_int(filters["level"], maximum=max(RecommendationLevel.values))
            if level is None:
                raise SearchParamError("level 应为 0–4 的整数（推优级别下限）。")
            filters["level"] = str(level)
        sort = get("sort") or "relevance"
        if sort not in SORTS:
            raise SearchParamError(f"sort 应为 {' / '.join(SORTS)} 之一。")
        page = _positive_int(get("page"), "page", default=1)
        page_size = _positive_int(get("page_size"), "page_size", default=DEFAULT_PAGE_SIZE)
        if page_size > MAX_PAGE_SIZE:
            raise SearchParamError(f"page_size 最大为 {MAX_PAGE_SIZE}。")
        if page * page_size > MAX_RESULT_WINDOW:
            raise SearchParamError(f"只能翻阅前 {MAX_RESULT_WINDOW} 条结果，请缩小搜索范围。")
        fix = get("fix") != "0"
        return cls(q=normalize_query(get("q")), filters=filters, sort=sort, page=page, page_size=page_size, fix=fix)

    def selects_nothing(self) -> bool:
        """A kind code that does not exist can match nothing; skip the backend."""
        return "kind" in self.filters and self.filters["kind"] not in ResourceKind.values


def _canonical_filters(filters: dict[str, str]) -> None:
    """Aliases in taxonomy filters name the same works: subject=生物 is subject=生物学,
    grade=初一 is grade=七年级, stage=初中部 is stage=初中 (see ``search.dictionary``)."""
    from home import aliases, taxonomy_data

    if "stage" in filters:
        filters["stage"] = aliases.canonical("stage", filters["stage"], allowed=taxonomy_data.STAGES)
    stage = filters.get("stage")
    if "subject" in filters:
        subjects = taxonomy_data.SUBJECTS.get(stage) or taxonomy_data.all_subjects()
        filters["subject"] = aliases.canonical("subject", filters["subject"], allowed=subjects)
    if "grade" in filters:
        grades = taxonomy_data.GRADES.get(stage) or [g for gs in taxonomy_data.GRADES.values() for g in gs]
        filters["grade"] = aliases.canonical("grade", filters["grade"], allowed=grades)


def _positive_int(value: str, name: str, *, default: int) -> int:
    if not value:
        return default
    number = parse_int(value, minimum=1, maximum=999_999)
    if number is None:
        raise SearchParamError(f"{name} 应为正整数。")
    return number


@dataclass
class SearchHit:
    id: int
    title: str
    url: str
    snippet: str
    kind: str
    subject: str
    stage: str
    grade: str
    region: str
    school: str
    author: str
    recommendation_level: int
    published_at: str | None = None
    type: str = DocumentType.RESOURCE

    @property
    def type_label(self) -> str:
        """资源, 课程, 微课, 课堂实录, 同课异构案例 or 工作坊: what the result is."""
        return str(DocumentType(self.type).label) if self.type in DocumentType.values else self.type

    @property
    def kind_label(self) -> str:
        return str(ResourceKind(self.kind).label) if self.kind in ResourceKind.values else self.kind

    @property
    def level_label(self) -> str:
        return str(RecommendationLevel(self.recommendation_level).label)

    def as_api(self) -> dict:
        return {
            "id": self.id,
            "type": str(self.type),
            "title": self.title,
            "url": self.url,
            "snippet": self.snippet,
            "kind": self.kind,
            "subject": self.subject,
            "stage": self.stage,
            "region": self.region,
            "recommendation_level": self.recommendation_level,
        }


@dataclass
class SearchResult:
    request: SearchRequest
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in FILTER_PARAMS})
    backend: str = "database"
    took_ms: float = 0.0
    # A query with an input-method slip (勾股定里): the corrected query, and whether the
    # results shown are those of the corrected query (the typed one found nothing).
    suggestion: str = ""
    corrected: bool = False

    def as_api(self) -> dict:
        return {
            "count": self.count,
            "results": [hit.as_api() for hit in self.hits],
            "facets": self.facets,
            "did_you_mean": {"q": self.suggestion, "url": self.suggestion_url, "results_shown": self.corrected}
            if self.suggestion
            else None,
        }

    @property
    def suggestion_url(self) -> str:
        """The search page for the corrected query, with the same filters."""
        if not self.suggestion:
            return ""
        from urllib.parse import urlencode

        from django.urls import reverse

        params = {"q": self.suggestion, **self.request.filters}
        return reverse("search") + "?" + urlencode(params)

    @property
    def original_url(self) -> str:
        """The search page for exactly what was typed (no correction)."""
        from urllib.parse import urlencode

        from django.urls import reverse

        return reverse("search") + "?" + urlencode({"q": self.request.q, **self.request.filters, "fix": "0"})


def level_facet(counts: dict[int, int]) -> list[dict]:
    """Recommendation level counts, cumulative: the ``level`` filter is a minimum
    ("县级优秀及以上"), so each value counts the works a click on it would show."""
    out, running = [], 0
    for level in sorted(RecommendationLevel.values, reverse=True):
        running += counts.get(level, 0)
        if level > 0 and running:
            out.append({"value": str(level), "count": running})
    return sorted(out, key=lambda item: int(item["value"]))


def sort_facet(counts: dict[str, int], limit: int = 100) -> list[dict]:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{"value": value, "count": count} for value, count in items]
