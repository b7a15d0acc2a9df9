"""Gunicorn settings of the web workers (``gunicorn -c python:rtpt_site.gunicorn_conf rtpt_site.wsgi``).

Read from the environment, like the Django settings (docs/deploy.md):

- ``GUNICORN_BIND`` (``127.0.0.1:8000``; a ``unix:/run/rtpt/gunicorn.sock`` path behind nginx)
- ``WEB_CONCURRENCY`` worker processes (2 × cores + 1): sync workers, one request each; a
  request waiting for PostgreSQL or Elasticsearch holds only its own worker
- ``GUNICORN_THREADS`` threads per worker (1); above 1 the workers are ``gthread``
- ``GUNICORN_TIMEOUT`` seconds a request may take before its worker is restarted (60: imports
  and large uploads go through the admin and the upload forms; nginx buffers the upload first)
- ``GUNICORN_MAX_REQUESTS`` recycle a worker after this many requests (50000, with 10 %
  jitter), so a slow leak in a library never grows without bound; ``0`` never. Not lower: a
  new worker loads the whole application (about a second of CPU) and starts with empty
  per-process caches, and a worker answering cached pages at a thousand requests a second
  would otherwise be replaced every few seconds
- ``GUNICORN_ACCESS_LOG`` access log file (``-``: standard output, the journal's), ``GUNICORN_ERROR_LOG``
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Each worker loads the application itself: nothing opened at start-up (a database or Redis
# connection) is ever shared between forked workers.
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Behind nginx on the same host: trust its X-Forwarded-* headers (HTTPS detection).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "rtpt-web"
