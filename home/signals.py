"""Domain signals (领域信号): how a feature app announces a change that derived data must follow.

``resources_changed`` is sent by the resource library whenever works change in a way that a
model signal does not show: fields written with ``QuerySet.update()`` (review levels, demo
dates), or a bulk import that saves pages with per-save signals held back. Derived data
listens — the search outbox (``search``) and the anonymous page cache (``home.page_cache``) —
so the library never calls them itself and depends on neither.

Arguments: ``page_ids`` (a list of page ids). Receivers must only record or schedule work,
in the sender's transaction; nothing heavy runs inside ``send``.

``bulk_write()`` marks the current thread as writing many works at once: per-save receivers
(search's ``post_save`` handler) skip them, because the writer sends one ``resources_changed``
per batch instead. The mark is per thread, unlike disconnecting a receiver, which would also
silence the saves of every other request the process is serving.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.dispatch import Signal

resources_changed = Signal()

_state = threading.local()


@contextmanager
def bulk_write():
    depth = getattr(_state, "bulk_depth", 0)
    _state.bulk_depth = depth + 1
    try:
        yield
    finally:
        _state.bulk_depth = depth


def in_bulk_write() -> bool:
    return getattr(_state, "bulk_depth", 0) > 0
