"""Celery tasks of the workshops app: they take ids, re-read, and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def credit_record_recommendation(recommendation_id: int) -> None:
    """优秀成果学分 for an accepted recommendation (recorded once; see the service)."""
    from .services import credit_record_recommendation as record

    record(recommendation_id=recommendation_id)


@shared_task(ignore_result=True)
def credit_reverse_recommendation(recommendation_id: int) -> None:
    """Take back the credits of a withdrawn recommendation (see the service)."""
    from .services import credit_reverse_recommendation as reverse

    reverse(recommendation_id=recommendation_id)
