"""Background work of the API: bulk imports (``api.imports``). Tasks take ids and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def import_job_run(job_id: int) -> None:
    """Run one import job. Delivered twice, or sent again by the recovery, it imports once:
    the job is claimed with a conditional update (queued → running)."""
    from .imports import import_job_run as run

    run(job_id=job_id)


@shared_task(ignore_result=True)
def import_jobs_recover() -> None:
    """On every worker's start and every minute (Celery beat): send again the task of a job
    whose message was lost, and mark failed a job whose worker stopped mid-import."""
    from .imports import import_jobs_recover as recover

    recover()
