"""Elasticsearch backend: client with short timeouts and a circuit breaker, the index
(jieba-segmented ``*_seg`` fields under a whitespace analyzer; the raw text is stored for
display and snippets only), writes with external versions, search and rebuild.

The index is reached through an alias (``<prefix>-resources``); ``search_rebuild`` builds
a new index and switches the alias, so search answers during a rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch_dsl import A, Search

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from home import taxonomy_data

from .. import ranking
from ..documents import BOOSTS, es_source
from ..expansion import INTENT_WEIGHT, QueryPlan, understand
from ..models import Visibility
from ..query import FILTER_PARAMS, SearchHit, SearchRequest, SearchResult, level_facet, sort_facet
from ..text import make_snippet

logger = logging.getLogger(__name__)

NAME = "elasticsearch"
BULK_TIMEOUT = 120
BULK_SECONDS_PER_DOCUMENT = 0.02
_DOWN_KEY = "search:es-down-until"
_state = {"down_until": 0.0}
_ensured: set[str] = set()
_lock = threading.Lock()

SETTINGS = {
    "number_of_shards": 1,
    "analysis": {
        "analyzer": {
            # Text already segmented by jieba in Python (search.text.segment).
            "zh_seg": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
        }
    },
}
_KEYWORDS = (
    "type",
    "kind",
    "subject",
    "stage",
    "grade",
    "region",
    "region_paths",
    "school",
    "author",
    "tags",
    "visibility",
)
MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        # Shown, not searched: the searchable text is in the *_seg fields.
        "title": {"type": "text", "index": False},
        "summary": {"type": "text", "index": False},
        "body": {"type": "text", "index": False},
        "url": {"type": "keyword", "index": False},
        **{name: {"type": "keyword"} for name in _KEYWORDS},
        "recommendation_level": {"type": "short"},
        "published_at": {"type": "date"},
        "content_hash": {"type": "keyword", "index": False},
        **{f"{name}_seg": {"type": "text", "analyzer": "zh_seg"} for name in BOOSTS},
    },
}
RESULT_FIELDS = ["id", "type", "title", "url", "summary", "kind", "subject", "stage", "grade", "region", "school",
                 "author", "recommendation_level", "published_at"]  # fmt: skip
FACET_FIELDS = {"type": "type", "subject": "subject", "stage": "stage", "grade": "grade", "kind": "kind",
                "region": "region_paths", "tag": "tags", "level": "recommendation_level"}  # fmt: skip
# Fields added to the mapping after indices were created with it: added to an existing index
# on first use (``ensure_alias``), so delivery keeps working before ``search_rebuild`` runs
# (the mapping is strict: an unknown field would be refused).
ADDED_PROPERTIES = {"type": {"type": "keyword"}}


class Unavailable(Exception):
    """Elasticsearch did not answer (down, hung past the timeout, or refusing work)."""


# --- client and health -----------------------------------------------------------------
def enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def node_urls(url: str) -> list[str]:
    """The nodes named in ``ELASTICSEARCH_URL`` (comma-separated for a cluster)."""
    return [part.strip() for part in url.split(",") if part.strip()]


@lru_cache(maxsize=4)
def _client(url: str, timeout: float) -> Elasticsearch:
    # A request that cannot reach a node (refused, reset) is retried once on each other node
    # named, and the client leaves the dead node out for a while: a cluster keeps answering
    # while one node is down. A single node gets one retry too: after it restarts, the first
    # request on each pooled keep-alive connection fails at once (reset), and that must not open
    # the breaker for the whole cool-down. A time-out is not retried: the caller's wait stays bounded.
    nodes = node_urls(url)
    return Elasticsearch(nodes, request_timeout=timeout, max_retries=max(1, len(nodes) - 1), retry_on_timeout=False)


def client(*, timeout: float | None = None) -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, timeout or settings.SEARCH_ES_TIMEOUT)


def available() -> bool:
    """Configured and not inside the cool-down after a failure (circuit breaker): while the
    node is down, search goes straight to the database and delivery leaves rows pending,
    instead of every request waiting for a timeout."""
    if not enabled():
        return False
    now = time.time()
    if now < _state["down_until"]:
        return False
    shared = cache.get(_DOWN_KEY)
    if shared and now < shared:
        _state["down_until"] = shared
        return False
    return True


def probe() -> bool:
    """Half-open breaker: while it is open, ask the node once (short timeout) whether it is
    back, and close the breaker if so. Called by the drain every few seconds, so delivery
    resumes right after the node recovers instead of after the whole cool-down."""
    if not enabled():
        return False
    if available():
        return True
    try:
        _call(client().cluster.health, timeout="1s")
    except (Unavailable, ApiError):
        return False
    mark_up()
    return True


def mark_down(exc: Exception) -> None:
    until = time.time() + settings.SEARCH_ES_COOLDOWN
    _state["down_until"] = until
    cache.set(_DOWN_KEY, until, timeout=int(settings.SEARCH_ES_COOLDOWN) + 1)
    logger.warning("search: Elasticsearch marked unhealthy for %ss: %s", settings.SEARCH_ES_COOLDOWN, exc)


def mark_up() -> None:
    _state["down_until"] = 0.0
    cache.delete(_DOWN_KEY)


def _call(fn: Callable, *args, **kwargs):
    """Run a client call; a connection failure, time-out or server error opens the breaker."""
    try:
        return fn(*args, **kwargs)
    except TransportError as exc:  # connection refused, reset, timed out
        mark_down(exc)
        raise Unavailable(f"Elasticsearch 无法连接：{exc.__class__.__name__}") from exc
    except ApiError as exc:
        if exc.meta.status >= 500 or exc.meta.status == 429:
            mark_down(exc)
            raise Unavailable(f"Elasticsearch 暂不可用：HTTP {exc.meta.status}") from exc
        raise


# --- index and alias -------------------------------------------------------------------
def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-resources"


def index_body() -> dict:
    return {"settings": {**SETTINGS, "number_of_replicas": settings.SEARCH_ES_REPLICAS}, "mappings": MAPPINGS}


def create_index(*, bulk_loading: bool = False) -> str:
    """Create a new, empty index named after the alias and the time; returns its name."""
    name = f"{alias_name()}-{timezone.now():%Y%m%d%H%M%S%f}"
    body = index_body()
    if bulk_loading:
        body["settings"] = {**body["settings"], "refresh_interval": "-1"}
    _call(client(timeout=max(10.0, settings.SEARCH_ES_TIMEOUT)).indices.create, index=name, **body)
    return name


def initial_index_name() -> str:
    return f"{alias_name()}-initial"


def ensure_alias() -> None:
    """Create the index and alias on first use (a fresh node, a new prefix).

    Safe when several workers start at once: the first index has a fixed name and is created
    with the alias in the same request, so a second creator gets "already exists" (which
    means done) instead of a second index under the alias (which would make every write
    fail). ``search_rebuild`` later moves the alias to timestamped indices as before."""
    alias = alias_name()
    if alias in _ensured:
        return
    with _lock:
        # Reached from delivery inside a request: the short timeout, never the bulk one.
        if not _call(client().indices.exists_alias, name=alias):
            initial = initial_index_name()
            try:
                _call(client().indices.create, index=initial, aliases={alias: {}}, **index_body())
            except ApiError as exc:
                if exc.meta.status != 400 or "already_exists" not in str(exc.error):
                    raise
                # Created by another worker a moment ago (with the alias), or left without
                # its alias: pointing the alias at it again changes nothing in the first case.
                if not _call(client().indices.exists_alias, name=alias):
                    _call(client().indices.put_alias, index=initial, name=alias)
        else:
            _call(client().indices.put_mapping, index=alias, properties=ADDED_PROPERTIES)
        _ensured.add(alias)


def alias_indices() -> list[str]:
    try:
        return sorted(_call(client().indices.get_alias, name=alias_name()).body)
    except ApiError as exc:
        if exc.meta.status == 404:
            return []
        raise


def switch_alias(new_index: str) -> list[str]:
    """Point the alias at ``new_index`` in one atomic call; returns the indices it left."""
    old = alias_indices()
    actions = [{"remove": {"index": name, "alias": alias_name()}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias_name()}})
    _call(client(timeout=BULK_TIMEOUT).indices.update_aliases, actions=actions)
    _ensured.add(alias_name())
    return [name for name in old if name != new_index]


def drop_all() -> None:
    """Delete the alias and every index under it (tests, benchmarks)."""
    es = client(timeout=BULK_TIMEOUT)
    _call(es.options(ignore_status=404).indices.delete, index=f"{alias_name()}-*")
    _ensured.discard(alias_name())


def refresh() -> None:
    _call(client(timeout=BULK_TIMEOUT).indices.refresh, index=alias_name())


# --- writing ---------------------------------------------------------------------------
def bulk_operations(docs: dict[int, dict | None], versions: dict[int, int], index: str,
                    version_type: str = "external", sources: dict[int, dict] | None = None) -> list[dict]:  # fmt: skip
    """``external``: only a strictly newer version replaces a document. ``external_gte``
    (reconcile) also replaces one of the same version, which repairs a stale document."""
    operations: list[dict] = []
    for page_id, doc in docs.items():
        meta = {
            "_index": index,
            "_id": str(page_id),
            "version": max(1, versions[page_id]),
            "version_type": version_type,
        }
        if doc is None:
            operations.append({"delete": meta})
        else:
            operations += [{"index": meta}, sources[page_id] if sources else es_source(doc)]
    return operations


def send_bulk(operations: list[dict], *, timeout: float | None = None, refresh: bool | None = None) -> int:
    """Send one ``_bulk`` request; version conflicts (a newer version is already there) and
    deletes of missing documents count as done. Returns the number of operations applied."""
    if not operations:
        return 0
    if refresh is None:
        refresh = bool(getattr(settings, "SEARCH_ES_REFRESH", False))
    response = _call(client(timeout=timeout).bulk, operations=operations, refresh="true" if refresh else "false")
    applied, failures = 0, []
    for item in response["items"]:
        ((op, result),) = item.items()
        status = result.get("status", 500)
        if status < 300:
            applied += 1
        elif status == 409 or (op == "delete" and status == 404):
            continue
        else:
            failures.append(f"{result.get('_id')}: {result.get('error', {}).get('type', status)}")
    if failures:
        raise Unavailable("Elasticsearch 拒绝了部分文档：" + "; ".join(failures[:5]))
    mark_up()
    return applied


def write_documents(docs: dict[int, dict | None], *, versions: dict[int, int], index: str | None = None,
                    timeout: float | None = None, version_type: str = "external") -> int:  # fmt: skip
    """Index (or, for ``None``, delete) documents with external versions."""
    if not docs:
        return 0
    if not available():
        raise Unavailable("Elasticsearch 暂不可用（熔断中）")
    if index is None:
        ensure_alias()
    if timeout is None:
        # The short request timeout plus a budget per document: a delivery batch of 500
        # documents took over the 2 s default on a busy machine, opened the circuit breaker
        # and left the whole batch pending for the cool-down.
        timeout = settings.SEARCH_ES_TIMEOUT + BULK_SECONDS_PER_DOCUMENT * len(docs)
    return send_bulk(bulk_operations(docs, versions, index or alias_name(), version_type), timeout=timeout)


def scan_hashes() -> dict[int, tuple[str, str]]:
    """Every indexed document's id → (content hash, visibility), for reconcile."""
    from elasticsearch.helpers import scan

    es = client(timeout=BULK_TIMEOUT)
    out = {}
    try:
        for hit in scan(es, index=alias_name(), query={"_source": ["content_hash", "visibility"]}, size=2000):
            out[int(hit["_id"])] = (hit["_source"].get("content_hash", ""), hit["_source"].get("visibility", ""))
    except TransportError as exc:
        mark_down(exc)
        raise Unavailable(str(exc)) from exc
    return out


# --- searching -------------------------------------------------------------------------
def text_query(plan: QueryPlan) -> dict:
    """The plan as an Elasticsearch query: each clause a ``dis_max`` of its alternatives (each
    a ``cross_fields`` match of all its tokens, boosted 1 typed / less expanded), at least
    ``minimum_should_match`` required clauses (optional ones only score), and each named facet
    (intent) multiplying the score. Built as plain dicts: elasticsearch_dsl would merge a bool
    inside a bool's ``must`` into one, counting optional clauses towards the minimum."""
    fields = [f"{name}_seg^{boost:g}" for name, boost in BOOSTS.items()]

    def clause_query(clause) -> dict:
        alternatives = [
            {"multi_match": {"query": " ".join(a.tokens), "type": "cross_fields", "operator": "and",
                             "fields": fields, "boost": a.boost}}
            for a in clause.alternatives
        ]  # fmt: skip
        return alternatives[0] if len(alternatives) == 1 else {"dis_max": {"queries": alternatives}}

    query: dict = {
        "bool": {
            "should": [clause_query(c) for c in plan.required],
            "minimum_should_match": plan.minimum_should_match,
        }
    }
    if plan.optional:
        query = {"bool": {"must": [query], "should": [clause_query(c) for c in plan.optional]}}
    functions = [
        {"filter": {"terms": {FACET_FIELDS[facet]: list(values)}}, "weight": INTENT_WEIGHT}
        for facet, values in plan.intent.items()
    ]
    if functions:
        query = {"function_score": {"query": query, "functions": functions, "score_mode": "multiply",
                                    "boost_mode": "multiply"}}  # fmt: skip
    return query


def build_search(request: SearchRequest, *, visibility: str, plan: QueryPlan | None = None) -> Search:
    plan = plan if plan is not None else understand(request.q)
    s = Search(index=alias_name()).filter("term", visibility=visibility)
    for name, value in request.filters.items():
        if name == "level":
            s = s.filter("range", recommendation_level={"gte": int(value)})
        elif name == "grade":
            # A 培智 segment (培智低段) also finds its grades' works, as the library does.
            stage, grades = taxonomy_data.grade_scope(value)
            s = s.filter("terms", **{FACET_FIELDS["grade"]: grades})
            if stage:
                s = s.filter("term", **{FACET_FIELDS["stage"]: stage})
        else:
            s = s.filter("term", **{FACET_FIELDS[name]: value})
    if plan:
        s = s.extra(query={"bool": {"filter": s.to_dict()["query"]["bool"]["filter"], "must": [text_query(plan)]}})
    sort = {
        "relevance": ["_score", {"published_at": "desc"}, {"id": "desc"}]
        if plan
        else [{"published_at": "desc"}, {"id": "desc"}],
        "newest": [{"published_at": "desc"}, {"id": "desc"}],
        "level": [{"recommendation_level": "desc"}, "_score", {"published_at": "desc"}, {"id": "desc"}],
    }[request.sort]
    # The snippet is cut in Python, as on the database backend (cheaper than ES highlighting);
    # bodies are fetched only for the shown hits that need them (``_hits``).
    s = s.sort(*sort).source(RESULT_FIELDS).extra(track_total_hits=True, track_scores=request.sort != "relevance")
    for name, field in FACET_FIELDS.items():
        s.aggs.bucket(name, A("terms", field=field, size=200 if name == "region" else 100))
    return s


def search(request: SearchRequest, *, visibility: str = Visibility.PUBLIC) -> SearchResult:
    """Answer a request (the shared pipeline: ``search.ranking.run``)."""
    result = ranking.run(request, name=NAME, visibility=visibility, candidates=_candidates, hits=_hits)
    mark_up()
    return result


def _candidates(request: SearchRequest, plan: QueryPlan, offset: int, limit: int, visibility: str):
    body = build_search(request, visibility=visibility, plan=plan)[offset : offset + limit].to_dict()
    try:
        response = _call(client().search, index=alias_name(), body=body)
    except ApiError as exc:
        if exc.meta.status == 404:  # no index yet: nothing has been indexed
            return ranking.Candidates()
        raise
    sources = {int(hit["_source"]["id"]): hit["_source"] for hit in response["hits"]["hits"]}
    aggs = response.get("aggregations", {})
    facets = {}
    for name in FILTER_PARAMS:
        # An empty value (a page that is not a resource has no kind; a work may have no grade)
        # is no facet value, as on the database backend.
        buckets = {str(b["key"]): b["doc_count"] for b in aggs.get(name, {}).get("buckets", []) if b["key"] != ""}
        facets[name] = level_facet({int(k): v for k, v in buckets.items()}) if name == "level" else sort_facet(buckets)
    return ranking.Candidates(
        count=response["hits"]["total"]["value"],
        items=[(pk, src["title"]) for pk, src in sources.items()],
        facets=facets,
        extra=sources,
    )


def _hits(ids: list[int], terms: list[str], found) -> list[SearchHit]:
    sources = found.extra
    bodies = {}
    # A hit whose summary shows no query word gets its snippet from the body (one request).
    need = [pk for pk in ids if terms and not any(t in sources[pk].get("summary", "").lower() for t in terms)]
    if need:
        response = _call(client().mget, index=alias_name(), ids=[str(pk) for pk in need], source=["body"])
        bodies = {int(d["_id"]): d.get("_source", {}).get("body", "") for d in response["docs"] if d.get("found")}
    hits = []
    for pk in ids:
        src = sources[pk]
        hits.append(
            SearchHit(
                id=pk,
                title=src["title"],
                url=src.get("url", ""),
                snippet=make_snippet(src.get("summary", ""), bodies.get(pk, ""), terms),
                kind=src["kind"],
                subject=src.get("subject", ""),
                stage=src.get("stage", ""),
                grade=src.get("grade", ""),
                region=src.get("region", ""),
                school=src.get("school", ""),
                author=src.get("author", ""),
                recommendation_level=int(src.get("recommendation_level", 0)),
                published_at=src.get("published_at"),
                type=src.get("type", "resource"),
            )
        )
    return hits


POOL_THRESHOLD = 5_000


def _segmenting_pool():
    """Worker processes for jieba (CPU-bound Python): forked, so they share the loaded
    dictionary; None on one core or where fork is unavailable."""
    import multiprocessing
    import os

    workers = int(os.environ.get("SEARCH_REBUILD_WORKERS", os.cpu_count() or 1))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    from ..text import _tokenizer

    _tokenizer()  # load once in the parent, inherited by the workers
    return multiprocessing.get_context("fork").Pool(workers)


def page_versions_now() -> int:
    """The current outbox high-water mark (the version a rebuild stamps on its documents)."""
    from ..models import SearchOutbox

    return SearchOutbox.objects.order_by("-id").values_list("id", flat=True).first() or 0


def rebuild(*, page_ids: Iterable[int], build: Callable[[list[int]], dict[int, dict]], progress=None,
            batch_size: int = 500, keep_sources: dict | None = None) -> tuple[str, int, int]:  # fmt: skip
    """Build a new index from ``build(ids)`` batches while the alias keeps serving the old one,
    switch the alias, then replay changes that arrived meanwhile. Returns (index, count, the
    last outbox row the new index contains). ``keep_sources`` collects the ``_source`` bodies
    (benchmarks compare with a raw ``_bulk`` of the very same documents).

    Building (Python, jieba) and sending (Elasticsearch) overlap: one thread sends batch n
    while batch n+1 is built; large rebuilds segment in a pool of worker processes.
    """
    from concurrent.futures import ThreadPoolExecutor

    from ..models import SearchOutbox

    high_water = page_versions_now()
    index = create_index(bulk_loading=True)
    ids = list(page_ids)
    count = 0
    pool = _segmenting_pool() if len(ids) >= POOL_THRESHOLD else None
    try:
        with ThreadPoolExecutor(max_workers=1) as sender:
            pending = None
            for start in range(0, len(ids), batch_size):
                chunk = ids[start : start + batch_size]
                docs = build(chunk)
                built = [pk for pk, doc in docs.items() if doc is not None]
                mapper = pool.map if pool is not None else lambda fn, items, chunksize: list(map(fn, items))
                sources = dict(zip(built, mapper(es_source, [docs[pk] for pk in built], chunksize=25), strict=True))
                if keep_sources is not None:
                    keep_sources.update(sources)
                operations = bulk_operations(docs, dict.fromkeys(docs, high_water), index, sources=sources)
                if pending is not None:
                    count += pending.result()
                pending = sender.submit(send_bulk, operations, timeout=BULK_TIMEOUT, refresh=False)
                if progress:
                    progress(len(chunk))
            if pending is not None:
                count += pending.result()
        es = client(timeout=BULK_TIMEOUT)
        _call(es.indices.put_settings, index=index, settings={"index": {"refresh_interval": None}})
        _call(es.indices.refresh, index=index)
    except Exception:
        _call(client(timeout=BULK_TIMEOUT).options(ignore_status=404).indices.delete, index=index)
        raise
    finally:
        if pool is not None:
            pool.terminate()
    old = switch_alias(index)
    # Changes committed since the high-water mark may have gone to the old index only.
    later, upto = {}, high_water
    for row_id, page_id in SearchOutbox.objects.filter(id__gt=high_water).values_list("id", "page_id"):
        later[page_id] = max(later.get(page_id, 0), row_id)
        upto = max(upto, row_id)
    if later:
        docs = build(list(later))
        send_bulk(bulk_operations({pk: docs.get(pk) for pk in later}, later, index), timeout=BULK_TIMEOUT)
    for name in old:
        _call(client(timeout=BULK_TIMEOUT).options(ignore_status=404).indices.delete, index=name)
    return index, count, upto
