"""Scoring of a ``QueryPlan`` on the database index (SQLite FTS5 or the PostgreSQL postings).

Each token's contribution to a document is read from the store — FTS5's ``bm25()`` of the
token alone (BM25 is a sum over terms, with the field boosts as column weights), or idf ×
saturated boosted weight from the postings — and the plan is scored in Python the same way
whatever the store: a clause scores its best satisfied alternative (all of the alternative's
tokens present) times the alternative's boost, a document needs ``minimum_should_match``
satisfied required clauses (optional ones only add to the score), and each facet the query names (intent) multiplies the score.
"""

from __future__ import annotations

import math
from collections import defaultdict

from django.db import connection
from django.db.models import Count

from ..documents import BOOSTS
from ..expansion import INTENT_WEIGHT, QueryPlan
from ..models import SearchDocument, SearchTerm

FTS_TABLE = "search_fts"
INFO = ("subject", "stage", "grade", "kind", "recommendation_level", "published_at", "title")


def fts_contributions(tokens: list[str], docs) -> tuple[dict, dict]:
    """({page id: {token: contribution}}, {page id: info}) from FTS5, one statement."""
    weights = ", ".join(str(boost) for boost in BOOSTS.values())  # FTS5 columns follow BOOSTS
    docs_sql, docs_params = docs.values("pk").query.sql_with_params()
    table = SearchDocument._meta.db_table
    columns = ", ".join(f"d.{name}" for name in INFO)
    # Every name is a constant of this module or Django's own SQL; values are parameters. The
    # filter is on d.page_id (see database._fts_search for why never on search_fts.rowid).
    part = (
        f"SELECT %s, {FTS_TABLE}.rowid, -bm25({FTS_TABLE}, {weights}), {columns} FROM {FTS_TABLE} "  # noqa: S608
        f"JOIN {table} d ON d.page_id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND d.page_id IN ({docs_sql})"
    )
    sql = " UNION ALL ".join([part] * len(tokens))
    params = []
    for token in tokens:
        params += [token, '"' + token.replace('"', '""') + '"', *docs_params]
    contributions: dict[int, dict[str, float]] = defaultdict(dict)
    info: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for token, page_id, score, *rest in cursor.fetchall():
            contributions[page_id][token] = float(score)
            info[page_id] = tuple(rest)
    return contributions, info


def postings_contributions(tokens: list[str], docs) -> tuple[dict, dict]:
    """The same from the ``SearchTerm`` postings (PostgreSQL): idf × weight."""
    total = SearchDocument.objects.count() or 1
    df = dict(
        SearchTerm.objects.filter(term__in=tokens)
        .values_list("term")
        .annotate(n=Count("document"))
        .values_list("term", "n")
    )
    idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in df.items()}
    contributions: dict[int, dict[str, float]] = defaultdict(dict)
    info: dict[int, tuple] = {}
    rows = SearchTerm.objects.filter(term__in=list(df), document__in=docs).values_list(
        "document_id", "term", "weight", *(f"document__{name}" for name in INFO)
    )
    for page_id, term, weight, *rest in rows:
        contributions[page_id][term] = weight * idf[term]
        info[page_id] = tuple(rest)
    return contributions, info


def score(plan: QueryPlan, contributions: dict, info: dict) -> dict[int, float]:
    """Page id → score of every document that satisfies the plan."""
    intent = [(INFO.index(facet), set(values)) for facet, values in plan.intent.items()]
    scores = {}
    for page_id, found in contributions.items():
        total, satisfied = 0.0, 0
        for clause in plan.clauses:
            best = None
            for alternative in clause.alternatives:
                if all(token in found for token in alternative.tokens):
                    value = alternative.boost * sum(found[token] for token in alternative.tokens)
                    best = value if best is None or value > best else best
            if best is not None:
                satisfied += not clause.soft
                total += best
        if satisfied < plan.minimum_should_match:
            continue
        row = info[page_id]
        for position, values in intent:
            if row[position] in values:
                total *= INTENT_WEIGHT
        scores[page_id] = total
    return scores


def ordered(scores: dict[int, float], info: dict, sort: str) -> list[int]:
    """Matching ids in the request's order (ties: newest first, then the higher id)."""
    level, published = INFO.index("recommendation_level"), INFO.index("published_at")

    def when(page_id):
        value = info[page_id][published]
        return value.isoformat() if hasattr(value, "isoformat") else str(value or "")

    keys = {
        "relevance": lambda pk: (round(scores[pk], 9), when(pk), pk),
        "newest": lambda pk: (when(pk), pk),
        "level": lambda pk: (info[pk][level], round(scores[pk], 9), when(pk), pk),
    }
    return sorted(scores, key=keys[sort], reverse=True)
