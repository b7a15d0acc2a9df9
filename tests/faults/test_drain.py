"""The outbox drain: with tasks in-process the web process starts one itself, and the health
figures (``outbox_status``) tell an operator when no drain is running."""

from datetime import timedelta

import pytest

from django.utils import timezone

from search import drain
from search.models import SearchDrain, SearchOutbox
from search.services import outbox_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(monkeypatch):
    """Drain threads started during the test (their loop replaced by a record of the start)."""
    names = []
    monkeypatch.setattr(drain.Drainer, "run", lambda self: names.append(self.drain_name))
    monkeypatch.setattr(drain, "_current", {})
    return names


def test_in_process_tasks_the_web_process_drains_from_its_first_request(client, settings, started):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SEARCH_OUTBOX_DRAIN_INTERVAL = 10
    client.get("/")
    client.get("/")
    assert len(started) == 1 and started[0].startswith("web:")


def test_with_a_broker_the_workers_drain_not_the_web_process(client, settings, started):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.SEARCH_OUTBOX_DRAIN_INTERVAL = 10
    client.get("/")
    assert started == []


def test_status_shows_a_stopped_drain_and_the_age_of_what_waits(settings):
    settings.SEARCH_OUTBOX_DRAIN_INTERVAL = 10
    settings.ELASTICSEARCH_URL = ""
    assert not outbox_status().draining  # no drain ever ran: no worker started
    long_ago = timezone.now() - timedelta(minutes=5)
    SearchDrain.objects.create(name="worker:gone", last_drain_at=long_ago)
    SearchOutbox.objects.create(page_id=424242, created_at=long_ago)
    status = outbox_status()
    assert not status.draining and status.drains == 0
    assert status.pending_pages == 1 and status.oldest_pending_age >= 300
    drain.drain_once(name="worker:alive")
    status = outbox_status().as_dict()
    assert status["draining"] and status["drains"] == 1 and status["pending_pages"] == 0
