"""学分银行 (credit bank) Celery tasks: they take ids, re-read, and call a service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def credit_record_recommendation(recommendation_id: int) -> None:
    """优秀成果学分 for an accepted recommendation (recorded once; see the service)."""
    services.credit_record_recommendation(recommendation_id=recommendation_id)


@shared_task(ignore_result=True)
def credit_reverse_recommendation(recommendation_id: int) -> None:
    """Take back the credits of a withdrawn recommendation (see the service)."""
    services.credit_reverse_recommendation(recommendation_id=recommendation_id)
