"""Test settings: the same services as configured in the environment (CI sets
DATABASE_URL, REDIS_URL and ELASTICSEARCH_URL), fast hashing, mail kept in memory."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="rtpt-test-media-")
# Removed when the test process ends (every run left a directory of uploads in /tmp).
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# Tasks run in the test process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
# No drain thread behind the tests' backs; tests of search.drain run it themselves.
SEARCH_OUTBOX_DRAIN_INTERVAL = 0
# Cache off for query-count tests; a test that needs the real cache overrides it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# `TEST_WORKERS=auto make test` runs the suite in several processes (pytest-xdist): each has its own test
# database (pytest-django adds the worker id), and here its own cache keys and index names.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if os.environ.get("REDIS_URL"):
    CACHES["redis"] = redis_cache(os.environ["REDIS_URL"], f"rtpt-test{WORKER}")  # noqa: F405
# Tests that index into Elasticsearch never touch a development index ("rtpt-resources").
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "rtpt-test") + (f"-{WORKER}" if WORKER else "")
# The image-file route as `make run` has it (home.media decides who may fetch each file).
SERVE_MEDIA_FROM_DISK = True
