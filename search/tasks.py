"""Celery tasks of the search app: deliver outbox rows to the indexes."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=8, acks_late=True, ignore_result=True)
def search_deliver(self, page_ids: list[int]) -> None:
    """Deliver the pending changes of these resources; retried with back-off while
    Elasticsearch is down. Run in-process (no broker) it never retries or raises: the rows
    stay pending for ``search_deliver_pending`` instead of holding up the request."""
    report = services.outbox_deliver(page_ids=page_ids)
    if report.errors and not self.request.is_eager:
        raise self.retry(countdown=min(600, 5 * 2**self.request.retries))


@shared_task(ignore_result=True)
def search_deliver_pending() -> None:
    """Periodic (Celery beat): drain whatever is still pending, then prune old history."""
    services.outbox_deliver_pending()
    services.outbox_prune()
