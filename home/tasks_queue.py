"""Hand a Celery task to the broker once the current transaction has committed (入队).

``enqueue_on_commit(task, *args, **kwargs)`` is how every app queues background work: the
task is sent only if the transaction commits, and sending never raises into the request.
By then the change is saved for good, so a broker that is down or restarting must not turn a
successful save (a publish, with its log entry) into an error page: the failure is logged and
the message dropped. Work that must not be lost keeps its own durable record in the database
and is re-driven from there (the search outbox is drained by ``search.drain`` on every worker).

Sending tries the broker twice at most (one quick retry after a dropped connection): a request
never waits for a broker that is not there.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)

PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}


def send_task(task, /, *args, **kwargs) -> bool:
    """Send ``task`` now; False (logged) if the broker refused it or could not be reached."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:
        logger.exception("could not enqueue %s", getattr(task, "name", task))
        return False
    return True


def enqueue_on_commit(task, /, *args, **kwargs) -> None:
    """Send ``task`` after the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(send_task, task, *args, **kwargs), robust=True)
