"""Liveness and readiness for load balancers and monitoring (docs/deploy.md).

``GET /healthz`` (liveness): the process answers; no service is called, so a database outage
never makes a supervisor restart healthy web workers.

``GET /readyz`` (readiness): one check per service, each ``ok``, ``fail`` or ``off`` (not
configured), answered as JSON::

    {"status": "ok", "checks": {"database": {"status": "ok", "ms": 1.4}, "cache": {...},
     "celery_broker": {...}, "elasticsearch": {...}, "search_outbox": {...}}}

HTTP 503 (``"status": "fail"``) when the database, the cache or the Celery broker fails: a web
worker cannot serve without them (pages, sessions, sign-in throttling and tasks need them).
Elasticsearch and the search outbox backlog only make the answer ``"degraded"`` with HTTP 200:
search falls back to the database index while Elasticsearch is down, and taking every web worker
out of the load balancer because of it would turn a slower search into a full outage; monitoring
alerts on ``degraded``. Failures are named by their exception class only: no address, password
or message of a service ever appears.

Both are answered by :class:`HealthCheckMiddleware`, first in the middleware list: before the
host check (a probe may use the worker's own address), the HTTPS redirect, sessions and
the page cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
# Checks whose failure makes the answer 503; the others make it "degraded".
CRITICAL = ("database", "cache", "celery_broker")
_CACHE_KEY = "health:readyz"


def _timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # each check reports its own failure; one never hides the others
        result = {"status": "fail", "error": exc.__class__.__name__}
    result.setdefault("status", "ok")
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache() -> dict:
    token = str(time.time_ns())
    cache = caches["default"]
    cache.set(_CACHE_KEY, token, timeout=30)
    backend = cache.__class__.__name__
    # A dummy cache (tests) stores nothing; any other backend must give the value back.
    if backend != "DummyCache" and cache.get(_CACHE_KEY) != token:
        return {"status": "fail", "error": "ValueMismatch", "backend": backend}
    return {"backend": backend}


def check_celery_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL:
        return {"status": "off", "detail": "无消息队列：任务在 Web 进程内执行"}
    from rtpt_site.celery import app

    timeout = settings.READYZ_TIMEOUT
    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=timeout)
        conn.default_channel  # noqa: B018 - opens a channel: the broker really answers
    return {}


def check_elasticsearch() -> dict:
    from search.backends import elasticsearch as es

    if not es.enabled():
        return {"status": "off", "detail": "未配置 ELASTICSEARCH_URL：使用数据库索引"}
    timeout = settings.READYZ_TIMEOUT
    health = es.client(timeout=timeout).cluster.health(timeout=f"{max(1, int(timeout))}s").body
    status = "ok" if health.get("status") in ("green", "yellow") else "fail"
    return {"status": status, "cluster": health.get("status"), "nodes": health.get("number_of_nodes")}


def check_search_outbox() -> dict:
    """Search delivery: the age of the oldest undelivered change, and (with a broker, where
    workers do the delivery) whether any worker's drain has ticked lately (search.drain)."""
    from search.services import outbox_status

    status = outbox_status()
    age = status.oldest_pending_age
    too_old = age is not None and age > settings.READYZ_OUTBOX_MAX_AGE
    workers_needed = not settings.CELERY_TASK_ALWAYS_EAGER
    return {
        "status": "fail" if too_old or (workers_needed and not status.draining) else "ok",
        "pending": status.pending_pages,
        "oldest_age_seconds": None if age is None else round(age),
        "max_age_seconds": settings.READYZ_OUTBOX_MAX_AGE,
        "draining": status.draining,
        "last_drain_age_seconds": None if status.last_drain_age is None else round(status.last_drain_age),
    }


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "celery_broker": check_celery_broker,
    "elasticsearch": check_elasticsearch,
    "search_outbox": check_search_outbox,
}


def readiness() -> tuple[dict, int]:
    """The readiness report and its HTTP status."""
    checks = {name: _timed(check) for name, check in CHECKS.items()}
    failed = [name for name, result in checks.items() if result["status"] == "fail"]
    if any(name in CRITICAL for name in failed):
        return {"status": "fail", "checks": checks}, 503
    return {"status": "degraded" if failed else "ok", "checks": checks}, 200


def _answer(payload: dict, status: int) -> JsonResponse:
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers ``/healthz`` and ``/readyz`` (GET or HEAD) before any other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path in (LIVENESS_PATH, READINESS_PATH):
            if request.method not in ("GET", "HEAD"):
                response = _answer({"status": "fail", "error": "只接受 GET 或 HEAD 请求。"}, 405)
                response["Allow"] = "GET, HEAD"
                return response
            if path == LIVENESS_PATH:
                return _answer({"status": "ok"}, 200)
            return _answer(*readiness())
        return self.get_response(request)
