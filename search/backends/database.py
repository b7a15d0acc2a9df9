"""Embedded database search backend (数据库检索): works on SQLite and PostgreSQL alike.

SQLite's full-text tokenizer treats a whole run of Chinese characters as one token, so
this backend keeps its own inverted index of jieba tokens (``SearchTerm``) and facet
values (``SearchFacet``). A query is one grouped SQL query over the postings: every query
word must occur (AND), and the score is a BM25-like sum of idf × saturated weight.
"""

from __future__ import annotations

import math
import time
from collections import Counter

from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When

from home.bulk import insert_rows

from ..documents import BOOSTS, facet_values, searchable_fields
from ..models import SearchDocument, SearchFacet, SearchTerm, Visibility
from ..query import FILTER_PARAMS, SearchHit, SearchRequest, SearchResult, level_facet, sort_facet
from ..text import make_snippet, segment

NAME = "database"
K1 = 1.2


def postings(doc: dict) -> dict[str, float]:
    """Token → saturated boosted frequency, ``w·(k1+1)/(w+k1)``."""
    weights: Counter[str] = Counter()
    for name, text in searchable_fields(doc).items():
        boost = BOOSTS[name]
        for token in segment(text).split():
            weights[token] += boost
    return {term: w * (K1 + 1) / (w + K1) for term, w in weights.items()}


def index_documents(docs: dict[int, dict | None], *, versions: dict[int, int] | None = None) -> None:
    """Write documents (``None``: the page is gone) into the database index."""
    versions = versions or {}
    with transaction.atomic():
        if versions:
            # Never replace a document written from a newer change (two workers racing).
            newer = SearchDocument.objects.filter(pk__in=list(docs)).values_list("pk", "version")
            docs = {pk: doc for pk, doc in docs.items() if pk not in {p for p, v in newer if v > versions.get(p, 0)}}
        ids = list(docs)
        SearchDocument.objects.filter(pk__in=ids).delete()
        rows, terms, facets = [], [], []
        for page_id, doc in docs.items():
            if doc is None:
                continue
            rows.append(
                SearchDocument(
                    page_id=page_id,
                    visibility=doc["visibility"],
                    title=doc["title"][:255],
                    summary=doc["summary"],
                    body=doc["body"],
                    url=doc["url"][:500],
                    kind=doc["kind"],
                    subject=doc["subject"],
                    stage=doc["stage"],
                    grade=doc["grade"],
                    region=doc["region"],
                    school=doc["school"],
                    author=doc["author"],
                    tags=doc["tags"],
                    recommendation_level=doc["recommendation_level"],
                    published_at=doc["published_at"],
                    content_hash=doc["content_hash"],
                    version=versions.get(page_id, 0),
                )
            )
            terms += [(page_id, t, w) for t, w in postings(doc).items()]
            facets += [(page_id, f, v[:255]) for f, v in facet_values(doc)]
        SearchDocument.objects.bulk_create(rows, batch_size=500)
        insert_rows(SearchTerm, ("document_id", "term", "weight"), terms)
        insert_rows(SearchFacet, ("document_id", "facet", "value"), facets)


def clear() -> None:
    SearchDocument.objects.all().delete()


def _filtered_documents(request: SearchRequest, visibility: str):
    docs = SearchDocument.objects.filter(visibility=visibility)
    for name, value in request.filters.items():
        if name == "level":
            docs = docs.filter(recommendation_level__gte=int(value))
        elif name in ("subject", "stage", "grade", "kind"):
            docs = docs.filter(**{name: value})
        else:
            # Region (any level) and tag are many-valued: look them up in the facet table.
            docs = docs.filter(pk__in=SearchFacet.objects.filter(facet=name, value=value).values("document_id"))
    return docs


def search(request: SearchRequest, *, visibility: str = Visibility.PUBLIC) -> SearchResult:
    started = time.perf_counter()
    result = SearchResult(request=request, backend=NAME)
    terms = request.terms
    if request.q and not terms:
        return result  # only punctuation or stopwords: nothing can match
    docs = _filtered_documents(request, visibility)
    if terms:
        total = SearchDocument.objects.count() or 1
        df = dict(
            SearchTerm.objects.filter(term__in=terms)
            .values_list("term")
            .annotate(n=Count("id"))
            .values_list("term", "n")
        )
        if len(df) < len(terms):
            return result  # a word no document contains
        idf = {t: math.log(1 + (total - df[t] + 0.5) / (df[t] + 0.5)) for t in terms}
        score = Sum(
            Case(*[When(term=t, then=F("weight") * Value(idf[t])) for t in terms], output_field=FloatField()),
        )
        matched = (
            SearchTerm.objects.filter(term__in=terms, document__in=docs)
            .values("document_id")
            .annotate(n=Count("term"), score=score)
            .filter(n=len(terms))
        )
        order = {
            "relevance": ("-score", "-document__published_at", "-document_id"),
            "newest": ("-document__published_at", "-document_id"),
            "level": ("-document__recommendation_level", "-score", "-document__published_at", "-document_id"),
        }[request.sort]
        matched_ids = matched.values("document_id")
        result.count = matched.count()
        page_ids = [
            row["document_id"] for row in matched.order_by(*order)[request.offset : request.offset + request.page_size]
        ]
        by_id = SearchDocument.objects.in_bulk(page_ids)
        page_docs = [by_id[i] for i in page_ids if i in by_id]
        facet_scope = Q(document_id__in=matched_ids)
    else:
        order = {
            "relevance": ("-published_at", "-page_id"),
            "newest": ("-published_at", "-page_id"),
            "level": ("-recommendation_level", "-published_at", "-page_id"),
        }[request.sort]
        result.count = docs.count()
        page_docs = list(docs.order_by(*order)[request.offset : request.offset + request.page_size])
        facet_scope = Q(document_id__in=docs.values("pk"))
    result.hits = [_hit(doc, terms) for doc in page_docs]
    result.facets = _facets(facet_scope) if result.count else result.facets
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


def _facets(scope: Q) -> dict[str, list[dict]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in FILTER_PARAMS}
    rows = SearchFacet.objects.filter(scope).values_list("facet", "value").annotate(n=Count("id"))
    for facet, value, n in rows:
        counts.setdefault(facet, {})[value] = n
    facets = {name: sort_facet(counts[name]) for name in FILTER_PARAMS if name != "level"}
    facets["level"] = level_facet({int(v): n for v, n in counts["level"].items()})
    return {name: facets[name] for name in FILTER_PARAMS}


def _hit(doc: SearchDocument, terms: list[str]) -> SearchHit:
    return SearchHit(
        id=doc.page_id,
        title=doc.title,
        url=doc.url,
        snippet=make_snippet(doc.summary, doc.body, terms),
        kind=doc.kind,
        subject=doc.subject,
        stage=doc.stage,
        grade=doc.grade,
        region=doc.region,
        school=doc.school,
        author=doc.author,
        recommendation_level=doc.recommendation_level,
        published_at=doc.published_at.isoformat() if doc.published_at else None,
    )
