"""Search services: the outbox that keeps the indexes in step with the indexed pages
(resources, and the other public page types of ``search.sources``), delivery to
the database index and Elasticsearch, and the search itself with its fallback.

Other apps: a change that bypasses ``save()`` — ``GeneratedResourcePage.objects.filter(...)
.update(recommendation_level=...)``, raw SQL, a bulk update — sends no signal, so call
``resource_changed(page_id=...)`` (or ``resources_changed(page_ids=...)``) in the same
transaction. Saves, publishes, unpublishes, moves and deletes are caught by the signal
handlers in ``search/signal_handlers.py``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from .backends import database
from .backends import elasticsearch as es
from .documents import DocumentBuilder
from .models import SearchDocument, SearchOutbox, Visibility
from .query import SearchRequest, SearchResult
from .sources import indexed_page_ids

logger = logging.getLogger(__name__)
_recent = threading.local()

DELIVERY_BATCH = 500


# --- the outbox ------------------------------------------------------------------------
def resource_changed(*, page_id: int) -> SearchOutbox:
    """Record that a resource changed (or was deleted); delivered after the commit."""
    return resources_changed(page_ids=[page_id])[0]


def resources_changed(*, page_ids: Iterable[int]) -> list[SearchOutbox]:
    """Record changes of several resources in one insert, in the caller's transaction."""
    ids = sorted({int(pk) for pk in page_ids})
    entries = SearchOutbox.objects.bulk_create([SearchOutbox(page_id=pk) for pk in ids])
    now = time.monotonic()
    recent = _recent.__dict__.setdefault("pages", {})
    if len(recent) > 1000:
        recent.clear()
    recent.update(dict.fromkeys(ids, now))
    if ids:
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return entries


def recently_recorded(*, page_id: int, within: float = 5.0) -> bool:
    """Whether this thread recorded a change of the page in the last ``within`` seconds
    (Wagtail sends page_published right after the save that post_save already recorded)."""
    return time.monotonic() - getattr(_recent, "pages", {}).get(page_id, -within) < within


def _enqueue(page_ids: list[int]) -> None:
    """After the commit: hand the delivery to a worker (or run it, in-process). Never raises:
    the change is saved already, and the outbox rows do not depend on this message — if the
    broker is down, or the message is lost with a restarted Redis or a killed worker, the
    drain (``search.drain``) delivers the rows within seconds."""
    from home.tasks_queue import send_task

    from .tasks import search_deliver

    send_task(search_deliver, page_ids)


@dataclass
class DeliveryReport:
    db_indexed: int = 0
    es_delivered: int = 0
    es_pending: int = 0
    errors: list[str] = field(default_factory=list)


def _pending():
    return SearchOutbox.objects.filter(db_indexed=False) | SearchOutbox.objects.filter(es_delivered=False)


def outbox_deliver(*, page_ids: Iterable[int] | None = None, limit: int = DELIVERY_BATCH,
                   due_before=None) -> DeliveryReport:  # fmt: skip
    """Deliver pending outbox rows (of ``page_ids``, or the oldest ``limit`` pages; with
    ``due_before``, only rows written before that time).

    Reads each resource as committed *after* reading its rows, so the content sent is at
    least as new as the highest row id, which becomes its version. Idempotent and safe to run
    twice at once (two tasks, a task and the drain): the database index is written under a
    per-page lock, and rows another delivery finished meanwhile are skipped, so a page is
    written once; Elasticsearch takes a version it already has as done. Never raises for an
    Elasticsearch failure: the rows stay pending and the error is recorded.
    """
    report = DeliveryReport()
    pending = _pending()
    if page_ids is not None:
        pending = pending.filter(page_id__in=list(page_ids))
    if due_before is not None:
        pending = pending.filter(created_at__lte=due_before)
    rows = list(pending.order_by("id").values_list("id", "page_id", "db_indexed", "es_delivered")[: limit * 4])
    if not rows:
        return report
    versions: dict[int, int] = {}
    for row_id, page_id, _, _ in rows:
        versions[page_id] = max(versions.get(page_id, 0), row_id)
    page_set = list(versions)[:limit]
    versions = {pk: versions[pk] for pk in page_set}
    rows = [r for r in rows if r[1] in versions]
    docs = DocumentBuilder().build_many(page_set)
    full = {pk: docs.get(pk) for pk in page_set}

    db_rows = [r[0] for r in rows if not r[2]]
    if db_rows:
        with transaction.atomic():
            database.lock_pages({r[1] for r in rows if not r[2]})
            # Under the lock: rows another delivery wrote meanwhile are done already.
            still = list(SearchOutbox.objects.filter(id__in=db_rows, db_indexed=False).values_list("id", "page_id"))
            db_pages = {page_id for _, page_id in still}
            if still:
                database.index_documents({pk: full[pk] for pk in db_pages}, versions=versions)
                SearchOutbox.objects.filter(id__in=[row_id for row_id, _ in still]).update(db_indexed=True)
        report.db_indexed = len(db_pages)

    es_rows = [r[0] for r in rows if not r[3]]
    if es_rows:
        if not es.enabled():
            SearchOutbox.objects.filter(id__in=es_rows).update(es_delivered=True)
        else:
            es_pages = {r[1] for r in rows if not r[3]}
            try:
                es.write_documents({pk: full[pk] for pk in es_pages}, versions=versions)
            except Exception as exc:  # down (Unavailable) or refusing (ApiError): stays pending
                if not isinstance(exc, es.Unavailable):
                    logger.exception("search: Elasticsearch refused delivery of %s", sorted(es_pages))
                report.es_pending = len(es_pages)
                report.errors.append(str(exc))
                _record_failure(es_rows, str(exc))
            else:
                SearchOutbox.objects.filter(id__in=es_rows).update(es_delivered=True, last_error="")
                report.es_delivered = len(es_pages)
    return report


def _record_failure(row_ids: list[int], message: str) -> None:
    from django.db.models import F

    SearchOutbox.objects.filter(id__in=row_ids).update(attempts=F("attempts") + 1, last_error=message[:500])


def outbox_deliver_pending(*, max_batches: int = 20, due_before=None) -> DeliveryReport:
    """Drain the outbox in batches (``search.drain`` on every worker, the periodic task)."""
    total = DeliveryReport()
    for _ in range(max_batches):
        report = outbox_deliver(limit=DELIVERY_BATCH, due_before=due_before)
        total.db_indexed += report.db_indexed
        total.es_delivered += report.es_delivered
        total.errors += report.errors
        if report.errors or not (report.db_indexed or report.es_delivered):
            total.es_pending = outbox_pending_count()
            break
    return total


def outbox_pending_count() -> int:
    return _pending().values("page_id").distinct().count()


@dataclass
class OutboxStatus:
    """What the health endpoint reports about search delivery (``outbox_status()``).

    ``oldest_pending_age``: seconds the oldest undelivered change has waited (None: nothing
    pending) — grows while Elasticsearch is down, or when no drain runs. ``last_drain_at`` /
    ``last_drain_age``: the latest drain tick of any process (None: no drain ever ran — no
    worker was started, or tasks run in-process and no request came yet). ``drains``: the
    processes that drained within three intervals. ``draining`` is False when the latest
    tick is older than three intervals: no worker is running, and changes stay pending."""

    pending_pages: int
    oldest_pending_age: float | None
    last_drain_at: object | None
    last_drain_age: float | None
    drain_interval: float
    drains: int

    @property
    def draining(self) -> bool:
        return self.last_drain_age is not None and self.last_drain_age <= 3 * max(self.drain_interval, 1)

    def as_dict(self) -> dict:
        return {
            "pending_pages": self.pending_pages,
            "oldest_pending_age": self.oldest_pending_age,
            "last_drain_at": self.last_drain_at.isoformat() if self.last_drain_at else None,
            "last_drain_age": self.last_drain_age,
            "drain_interval": self.drain_interval,
            "drains": self.drains,
            "draining": self.draining,
        }


def outbox_status() -> OutboxStatus:
    """Delivery health in three cheap queries (for ``home.health``)."""
    from datetime import timedelta

    from django.db.models import Max
    from django.utils import timezone

    from .models import SearchDrain

    now = timezone.now()
    interval = float(getattr(settings, "SEARCH_OUTBOX_DRAIN_INTERVAL", 10))
    oldest = _pending().order_by("id").values_list("created_at", flat=True).first()
    last = SearchDrain.objects.aggregate(last=Max("last_drain_at"))["last"]
    recent = SearchDrain.objects.filter(last_drain_at__gte=now - timedelta(seconds=3 * max(interval, 1))).count()
    return OutboxStatus(
        pending_pages=outbox_pending_count() if oldest else 0,
        oldest_pending_age=(now - oldest).total_seconds() if oldest else None,
        last_drain_at=last,
        last_drain_age=(now - last).total_seconds() if last else None,
        drain_interval=interval,
        drains=recent,
    )


def outbox_prune(*, keep: int = 10_000) -> int:
    """Delete delivered rows beyond the newest ``keep`` (they are history only)."""
    delivered = SearchOutbox.objects.filter(db_indexed=True, es_delivered=True).order_by("-id")
    cutoff = delivered.values_list("id", flat=True)[keep : keep + 1]
    if not cutoff:
        return 0
    deleted, _ = SearchOutbox.objects.filter(db_indexed=True, es_delivered=True, id__lte=cutoff[0]).delete()
    return deleted


# --- searching -------------------------------------------------------------------------
def resources_search(*, request: SearchRequest, visibility: str = Visibility.PUBLIC) -> SearchResult:
    """Search resources: Elasticsearch when configured and healthy, else the database index.

    Public search passes ``visibility="public"`` (the default): drafts, works under review
    or rejected, and restricted pages are stored as ``private`` and never returned.
    """
    if request.selects_nothing():
        return SearchResult(request=request, backend="none")
    if es.available():
        try:
            return es.search(request, visibility=visibility)
        except es.Unavailable:
            logger.warning("search: Elasticsearch unavailable, answering from the database index")
    return database.search(request, visibility=visibility)


def search_backend_name() -> str:
    return "elasticsearch" if es.available() else database.NAME


# --- rebuild and reconcile ------------------------------------------------------------
def all_document_ids() -> list[int]:
    """Every page that has a search document: resources and the other indexed types."""
    return indexed_page_ids()


def database_rebuild(*, progress=None, batch_size: int = 500) -> int:
    """Rebuild the database index from the resources (``search_rebuild --database``)."""
    high_water = SearchOutbox.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = all_document_ids()
    builder = DocumentBuilder()
    with transaction.atomic():
        database.clear()
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            docs = builder.build_many(chunk)
            database.index_documents(docs, versions=dict.fromkeys(docs, high_water))
            if progress:
                progress(len(chunk))
    SearchOutbox.objects.filter(id__lte=high_water).update(db_indexed=True)
    return len(ids)


@dataclass
class ReconcileReport:
    target: str
    checked: int = 0
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return len(self.added) + len(self.updated) + len(self.removed)


def es_rebuild(*, page_ids: list[int] | None = None, progress=None, batch_size: int = 500) -> tuple[str, int]:
    """Rebuild Elasticsearch into a new index and switch the alias (``search_rebuild``)."""
    ids = all_document_ids() if page_ids is None else page_ids
    index, count, upto = es.rebuild(
        page_ids=ids, build=DocumentBuilder().build_many, progress=progress, batch_size=batch_size
    )
    SearchOutbox.objects.filter(id__lte=upto, es_delivered=False).update(es_delivered=True, last_error="")
    return index, count


def es_reconcile(*, dry_run: bool = False, batch_size: int = 500) -> ReconcileReport:
    """Compare Elasticsearch with the resources and repair the differences.

    Repairs are written with the current outbox high-water mark as an ``external_gte``
    version: they replace a stale document of an equal or older version, never a newer one.
    """
    report = ReconcileReport(target="elasticsearch")
    high_water = es.page_versions_now()
    indexed = es.scan_hashes()
    ids = all_document_ids()
    report.checked = len(ids)
    builder = DocumentBuilder()
    for start in range(0, len(ids), batch_size):
        docs = builder.build_many(ids[start : start + batch_size])
        stale = {}
        for pk, doc in docs.items():
            if pk not in indexed:
                report.added.append(pk)
                stale[pk] = doc
            elif indexed[pk][0] != doc["content_hash"]:
                report.updated.append(pk)
                stale[pk] = doc
        if stale and not dry_run:
            es.write_documents(stale, versions=dict.fromkeys(stale, high_water), version_type="external_gte")
    report.removed = sorted(set(indexed) - set(ids))
    if report.removed and not dry_run:
        es.write_documents(
            dict.fromkeys(report.removed),
            versions=dict.fromkeys(report.removed, high_water),
            version_type="external_gte",
        )
    return report


def database_reconcile(*, dry_run: bool = False, batch_size: int = 500) -> ReconcileReport:
    """Compare the database index with the resources and repair the differences."""
    report = ReconcileReport(target="database")
    indexed = dict(SearchDocument.objects.values_list("page_id", "content_hash"))
    # Full-text entries can go missing (or linger) apart from the document row.
    with_text = database.text_index_ids()
    ids = all_document_ids()
    report.checked = len(ids)
    builder = DocumentBuilder()
    for start in range(0, len(ids), batch_size):
        docs = builder.build_many(ids[start : start + batch_size])
        stale = {}
        for pk, doc in docs.items():
            if pk not in indexed:
                report.added.append(pk)
                stale[pk] = doc
            elif indexed[pk] != doc["content_hash"] or pk not in with_text:
                report.updated.append(pk)
                stale[pk] = doc
        if stale and not dry_run:
            database.index_documents(stale)
    report.removed = sorted((set(indexed) | with_text) - set(ids))
    if report.removed and not dry_run:
        database.index_documents(dict.fromkeys(report.removed))
    return report


def database_backfill_if_empty() -> int:
    """Fill an empty database index from existing resources (a database that had resources
    before the search app was installed); run after ``migrate``."""
    if SearchDocument.objects.exists() or not all_document_ids():
        return 0
    return database_rebuild()


def settings_summary() -> str:
    if settings.ELASTICSEARCH_URL:
        return f"Elasticsearch {settings.ELASTICSEARCH_URL}（别名 {es.alias_name()}），数据库索引作后备"
    return "数据库索引（未配置 ELASTICSEARCH_URL）"
