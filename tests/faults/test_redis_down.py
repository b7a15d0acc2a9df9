"""Redis down (cache and broker unreachable): every page and search keep answering, a publish
succeeds fully — saved with Wagtail's log entry — and the drain delivers what its lost
message would have. Redis is "down" by pointing at a closed port, so no service is needed."""

import kombu.pools
import pytest

from wagtail.models import PageLogEntry

from rtpt_site.celery import app as celery_app
from rtpt_site.settings.base import redis_cache
from search import drain
from search.models import SearchDocument, SearchOutbox
from search.services import outbox_status
from tests.factories import GeneratedResourcePageFactory

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:9/0"  # nothing listens on the discard port: connection refused


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": redis_cache(DEAD, "rtpt-faults-test")}
    settings.PAGE_CACHE_SECONDS = 300
    return settings


def _fresh_broker_connections():
    """Close the connections to the broker and forget the pools that held them. kombu keeps its
    pools in a process-wide registry, and a pool closed but left there would fail every later
    send in this process, eager ones included ("Acquire on closed pool")."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Tasks go to an unreachable broker instead of running in-process."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, DEAD
    _fresh_broker_connections()
    yield
    conf.task_always_eager, conf.broker_url = saved
    _fresh_broker_connections()


def test_every_page_and_search_answer_while_redis_is_down(client, library, redis_down,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    """The page cache, the search circuit breaker (Elasticsearch configured but dead too) and
    the view counter all meet a dead Redis: no 500, pages and results as usual."""
    redis_down.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with django_capture_on_commit_callbacks(execute=True):
        page = GeneratedResourcePageFactory(parent=library, title="缓存宕机时的勾股定理教学设计")
    for url in ("/", library.url, page.url, "/search/?q=勾股定理"):
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.get("/api/search/", {"q": "勾股定理"})
    assert response.status_code == 200
    assert response["X-Search-Backend"] == "database"
    assert page.pk in [r["id"] for r in response.json()["results"]]


def test_publish_with_redis_and_broker_down_is_saved_with_its_log_entry(library, redis_down, broker_down, settings):
    settings.SEARCH_OUTBOX_GRACE = 0
    settings.ELASTICSEARCH_URL = ""  # the point here is Redis: the database index shows delivery
    page = GeneratedResourcePageFactory(parent=library, title="断网时发布的单元作业设计", live=False)
    page.save_revision().publish()  # the cache and the broker both fail underneath: no error

    page.refresh_from_db()
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1
    # The delivery message never reached a broker; the outbox row is there all the same ...
    assert SearchOutbox.objects.filter(page_id=page.pk, db_indexed=False).exists()
    assert not SearchDocument.objects.filter(pk=page.pk).exists()
    # ... and the drain (every worker runs it every few seconds) delivers it.
    drain.drain_once(name="test-drain")
    assert SearchDocument.objects.get(pk=page.pk).visibility == "public"
    status = outbox_status()
    assert status.pending_pages == 0 and status.oldest_pending_age is None
    assert status.draining and status.drains == 1
