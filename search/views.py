"""Public search page (/search/) and JSON API (/api/search/): parse, call the service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from home.params import parse_int
from resources.models import RecommendationLevel, ResourceKind

from .models import DocumentType
from .query import FACET_LABELS, FILTER_PARAMS, SORTS, SearchParamError, SearchRequest
from .services import resources_search
from .suggest import SuggestError, suggest
from .text import normalize_query

JSON_OPTIONS = {"ensure_ascii": False}


@require_GET
def api_search(request):
    """``GET /api/search/``: see the README (parameters, response shape)."""
    try:
        search_request = SearchRequest.from_params(request.GET)
    except SearchParamError as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params=JSON_OPTIONS)
    result = resources_search(request=search_request)
    response = JsonResponse(result.as_api(), json_dumps_params=JSON_OPTIONS)
    response["X-Search-Backend"] = result.backend
    return response


@require_GET
def api_suggest(request):
    """``GET /api/search/suggest/?q=…``: suggestions while typing (docs/search.md)."""
    try:
        found = suggest(q=str(request.GET.get("q", "")))
    except SuggestError as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params=JSON_OPTIONS)
    return JsonResponse({"suggestions": [s.as_api() for s in found]}, json_dumps_params=JSON_OPTIONS)


@require_GET
def search(request):
    """搜索页: query box, facets as links with counts, highlighted results, pagination."""
    error = ""
    try:
        search_request = SearchRequest.from_params(request.GET)
    except SearchParamError as exc:
        error = str(exc)
        search_request = SearchRequest(q=normalize_query(str(request.GET.get("q", ""))))
    result = resources_search(request=search_request)
    params = {"q": search_request.q, **search_request.filters}
    if search_request.sort != "relevance":
        params["sort"] = search_request.sort
    params = {k: v for k, v in params.items() if v}
    if not search_request.fix:
        params["fix"] = "0"  # pages and facets of an uncorrected query stay uncorrected
    paginator = Paginator(range(min(result.count, 10_000)), search_request.page_size)
    page = paginator.get_page(search_request.page) if result.count else None
    context = {
        "search_query": search_request.q,
        "result": result,
        "error": error,
        "page_obj": page,
        "query_string": urlencode(params),
        "facet_groups": facet_groups(result.facets, params),
        "sorts": [
            (value, label, _url(params, sort=value if value != "relevance" else None), value == search_request.sort)
            for value, label in SORTS.items()
        ],  # fmt: skip
        "active": bool(search_request.filters),
        "hidden_fields": [(k, v) for k, v in params.items() if k not in ("q", "fix")],
    }
    return TemplateResponse(request, "search/search.html", context)


def _url(params: dict, **changes) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v})


def _label(name: str, value: str) -> str:
    if name == "type":
        return str(DocumentType(value).label) if value in DocumentType.values else value
    if name == "kind":
        return str(ResourceKind(value).label) if value in ResourceKind.values else value
    if name == "level":
        level = parse_int(value, maximum=max(RecommendationLevel.values))
        return f"{RecommendationLevel(level).label}及以上" if level is not None else value
    if name == "region":
        return value.rsplit("/", 1)[-1]
    return value


def facet_groups(facets: dict[str, list[dict]], params: dict) -> list[dict]:
    """Facets as link lists: a click sets the value (and goes back to page 1); the selected
    value shows with a link that removes it. Regions list the level below the selection."""
    groups = []
    for name in FILTER_PARAMS:
        selected = params.get(name, "")
        options = facets.get(name, [])
        if name == "region":
            depth = selected.count("/") + 2 if selected else 1
            options = [
                o
                for o in options
                if o["value"].count("/") + 1 == depth and (not selected or o["value"].startswith(selected + "/"))
            ]
        options = [
            {
                "label": _label(name, o["value"]),
                # A region's tooltip is its full path; other values are codes (unit_case,
                # micro_lecture, 2), which a teacher should not see.
                "title": o["value"] if name == "region" else "",
                "count": o["count"],
                "url": _url(params, **{name: o["value"]}),
                "active": o["value"] == selected,
            }
            for o in options[:30]
        ]
        if not options and not selected:
            continue
        groups.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "selected": _label(name, selected) if selected else "",
                "remove_url": _url(params, **{name: None}),
                "options": options,
            }  # fmt: skip
        )
    return groups
