"""View counts of resources (浏览次数) without a database write on the request path.

A view adds one to a counter in the cache (``resource-views:<id>``); ``resource_views_flush``
moves the counted views into ``GeneratedResourcePage.view_count`` in one UPDATE per resource.
The flush runs from Celery beat every ``RESOURCE_VIEWS_FLUSH_SECONDS`` (settings) and also
whenever a process has counted ``RESOURCE_VIEWS_FLUSH_EVERY`` views since its last flush:
with tasks in-process (no broker) and a per-process local-memory cache, that threshold is
what keeps the counts moving.

Counts are meant for "most viewed" and the number on the page, not for billing: views counted
in a cache that is lost (a restart of a local-memory cache, a Redis flush) before a flush are
lost; a view is never counted twice. A page shows its stored count plus the views still
waiting in the cache. When the cache cannot hold a counter (the dummy cache, a cache outage
that degrades to "no cache") the view is written to the database at once, as before.
"""

from __future__ import annotations

import itertools

from django.conf import settings
from django.core.cache import cache
from django.db.models import F

from home.tasks_queue import enqueue_on_commit

from .models import GeneratedResourcePage

KEY = "resource-views:{}"
SINCE_FLUSH_KEY = "resource-views:since-flush"
SCAN_BATCH = 1000


def _key(resource_id: int) -> str:
    return KEY.format(resource_id)


def _incr(key: str) -> int | None:
    """Add one to a counter that lives until flushed; None when the cache keeps nothing."""
    cache.add(key, 0, timeout=None)
    try:
        return cache.incr(key)
    except ValueError:
        return None


def resource_record_view(*, resource_id: int) -> None:
    """Count one view of a resource (drives "most viewed"); never touches revisions."""
    if _incr(_key(resource_id)) is None:
        GeneratedResourcePage.objects.filter(pk=resource_id).update(view_count=F("view_count") + 1)
        return
    since_flush = _incr(SINCE_FLUSH_KEY) or 0
    if since_flush >= settings.RESOURCE_VIEWS_FLUSH_EVERY:
        from .tasks import resource_views_flush

        cache.set(SINCE_FLUSH_KEY, 0, timeout=None)
        enqueue_on_commit(resource_views_flush)  # a broker outage never fails the page


def resource_pending_views(*, resource_id: int) -> int:
    """Views counted in the cache and not yet in the database."""
    return cache.get(_key(resource_id)) or 0


def resource_views_flush() -> int:
    """Move every counted view into the database; returns how many views were moved."""
    moved = 0
    ids = GeneratedResourcePage.objects.order_by().values_list("pk", flat=True).iterator()
    while batch := list(itertools.islice(ids, SCAN_BATCH)):
        pending = cache.get_many([_key(pk) for pk in batch])
        for key, count in pending.items():
            if not count:
                continue
            # Take the views off the counter first: views counted meanwhile stay for the next
            # flush, and a crash between the two steps loses views rather than doubling them.
            cache.decr(key, count)
            resource_id = int(key.rsplit(":", 1)[1])
            GeneratedResourcePage.objects.filter(pk=resource_id).update(view_count=F("view_count") + count)
            moved += count
    return moved
