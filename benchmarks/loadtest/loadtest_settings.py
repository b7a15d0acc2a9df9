"""Settings of the load test's servers: production's, less what needs HTTPS.

``make loadtest`` speaks plain HTTP to gunicorn on 127.0.0.1 (no nginx, no certificate), so the
HTTPS redirect, HSTS and the Secure flag of the session and CSRF cookies are off here; all the
rest (DEBUG off, manifest static files, Redis cache and page cache, Celery broker,
Elasticsearch) is exactly production's.
"""

from rtpt_site.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
