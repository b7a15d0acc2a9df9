"""Embedded database search backend (数据库检索): the default, and Elasticsearch's fallback.

Chinese has no spaces, and neither SQLite's nor PostgreSQL's full-text parser segments it,
so the text is segmented by jieba in Python (``search.text.segment``, the same tokens
Elasticsearch gets) and the database only ever sees space-separated tokens:

- **SQLite** (the embedded default): an FTS5 table ``search_fts``, one row per document
  with one column per boosted field, ranked by FTS5's BM25 with the field boosts as column
  weights. Writing a document is one row; FTS5 tokenises it in C (``unicode61``: splits on
  the spaces, folds case) — about ten times faster to write than a row per token.
- **PostgreSQL**: an inverted index table of its own (``SearchTerm``, one row per document
  and token, with a saturated, field-boosted weight), written with ``COPY``; the score is a
  BM25-like sum of idf × weight in one grouped query.

Either way every query word must occur (AND), filters and facet counts are lookups in
``SearchDocument`` and ``SearchFacet``, and query words are quoted, so a query's
punctuation or FTS5 syntax (``AND``, ``*``, ``"``, ``NEAR``) is just text.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from functools import cache

from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.expressions import RawSQL

from home.bulk import insert_rows

from ..documents import BOOSTS, facet_values, segmented_fields
from ..models import SearchDocument, SearchFacet, SearchTerm, Visibility
from ..query import FILTER_PARAMS, SearchHit, SearchRequest, SearchResult, level_facet, sort_facet
from ..text import make_snippet

NAME = "database"
K1 = 1.2
FTS_TABLE = "search_fts"
FTS_COLUMNS = tuple(BOOSTS)  # title, tags, author, school, summary, meta, body
FTS_CHUNK = 500


def uses_fts() -> bool:
    """SQLite keeps the index in FTS5; PostgreSQL in the ``SearchTerm`` table."""
    return connection.vendor == "sqlite"


def postings(doc: dict) -> dict[str, float]:
    """Token → saturated boosted frequency, ``w·(k1+1)/(w+k1)`` (the PostgreSQL index)."""
    weights: dict[str, float] = {}
    for name, tokens in segmented_fields(doc).items():
        boost = BOOSTS[name]
        # Counted in C, then weighted: the boosts are whole numbers, so boost × n is exactly
        # the sum of n boosts.
        for token, n in Counter(tokens.split()).items():
            weights[token] = weights.get(token, 0.0) + boost * n
    return {term: w * (K1 + 1) / (w + K1) for term, w in weights.items()}


def fts_row(page_id: int, doc: dict) -> tuple:
    """The FTS5 row of a document: its id, then each boosted field segmented."""
    fields = segmented_fields(doc)
    return (page_id, *(fields[name] for name in FTS_COLUMNS))


def fts_match(terms: list[str]) -> str:
    """An FTS5 query requiring every term: each one quoted (``"`` doubled), so no query word
    is read as FTS5 syntax."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _fts_delete(cursor, ids: list[int]) -> None:
    for start in range(0, len(ids), FTS_CHUNK):
        chunk = ids[start : start + FTS_CHUNK]
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)  # noqa: S608


def _fts_insert(cursor, rows: list[tuple]) -> None:
    names = ", ".join(("rowid", *FTS_COLUMNS))
    sql = f"INSERT INTO {FTS_TABLE} ({names}) VALUES ({', '.join(['%s'] * (len(FTS_COLUMNS) + 1))})"  # noqa: S608
    for start in range(0, len(rows), FTS_CHUNK):
        cursor.executemany(sql, rows[start : start + FTS_CHUNK])


DOCUMENT_COLUMNS = (
    "page_id",
    "visibility",
    "title",
    "summary",
    "body",
    "url",
    "kind",
    "subject",
    "stage",
    "grade",
    "region",
    "school",
    "author",
    "tags",
    "recommendation_level",
    "published_at",
    "content_hash",
    "version",
)


def _document_row(page_id: int, doc: dict, version: int) -> tuple:
    """A ``SearchDocument`` row in database form (written with ``insert_rows``)."""
    values = {
        **{name: doc.get(name) for name in DOCUMENT_COLUMNS},
        "page_id": page_id,
        "title": doc["title"][:255],
        "url": doc["url"][:500],
        "version": version,
    }
    fields = _document_fields()
    return tuple(fields[name].get_db_prep_save(values[name], connection) for name in DOCUMENT_COLUMNS)


@cache
def _document_fields() -> dict:
    return {name: SearchDocument._meta.get_field(name) for name in DOCUMENT_COLUMNS}


LOCK_NAMESPACE = 0x5345  # "SE": advisory locks of the search index
LOCK_BUCKETS = 256


def lock_pages(page_ids) -> None:
    """Serialise writers of these documents until the transaction ends (call inside one).

    Two deliveries of the same page at once would both delete its rows and both insert them
    (a duplicate key). On PostgreSQL: transaction-level advisory locks, one per bucket of page
    ids (bounded, so a rebuild of every page takes at most ``LOCK_BUCKETS`` locks), taken in
    ascending order so two writers never deadlock. On SQLite, which has one writer at a time,
    a no-op write takes the write lock now, waiting up to the busy timeout, rather than failing
    when the transaction later upgrades from reading to writing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for bucket in sorted({int(pk) % LOCK_BUCKETS for pk in page_ids}):
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, bucket])
        elif uses_fts():
            cursor.execute("UPDATE search_searchoutbox SET attempts = attempts WHERE id = -1")


def index_documents(docs: dict[int, dict | None], *, versions: dict[int, int] | None = None) -> None:
    """Write documents (``None``: the page is gone) into the database index."""
    versions = versions or {}
    fts = uses_fts()
    with transaction.atomic():
        lock_pages(docs)
        if versions:
            # Never replace a document written from a newer change (two workers racing).
            newer = SearchDocument.objects.filter(pk__in=list(docs)).values_list("pk", "version")
            docs = {pk: doc for pk, doc in docs.items() if pk not in {p for p, v in newer if v > versions.get(p, 0)}}
        ids = list(docs)
        SearchDocument.objects.filter(pk__in=ids).delete()
        if not fts:  # postings have no foreign key constraint: none may outlive a lost document
            SearchTerm.objects.filter(document_id__in=ids).delete()
        rows, terms, facets = [], [], []
        for page_id, doc in docs.items():
            if doc is None:
                continue
            rows.append(_document_row(page_id, doc, versions.get(page_id, 0)))
            if fts:
                terms.append(fts_row(page_id, doc))
            else:
                terms += [(page_id, t, w) for t, w in postings(doc).items()]
            facets += [(page_id, f, v[:255]) for f, v in facet_values(doc)]
        insert_rows(SearchDocument, DOCUMENT_COLUMNS, rows)
        if fts:
            with connection.cursor() as cursor:
                _fts_delete(cursor, ids)
                _fts_insert(cursor, terms)
        else:
            insert_rows(SearchTerm, ("document_id", "term", "weight"), terms)
        insert_rows(SearchFacet, ("document_id", "facet", "value"), facets)


def text_index_ids() -> set[int]:
    """The documents that have full-text entries (FTS5 rows on SQLite, postings on
    PostgreSQL): ``search_reconcile`` re-indexes a document that has none."""
    if uses_fts():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE}")  # noqa: S608
            return {row[0] for row in cursor.fetchall()}
    return set(SearchTerm.objects.values_list("document_id", flat=True).distinct())


def clear() -> None:
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        if uses_fts():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608


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
        found = _fts_search if uses_fts() else _postings_search
        result.count, page_ids, matched_ids = found(request, docs, terms)
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


def _fts_search(request: SearchRequest, docs, terms: list[str]):
    """(count, ids of the requested page in order, subquery of every matching id) from FTS5."""
    match = fts_match(terms)
    matched = docs.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))  # noqa: S608, S611
    count = matched.count()
    if not count or request.offset >= count:
        return count, [], matched.values("pk")
    # bm25() is negative, lower is better; the weights follow FTS_COLUMNS.
    score = f"bm25({FTS_TABLE}, {', '.join(str(BOOSTS[name]) for name in FTS_COLUMNS)})"
    order = {
        "relevance": "score, d.published_at DESC, d.page_id DESC",
        "newest": "d.published_at DESC, d.page_id DESC",
        "level": "d.recommendation_level DESC, score, d.published_at DESC, d.page_id DESC",
    }[request.sort]
    docs_sql, docs_params = docs.values("pk").query.sql_with_params()
    table = SearchDocument._meta.db_table
    # The filter goes on d.page_id: on search_fts.rowid SQLite hands the IN list to FTS5,
    # which then runs the full-text query once per listed id (seconds instead of ms).
    # Every name here is a constant of this module or Django's own SQL; values are parameters.
    sql = (
        f"SELECT {FTS_TABLE}.rowid, {score} AS score FROM {FTS_TABLE} "  # noqa: S608
        f"JOIN {table} d ON d.page_id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND d.page_id IN ({docs_sql}) "
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *docs_params, request.page_size, request.offset])
        page_ids = [row[0] for row in cursor.fetchall()]
    return count, page_ids, matched.values("pk")


def _postings_search(request: SearchRequest, docs, terms: list[str]):
    """(count, ids of the requested page in order, subquery of every matching id) from the
    ``SearchTerm`` postings."""
    total = SearchDocument.objects.count() or 1
    df = dict(
        SearchTerm.objects.filter(term__in=terms).values_list("term").annotate(n=Count("id")).values_list("term", "n")
    )
    if len(df) < len(terms):
        return 0, [], SearchDocument.objects.none().values("pk")  # a word no document contains
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
    count = matched.count()
    page_ids = [
        row["document_id"] for row in matched.order_by(*order)[request.offset : request.offset + request.page_size]
    ]
    return count, page_ids, matched.values("document_id")


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
