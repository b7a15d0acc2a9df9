"""/healthz and /readyz as a load balancer and an operator see them (rtpt_site.health)."""

import os
from datetime import timedelta

import pytest

from django.utils import timezone

from search import drain
from search.models import SearchOutbox

pytestmark = pytest.mark.django_db
DEAD_REDIS = "redis://:s3cret-pw@127.0.0.1:1/0"
DEAD_ES = "http://elastic:s3cret-pw@127.0.0.1:9"


def ready(client):
    response = client.get("/readyz")
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return response, response.json()


def test_liveness_answers_without_touching_any_service(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.12:8000")  # a probe on the worker's own address
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readiness_reports_every_check_on_the_configured_services(client, settings):
    settings.ELASTICSEARCH_URL = ""
    response, body = ready(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) == {"database", "cache", "celery_broker", "elasticsearch", "search_outbox"}
    assert checks["database"]["status"] == "ok"
    assert checks["cache"]["status"] == "ok"
    # Not configured is said so, and is no failure.
    assert checks["celery_broker"]["status"] == "off"
    assert checks["elasticsearch"]["status"] == "off"
    assert checks["search_outbox"] == {
        "status": "ok",
        "pending": 0,
        "oldest_age_seconds": None,
        "max_age_seconds": 300,
        "draining": False,
        "last_drain_age_seconds": None,
        "ms": checks["search_outbox"]["ms"]
    }  # fmt: skip


def test_a_dead_cache_or_broker_makes_it_503_without_showing_addresses_or_passwords(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = DEAD_REDIS
    settings.READYZ_TIMEOUT = 0.5
    response, body = ready(client)
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["cache"]["status"] == "fail"
    assert body["checks"]["celery_broker"]["status"] == "fail"
    assert body["checks"]["database"]["status"] == "ok"
    text = response.content.decode()
    assert "s3cret" not in text and "127.0.0.1" not in text and ":1/" not in text


def test_elasticsearch_down_or_a_stuck_outbox_is_degraded_not_unready(client, settings, library):
    # Search falls back to the database: the web workers stay in the load balancer.
    settings.ELASTICSEARCH_URL = DEAD_ES
    settings.READYZ_TIMEOUT = 0.5
    SearchOutbox.objects.create(page_id=library.pk, created_at=timezone.now() - timedelta(minutes=10))
    SearchOutbox.objects.create(page_id=library.get_parent().pk)
    response, body = ready(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["elasticsearch"]["status"] == "fail"
    outbox = body["checks"]["search_outbox"]
    assert outbox["status"] == "fail"
    assert outbox["pending"] == 2
    assert outbox["oldest_age_seconds"] >= 600
    assert "s3cret" not in response.content.decode() and ":9" not in response.content.decode()


def test_a_fresh_backlog_is_fine(client, settings, library):
    settings.ELASTICSEARCH_URL = ""
    SearchOutbox.objects.create(page_id=library.pk)
    _, body = ready(client)
    assert body["status"] == "ok"
    assert body["checks"]["search_outbox"]["pending"] == 1


def test_with_a_broker_no_worker_draining_the_outbox_is_degraded(client, settings):
    """Workers deliver search changes (search.drain): with none ticking, /readyz says so."""
    settings.ELASTICSEARCH_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.SEARCH_OUTBOX_DRAIN_INTERVAL = 10
    _, body = ready(client)
    assert body["status"] == "degraded"
    assert body["checks"]["search_outbox"]["status"] == "fail"
    assert body["checks"]["search_outbox"]["draining"] is False
    drain.drain_once(name="worker-1")  # what a started worker does every interval
    _, body = ready(client)
    assert body["checks"]["search_outbox"]["status"] == "ok"
    assert body["checks"]["search_outbox"]["draining"] is True


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    response = client.post("/readyz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.requires_service("redis")
def test_real_redis_as_cache_and_broker(client, settings):
    settings.ELASTICSEARCH_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                                   "KEY_PREFIX": "rtpt-test-health"}}  # fmt: skip
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    response, body = ready(client)
    assert response.status_code == 200, body
    assert body["checks"]["cache"] == {"status": "ok", "backend": "RedisCache", "ms": body["checks"]["cache"]["ms"]}
    assert body["checks"]["celery_broker"]["status"] == "ok"


@pytest.mark.requires_service("elasticsearch")
def test_real_elasticsearch_cluster_health(client, settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    response, body = ready(client)
    assert response.status_code == 200
    es = body["checks"]["elasticsearch"]
    assert es["status"] == "ok"
    assert es["cluster"] in ("green", "yellow")
    assert es["nodes"] >= 1
