"""Page speed under load against a naive Wagtail site built in the same run (``make bench-pages``).

    .venv/bin/python benchmarks/pages.py [--works 1000] [--duration 10] [--connections 8]

Builds two sites in a temporary directory, each on SQLite with production-like settings
(DEBUG off, manifest static files, no debug toolbar), and serves each with gunicorn in the
documented production configuration (``rtpt_site/gunicorn_conf.py``: ``WEB_CONCURRENCY`` sync
workers, 2 × cores + 1 unless set; the naive site gets the same file):

- **naive**: ``wagtail start`` from this virtualenv, plus an app this script writes: a lesson
  page model (title, subject, summary, rich-text body), a lesson index whose ``get_context``
  pages its live children 20 at a time, and their templates; 1,000 lesson pages.
- **ours**: this portal (``rtpt_site.settings.production``, local-memory cache, tasks
  in-process) with ``--works`` published works from the demo corpus, twice: once with the
  anonymous page cache off (``PAGE_CACHE_SECONDS=0``: every request renders; the shared part of
  a work's page still comes from its fragment cache, as in production) and once with it on.

wrk drives every scenario against both sites one after the other, in the same run. The table
gives req/s, p50 and p95 latency, the SQL queries one request runs (Django's test client in
the same settings) and the ratio of req/s against the naive counterpart. The machine may be
shared: compare the ratios, not the absolute figures. Needs ``wrk`` (Debian package) and
``gunicorn`` (requirements.txt).

Client and servers share the two cores. The servers run in this script's session, in a process
group of their own (stopped as one): with Linux's session autogroups (``sched_autogroup_enabled``,
on by default), a server started in a session of its own is scheduled as one group against wrk's,
and wrk's p95 of the page-cache hits measured 4.0–7.4 ms (over 5 ms in 7 of 14 measurements)
instead of 3.1–4.3 ms (11 of 11 under 5 ms) at about the same throughput (7 December 2026, quiet machine) — the
client's queueing, not the server's.
``--own-session`` measures that way.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
LESSONS = 1000
GUNICORN_CONF = ROOT / "rtpt_site" / "gunicorn_conf.py"  # the production configuration, for both sites

WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""

# --- the naive site ------------------------------------------------------------------------

NAIVE_MODELS = """
from django.core.paginator import Paginator
from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class LessonIndexPage(Page):
    intro = RichTextField(blank=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = LessonPage.objects.live().child_of(self).order_by("-first_published_at")
        context["lessons"] = Paginator(lessons, 20).get_page(request.GET.get("page"))
        return context


class LessonPage(Page):
    subject = models.CharField(max_length=50, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    body = RichTextField(blank=True)
"""

NAIVE_INDEX_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block content %}
<h1>{{ page.title }}</h1>
{{ page.intro|richtext }}
<ul>
{% for lesson in lessons %}
  <li><a href="{% pageurl lesson %}">{{ lesson.title }}</a> <small>{{ lesson.subject }}</small>
  <p>{{ lesson.summary }}</p></li>
{% endfor %}
</ul>
{% if lessons.has_next %}<a href="?page={{ lessons.next_page_number }}">Next</a>{% endif %}
{% endblock %}
"""

NAIVE_LESSON_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block content %}
<p><a href="{% pageurl page.get_parent %}">Lessons</a></p>
<h1>{{ page.title }}</h1>
<p>{{ page.subject }}</p>
<p>{{ page.summary }}</p>
{{ page.body|richtext }}
{% endblock %}
"""

NAIVE_FILL = """
from django.utils import timezone
from wagtail.models import Page
from lessons.models import LessonIndexPage, LessonPage

home = Page.objects.get(depth=2)
index = home.add_child(instance=LessonIndexPage(title="Lessons", slug="lessons", intro="<p>All lessons.</p>"))
now = timezone.now()
for n in range(%(count)d):
    index.add_child(instance=LessonPage(
        title=f"Lesson {n}: Pythagoras in the classroom", slug=f"lesson-{n}", subject="Mathematics",
        summary="Students conjecture, test and prove the theorem with Zhao Shuang's diagram.",
        body="<p>Goals: understand the theorem.</p>" * 20, live=True, first_published_at=now,
    ))
"""


def build_naive(workdir: Path) -> dict:
    site = workdir / "naive"
    site.mkdir()
    run([str(BIN / "wagtail"), "start", "naive", str(site)], cwd=workdir)
    app = site / "lessons"
    (app / "templates" / "lessons").mkdir(parents=True)
    (app / "migrations").mkdir()
    (app / "__init__.py").write_text("")
    (app / "migrations" / "__init__.py").write_text("")
    (app / "models.py").write_text(NAIVE_MODELS)
    (app / "templates" / "lessons" / "lesson_index_page.html").write_text(NAIVE_INDEX_TEMPLATE)
    (app / "templates" / "lessons" / "lesson_page.html").write_text(NAIVE_LESSON_TEMPLATE)
    base = site / "naive" / "settings" / "base.py"
    base.write_text(base.read_text() + '\nINSTALLED_APPS.insert(0, "lessons")\n')
    (site / "naive" / "settings" / "local.py").write_text(
        'SECRET_KEY = "naive-benchmark-only"\nALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]\n'
    )
    site_info = built_naive(workdir)
    env = site_info["env"]
    manage = [PY, "manage.py"]
    run([*manage, "makemigrations", "lessons", "-v0"], cwd=site, env=env)
    run([*manage, "migrate", "-v0"], cwd=site, env=env)
    run([*manage, "collectstatic", "--no-input", "-v0"], cwd=site, env=env)
    run([*manage, "shell", "-c", NAIVE_FILL % {"count": LESSONS}], cwd=site, env=env)
    return site_info


def built_naive(workdir: Path) -> dict:
    env = {**clean_env(), "DJANGO_SETTINGS_MODULE": "naive.settings.production"}
    return {"cwd": workdir / "naive", "env": env, "wsgi": "naive.wsgi:application"}


# --- our site ------------------------------------------------------------------------------

OURS_FILL = """
import json
from resources.demo_corpus import generate_records
from resources.services import resources_import
records = generate_records(%(count)d, seed=2026, published_ratio=1.0)
resources_import(lines=(json.dumps(r, ensure_ascii=False) for r in records))
"""


def build_ours(workdir: Path, works: int) -> dict:
    env = {
        **clean_env(),
        "DJANGO_SETTINGS_MODULE": "rtpt_site.settings.production",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": f"sqlite:///{workdir}/ours.sqlite3",
        "MEDIA_ROOT": str(workdir / "media"),
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback, as behind a TLS proxy
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    manage = [PY, "manage.py"]
    run([*manage, "migrate", "-v0"], cwd=ROOT, env=env)
    run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env)
    if works:
        run([*manage, "shell", "-c", OURS_FILL % {"count": works}], cwd=ROOT, env=env)
    return {"cwd": ROOT, "env": env, "wsgi": "rtpt_site.wsgi:application"}


# --- measuring -----------------------------------------------------------------------------

QUERY_COUNT = """
import json, sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
out = {}
for path in json.loads(sys.argv[1]):
    client.get(path)  # per-process caches, the page cache, fragments
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path).status_code
    out[path] = len(ctx.captured_queries) if status == 200 else f"HTTP {status}"
print("COUNTS " + json.dumps(out))
"""


def query_counts(site: dict, paths: list[str], extra_env: dict) -> dict:
    env = {**site["env"], **extra_env}
    script = QUERY_COUNT.replace("sys.argv[1]", repr(json.dumps(paths)))
    out = run([PY, "manage.py", "shell", "-c", script], cwd=site["cwd"], env=env, capture=True)
    line = next(line for line in out.splitlines() if line.startswith("COUNTS "))
    return json.loads(line[len("COUNTS ") :])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, site: dict, extra_env: dict, log: Path, own_session: bool = False):
        self.port = free_port()
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(GUNICORN_CONF), site["wsgi"]],
            cwd=site["cwd"],
            env={**site["env"], **extra_env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            # A process group to stop as one; in this session unless asked (see the docstring).
            start_new_session=own_session,
            process_group=None if own_session else 0,
        )
        deadline = time.monotonic() + 180  # several workers each load the application; the machine may be busy
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/"), timeout=5).read()
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"gunicorn did not answer; see {log}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.log.close()


def warm(server: Server, paths: list[str]) -> None:
    """Bring every worker to its steady state before measuring: templates loaded, and each
    worker's own local-memory cache (routed pages, fragments, the listing) filled for every
    path. Which worker answers is the kernel's choice, so each path is asked 4 × workers times,
    as many at once as there are workers; a path a worker never saw would otherwise cost it a
    full render during the measurement. In production the cache is Redis, shared by every
    worker, and a path renders once per page-cache generation, not once per worker. Both sites
    are warmed the same way."""

    def get(path: str) -> None:
        urllib.request.urlopen(server.url(path), timeout=60).read()

    with ThreadPoolExecutor(max_workers=workers()) as pool:
        list(pool.map(get, [path for path in paths for _ in range(4 * workers())]))


def wrk(server: Server, paths: list[str], args, workdir: Path) -> dict:
    script = workdir / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    warm(server, paths)
    short = ["wrk", "-t1", "-c2", "-d2s", "-s", str(script), server.url("/")]
    subprocess.run(short, capture_output=True, check=True, timeout=60)
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "-s",
        str(script),
        server.url("/"),
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=args.duration + 60).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    requests, duration_us, p50_us, p95_us, errors = (int(x) for x in line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50_us / 1000,
        "p95": p95_us / 1000,
        "errors": errors,
    }


def workers() -> int:
    """The worker count gunicorn_conf.py gives on this machine."""
    return int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2 + 1)))


def clean_env() -> dict:
    """This process's environment without the project's service variables: both sites run on
    SQLite with a local-memory cache and in-process tasks, whatever the shell points at."""
    drop = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def run(command, *, cwd, env=None, capture=False) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{result.stdout}\n{result.stderr}")
    return result.stdout if capture else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--works", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--own-session", action="store_true", help="start each server in a session of its own")
    parser.add_argument("--workdir", help="measure the sites an earlier --keep run built there")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    if args.workdir:  # sites built by an earlier run with --keep: measure again
        workdir = Path(args.workdir)
        naive, ours = built_naive(workdir), build_ours(workdir, 0)
        args.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix="rtpt-bench-pages-"))
        print(f"building both sites in {workdir} …", flush=True)
        t0 = time.perf_counter()
        naive = build_naive(workdir)
        ours = build_ours(workdir, args.works)
        print(f"built in {time.perf_counter() - t0:.0f} s", flush=True)

    work_paths = json.loads(
        run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                "import json; from resources.models import GeneratedResourcePage as G; "
                "print(json.dumps([p.url for p in G.objects.live().order_by('pk')[:50]]))",
            ],
            cwd=ROOT,
            env=ours["env"],
            capture=True,
        ).splitlines()[-1]
    )
    lesson_paths = [f"/lessons/lesson-{n}/" for n in range(0, LESSONS, LESSONS // 50)]
    uncached, cached = {"PAGE_CACHE_SECONDS": "0"}, {"PAGE_CACHE_SECONDS": "300"}
    # (name, naive paths, our paths, our settings)
    scenarios = [
        ("listing, uncached", ["/lessons/"], ["/library/"], uncached),
        ("work page, uncached", lesson_paths, work_paths, uncached),
        ("listing, page-cache hit", ["/lessons/"], ["/library/"], cached),
        ("home, page-cache hit", ["/"], ["/"], cached),
    ]
    counts_naive = query_counts(naive, ["/lessons/", lesson_paths[0], "/"], {})
    counts = {
        "uncached": query_counts(ours, ["/library/", work_paths[0]], uncached),
        "cached": query_counts(ours, ["/library/", "/"], cached),
    }
    servers = {
        "naive": Server(naive, {}, workdir / "naive.log", args.own_session),
        "uncached": Server(ours, uncached, workdir / "ours-uncached.log", args.own_session),
        "cached": Server(ours, cached, workdir / "ours-cached.log", args.own_session),
    }
    rows = []
    try:
        for name, naive_paths, our_paths, setting in scenarios:
            mode = "cached" if setting is cached else "uncached"
            base = wrk(servers["naive"], naive_paths, args, workdir)
            mine = wrk(servers[mode], our_paths, args, workdir)
            rows.append((name, base, counts_naive[naive_paths[0]], mine, counts[mode][our_paths[0]]))
            print(f"  measured: {name}", flush=True)
    finally:
        for server in servers.values():
            server.stop()

    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s, gunicorn {workers()} sync workers "
        f"(rtpt_site/gunicorn_conf.py, {'a session each' if args.own_session else 'in this session'}), SQLite, "
        f"{args.works} works vs {LESSONS} lessons; {os.cpu_count()} CPUs (shared: compare ratios)\n"
    )
    header = f"{'scenario':26s} {'site':6s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'SQL':>5s} {'errors':>6s} {'ratio':>7s}"
    print(header)
    print("-" * len(header))
    for name, base, base_sql, mine, my_sql in rows:
        print(
            f"{name:26s} {'naive':6s} {base['rps']:8.0f} {base['p50']:8.1f} {base['p95']:8.1f} {base_sql!s:>5s} {base['errors']:6d}"
        )
        ratio = mine["rps"] / base["rps"]
        print(
            f"{'':26s} {'ours':6s} {mine['rps']:8.0f} {mine['p50']:8.1f} {mine['p95']:8.1f} {my_sql!s:>5s} "
            f"{mine['errors']:6d} {ratio:6.2f}x"
        )
    if args.keep:
        print(f"\nkept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
