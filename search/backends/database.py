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

Either way the query is understood by ``search.expansion`` (synonyms, question words,
minimum-should-match) and scored by ``db_scoring`` from per-token contributions; filters and
facet counts are lookups in ``SearchDocument`` and ``SearchFacet``, and each token is quoted,
so a query's punctuation or FTS5 syntax (``AND``, ``*``, ``"``, ``NEAR``) is just text.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

from django.db import connection, transaction
from django.db.models import Count, Q

from home import taxonomy_data
from home.bulk import copy_escape, copy_lines, insert_rows

from .. import ranking, suggest
from ..documents import BOOSTS, facet_values, segmented_fields
from ..expansion import QueryPlan
from ..models import SearchDocument, SearchFacet, SearchSuggestion, SearchTerm, Visibility
from ..query import FILTER_PARAMS, SearchHit, SearchRequest, SearchResult, level_facet, sort_facet
from ..text import make_snippet
from . import db_scoring

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
    return {term: _saturated(w) for term, w in _boosted_frequencies(doc).items()}


def _boosted_frequencies(doc: dict) -> dict[str, float]:
    weights: dict[str, float] = {}
    for name, tokens in segmented_fields(doc).items():
        boost = BOOSTS[name]
        # Counted in C, then weighted: the boosts are whole numbers, so boost × n is exactly
        # the sum of n boosts (and few distinct sums occur: see _weight_field).
        for token, n in Counter(tokens.split()).items():
            weights[token] = weights.get(token, 0.0) + boost * n
    return weights


def _saturated(w: float) -> float:
    return w * (K1 + 1) / (w + K1)


@cache
def _weight_field(w: float) -> str:
    """The COPY text of the posting weight for boosted frequency ``w`` (a whole number:
    a few hundred distinct values over a whole import, so each is formatted once)."""
    return repr(_saturated(w))


@lru_cache(maxsize=200_000)
def _term_field(term: str) -> str:
    # Tokens never hold whitespace (they are split on it); a backslash is escaped.
    return copy_escape(term)


def postings_copy_text(page_id: int, doc: dict) -> str:
    """The document's postings as lines of COPY's text format, built directly: the same rows
    as ``postings`` but without a tuple and a type check per value (an import writes a few
    hundred postings per document, millions in all)."""
    prefix = f"{int(page_id)}\t"
    return "".join(
        [f"{prefix}{_term_field(term)}\t{_weight_field(w)}\n" for term, w in _boosted_frequencies(doc).items()]
    )


def fts_row(page_id: int, doc: dict) -> tuple:
    """The FTS5 row of a document: its id, then each boosted field segmented."""
    fields = segmented_fields(doc)
    return (page_id, *(fields[name] for name in FTS_COLUMNS))


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
    "type",
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
        "type": doc.get("type", "resource"),
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
            # One statement for all buckets (an import batch needs all 256): the sort runs
            # before the volatile lock calls of the select list, so they are taken in order.
            buckets = sorted({int(pk) % LOCK_BUCKETS for pk in page_ids})
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, bucket) FROM unnest(%s::integer[]) AS bucket ORDER BY bucket",
                [LOCK_NAMESPACE, buckets],
            )
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
        present = {page_id: doc for page_id, doc in docs.items() if doc is not None}
        rows = [_document_row(page_id, doc, versions.get(page_id, 0)) for page_id, doc in present.items()]
        facets = [(page_id, f, v[:255]) for page_id, doc in present.items() for f, v in facet_values(doc)]
        insert_rows(SearchDocument, DOCUMENT_COLUMNS, rows)
        if fts:
            with connection.cursor() as cursor:
                _fts_delete(cursor, ids)
                _fts_insert(cursor, [fts_row(page_id, doc) for page_id, doc in present.items()])
        else:
            # A generator: PostgreSQL writes the postings of the first documents while jieba
            # segments the next ones (both send them as they are made).
            columns = ("document_id", "term", "weight")
            if connection.vendor == "postgresql":
                copy_lines(SearchTerm, columns, (postings_copy_text(pk, doc) for pk, doc in present.items()))
            else:
                terms = ((pk, t, w) for pk, doc in present.items() for t, w in postings(doc).items())
                insert_rows(SearchTerm, columns, terms)
        insert_rows(SearchFacet, ("document_id", "facet", "value"), facets)
        # Suggestions while typing (search.suggest): rows of the public documents only; the
        # old rows went with their documents (cascade).
        insert_rows(SearchSuggestion, suggest.COLUMNS, suggest.rows(docs))


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
        elif name == "grade":
            # A 培智 segment (培智低段) also finds its grades' works, as the library does.
            stage, grades = taxonomy_data.grade_scope(value)
            docs = docs.filter(grade__in=grades, **({"stage": stage} if stage else {}))
        elif name in ("type", "subject", "stage", "kind"):
            docs = docs.filter(**{name: value})
        else:
            # Region (any level) and tag are many-valued: look them up in the facet table.
            docs = docs.filter(pk__in=SearchFacet.objects.filter(facet=name, value=value).values("document_id"))
    return docs


def search(request: SearchRequest, *, visibility: str = Visibility.PUBLIC) -> SearchResult:
    """Answer a request (the shared pipeline: ``search.ranking.run``)."""
    return ranking.run(request, name=NAME, visibility=visibility, candidates=_candidates, hits=_hits)


def _candidates(request: SearchRequest, plan: QueryPlan, offset: int, limit: int, visibility: str):
    docs = _filtered_documents(request, visibility)
    if not plan:
        order = {
            "relevance": ("-published_at", "-page_id"),
            "newest": ("-published_at", "-page_id"),
            "level": ("-recommendation_level", "-published_at", "-page_id"),
        }[request.sort]
        count = docs.count()
        items = list(docs.order_by(*order).values_list("pk", "title")[offset : offset + limit])
        facets = _facets(Q(document_id__in=docs.values("pk"))) if count else None
        return ranking.Candidates(count=count, items=items, facets=facets)
    contributions = db_scoring.fts_contributions if uses_fts() else db_scoring.postings_contributions
    found, info = contributions(plan.tokens, docs)
    scores = db_scoring.score(plan, found, info)
    ids = db_scoring.ordered(scores, info, request.sort)
    title = db_scoring.INFO.index("title")
    items = [(pk, info[pk][title]) for pk in ids[offset : offset + limit]]
    facets = _facets(Q(document_id__in=ids)) if ids else None
    return ranking.Candidates(count=len(ids), items=items, facets=facets)


def _hits(ids: list[int], terms: list[str], found) -> list[SearchHit]:
    by_id = SearchDocument.objects.in_bulk(ids)
    return [_hit(by_id[pk], terms) for pk in ids if pk in by_id]


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
        type=doc.type,
    )
