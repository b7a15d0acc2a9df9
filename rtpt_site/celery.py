"""Celery application of the RTPT Resource Cloud.

Background work (search indexing, media probing, notifications) is queued here.
With no broker configured (``CELERY_BROKER_URL``/``REDIS_URL`` unset) the
settings make every task run eagerly in-process, so ``make run`` needs no
server at all.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtpt_site.settings.dev")

app = Celery("rtpt_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
