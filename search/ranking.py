"""The search pipeline both backends run (so they answer alike): understand the query
(``search.expansion``), let the backend find and score candidates, move title matches to the
front of the first ``RERANK_WINDOW`` results, search the corrected query too when the typed one
has an input-method slip (``search.typos``), and require one clause fewer when nothing is found.

A backend provides ``candidates(request, plan, offset, limit, visibility)`` → ``Candidates``
(the count, ``limit`` (id, title) pairs from position ``offset`` in its own order, facet counts) and
``hits(ids, terms, candidates)`` → ``SearchHit`` list in the order of ``ids``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .analysis import fold
from .expansion import QueryPlan, canonical_text, understand
from .query import SearchRequest, SearchResult
from .typos import correct

RERANK_WINDOW = 50
SIMILAR_TITLE = 0.8


@dataclass
class Candidates:
    count: int = 0
    items: list[tuple[int, str]] = field(default_factory=list)
    facets: dict | None = None
    extra: dict = field(default_factory=dict)  # backend data for ``hits`` (ES sources)


def title_tier(plan: QueryPlan, title: str) -> int:
    """2: the title is the query (canonical forms compared: a pasted title of another edition
    matches); 1: the title contains the query or each of its required words (in any order), or
    a long query contains or closely resembles the title; 0: otherwise."""
    core = plan.core
    if len(core) < 2:
        return 0
    text = canonical_text(title)
    if not text:
        return 0
    if text == core:
        return 2
    if core in text or (len(text) >= 6 and text in core):
        return 1
    folded = fold(title)
    required = plan.required
    if required and all(any(a.text in folded for a in clause.alternatives) for clause in required):
        return 1
    if len(core) >= 8 and SequenceMatcher(None, core, text, autojunk=False).ratio() >= SIMILAR_TITLE:
        return 1
    return 0


def rerank(plan: QueryPlan, items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Title matches first (stable: the backend's order within a tier)."""
    return sorted(items, key=lambda item: -title_tier(plan, item[1]))


def run(request: SearchRequest, *, name: str, visibility: str, candidates: Callable, hits: Callable) -> SearchResult:
    started = time.perf_counter()
    plan = understand(request.q) if request.q else QueryPlan()
    backend = {"name": name, "visibility": visibility, "candidates": candidates, "hits": hits}
    result = _search(request, plan, **backend)
    suggestion = correct(request.q) if request.q else ""
    if suggestion and suggestion != request.q:
        # An input-method slip (勾股定里): the corrected query's results are shown when it finds
        # any (the page links back to the typed query, searched with fix=0); else it is offered.
        if request.fix:
            retry = SearchRequest(q=suggestion, filters=request.filters, sort=request.sort, page=request.page,
                                  page_size=request.page_size)  # fmt: skip
            better = _search(retry, understand(suggestion), **backend)
            if better.count:
                better.request, better.corrected = request, True
                result = better
        result.suggestion = suggestion
    if request.q and result.count == 0 and plan.minimum_should_match > 1:
        relaxed = _search(request, plan.relaxed(), **backend)  # most words rather than nothing
        relaxed.suggestion = result.suggestion
        result = relaxed
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


def _search(request: SearchRequest, plan: QueryPlan, *, name, visibility, candidates, hits) -> SearchResult:
    result = SearchResult(request=request, backend=name)
    if request.q and not plan:
        return result  # only punctuation, stopwords or question words: nothing can match
    rerankable = bool(plan) and request.sort == "relevance" and request.offset < RERANK_WINDOW
    if rerankable:
        # Re-ranking permutes the first RERANK_WINDOW results only, so later pages keep the
        # backend's order and no result appears on two pages.
        found = candidates(request, plan, 0, max(RERANK_WINDOW, request.offset + request.page_size), visibility)
        items = rerank(plan, found.items[:RERANK_WINDOW]) + found.items[RERANK_WINDOW:]
        page = [pk for pk, _ in items[request.offset : request.offset + request.page_size]]
    else:
        found = candidates(request, plan, request.offset, request.page_size, visibility)
        page = [pk for pk, _ in found.items]
    result.count = found.count
    result.hits = hits(page, plan.highlight_terms, found)
    if found.facets is not None and found.count:
        result.facets = found.facets
    return result
