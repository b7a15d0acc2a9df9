"""Celery application of the RTPT Resource Cloud.

Background work (search indexing, media probing, notifications) is queued here.
With no broker configured (``CELERY_BROKER_URL``/``REDIS_URL`` unset) the
settings make every task run eagerly in-process, so ``make run`` needs no
server at all.
"""

import os

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtpt_site.settings.dev")

app = Celery("rtpt_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def start_outbox_drain(sender=None, **kwargs):
    """Every worker drains the search outbox on start and every few seconds after
    (``search.drain``): delivery never depends on a queued message surviving."""
    from search import drain

    drain.start(name=f"worker:{getattr(sender, 'hostname', '')}:{os.getpid()}")


@worker_ready.connect
def recover_import_jobs(sender=None, **kwargs):
    """A worker that starts picks up the API's import jobs whose task message was lost
    (``api.imports``); Celery beat repeats it every minute."""
    from api.tasks import import_jobs_recover

    import_jobs_recover.delay()


@worker_shutdown.connect
def stop_outbox_drain(sender=None, **kwargs):
    from search import drain

    drain.stop()
