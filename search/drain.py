"""The outbox drain (发件箱补投): delivery that never depends on a queued message.

A change is saved together with its outbox row; the ``search_deliver`` task sent after the
commit is only the fast path. That message can be lost — Redis restarted without
persistence, a worker killed mid-task, the broker down when the request tried to send it —
and Elasticsearch can be down when it runs. So every process that runs tasks also drains:

- **Celery workers**: ``rtpt_site.celery`` starts a drain thread in every worker when it is
  ready (``worker_ready``), so a worker delivers what is pending the moment it starts, and
  then every ``SEARCH_OUTBOX_DRAIN_INTERVAL`` seconds (default 10) for as long as it runs.
  No beat and no broker message is involved: a worker alone is enough.
- **In-process tasks** (``CELERY_TASK_ALWAYS_EAGER``, no broker): each web process starts
  the same thread on its first request (``request_started``).

A tick: if Elasticsearch's circuit breaker is open, probe the node once (so delivery resumes
right after it recovers); deliver rows older than ``SEARCH_OUTBOX_GRACE`` seconds (younger
ones are in the hands of their task); record a heartbeat (``SearchDrain``), which
``services.outbox_status()`` reports to the health endpoint. On PostgreSQL one drain at a
time does the delivering (a session advisory lock); the others only probe and beat.
Delivery is idempotent, so an overlap with a task is harmless.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.utils import timezone

from . import services
from .backends import elasticsearch as es
from .backends.database import LOCK_NAMESPACE
from .models import SearchDrain

logger = logging.getLogger(__name__)

DRAIN_LOCK = -1  # outside the page buckets of database.lock_pages
PRUNE_EVERY = 60  # ticks
_current: dict[str, object] = {}
_start_lock = threading.Lock()


def interval() -> float:
    return float(getattr(settings, "SEARCH_OUTBOX_DRAIN_INTERVAL", 10))


def _try_lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, DRAIN_LOCK])
        return bool(cursor.fetchone()[0])


def _unlock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, DRAIN_LOCK])


def drain_once(*, name: str, tick: int = 0) -> services.DeliveryReport | None:
    """One tick of the drain (see the module docstring); None if another drain holds the lock."""
    if es.enabled() and not es.available():
        es.probe()
    report = None
    if _try_lock():
        try:
            due = timezone.now() - timedelta(seconds=float(getattr(settings, "SEARCH_OUTBOX_GRACE", 5)))
            report = services.outbox_deliver_pending(due_before=due)
            if report.db_indexed or report.es_delivered:
                logger.info("search drain: %s database, %s Elasticsearch", report.db_indexed, report.es_delivered)
            if tick % PRUNE_EVERY == PRUNE_EVERY - 1:
                services.outbox_prune()
        finally:
            _unlock()
    now = timezone.now()
    SearchDrain.objects.update_or_create(name=name[:200], defaults={"last_drain_at": now})
    if tick % PRUNE_EVERY == 0:
        SearchDrain.objects.filter(last_drain_at__lt=now - timedelta(days=1)).delete()
    return report


class Drainer(threading.Thread):
    """The drain loop of one process: a tick at once, then one every ``interval()`` seconds."""

    def __init__(self, name: str):
        super().__init__(name="search-outbox-drain", daemon=True)
        self.drain_name = name
        self.stopping = threading.Event()

    def run(self) -> None:
        SearchDrain.objects.update_or_create(name=self.drain_name[:200], defaults={"started_at": timezone.now()})
        tick = 0
        while not self.stopping.is_set():
            try:
                close_old_connections()
                drain_once(name=self.drain_name, tick=tick)
            except Exception:  # the database or the node failed mid-tick: try again next tick
                logger.exception("search drain: tick failed")
            finally:
                # No connection is kept between ticks (nor inherited by a forked pool child).
                connections.close_all()
            tick += 1
            self.stopping.wait(interval())

    def stop(self) -> None:
        self.stopping.set()


def start(*, name: str | None = None) -> Drainer | None:
    """Start this process's drain thread (once per process; none if the interval is 0)."""
    if interval() <= 0:
        return None
    with _start_lock:
        current = _current.get("drainer")
        if current is not None and _current.get("pid") == os.getpid() and current.is_alive():
            return current
        drainer = Drainer(name or f"{socket.gethostname()}:{os.getpid()}")
        drainer.start()
        _current.update(drainer=drainer, pid=os.getpid())
        return drainer


def stop() -> None:
    drainer = _current.pop("drainer", None)
    if drainer is not None:
        drainer.stop()


def start_in_process(sender=None, **kwargs) -> None:
    """``request_started`` receiver: with tasks in-process there is no worker, so the web
    process drains itself (started on its first request, after any fork of the server)."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return
    current = _current.get("drainer")
    if current is not None and _current.get("pid") == os.getpid():
        return
    start(name=f"web:{socket.gethostname()}:{os.getpid()}")
