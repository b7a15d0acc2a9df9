"""Local development: the embedded default (SQLite, database search, in-process tasks)."""

import os

from .base import *  # noqa: F403

# `make run` shows the portal's own Chinese error pages, as production does; a developer who
# wants Django's debug pages asks for them with DEBUG=1.
DEBUG = env_bool("DEBUG", False)  # noqa: F405
# Without DEBUG, runserver serves no static files: WhiteNoise serves them straight from the
# apps' folders (no collectstatic), and picks up edits.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Image files from MEDIA_ROOT, each only to those who may see its image (home.media).
SERVE_MEDIA_FROM_DISK = True
# A development-only key; production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
