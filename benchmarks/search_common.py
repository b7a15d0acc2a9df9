"""Shared set-up of the search benchmarks: Django on a throw-away database (never the
development one) and a throw-away Elasticsearch index prefix."""

from __future__ import annotations

import os
import statistics
import sys
import uuid
from pathlib import Path

from _setup import percentile  # the benchmarks' one percentile (linear interpolation)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtpt_site.settings.test")


def setup(db_file: str | None = None):
    """Configure Django on a fresh database (in memory, or ``db_file``) with migrations."""
    import django
    from django.conf import settings

    django.setup()
    if db_file:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = db_file
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    settings.SEARCH_INDEX_PREFIX = f"rtpt-bench-{uuid.uuid4().hex[:6]}"
    return settings


def teardown_es():
    from search.backends import elasticsearch as es

    if es.enabled():
        es.drop_all()


def summary(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms (n={len(values)}, mean {statistics.mean(values):.1f})"


def import_records(records, *, with_es: bool = False) -> int:
    """Import records through the real import service (pages, outbox, delivery)."""
    import json

    from django.conf import settings

    from resources.services import resources_import

    url = settings.ELASTICSEARCH_URL
    if not with_es:
        settings.ELASTICSEARCH_URL = ""
    try:
        result = resources_import(lines=(json.dumps(r, ensure_ascii=False) for r in records))
    finally:
        settings.ELASTICSEARCH_URL = url
    if result.failed:
        raise SystemExit(f"import failed: {result.failed[:3]}")
    return result.created + result.updated
