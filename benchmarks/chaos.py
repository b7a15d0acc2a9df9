"""Chaos run (``make chaos``): publish while the worker is killed, Redis restarted and
Elasticsearch stopped and frozen, then check that nothing was lost — with no manual command.

Everything runs on 127.0.0.1 and is started by this script: a fresh PostgreSQL database on
the server at ``CHAOS_PG_URL`` (created and dropped here; the server itself is never touched),
its own Redis (``REDIS_PORT``, default 6390), its own Elasticsearch node (``ES_PORT``, default
9290, ``ES_RUN_DIR``) and its own Celery worker. Only those are stopped, killed and frozen.

Load (this process, as a web process would: Wagtail publishes, tasks sent to the broker):
``--creates`` new works published, ``--republishes`` edited and published again,
``--unpublishes`` taken down; meanwhile a searcher requests the search page, the search API,
the home page, the library and a resource page every 0.2 s and counts 5xx answers.

Faults, from the start of the load: the worker killed (SIGKILL) and restarted; Redis shut
down without saving (queued messages are lost) and started again; Elasticsearch stopped and
started; Elasticsearch frozen (SIGSTOP) and thawed; the worker killed once more.

Then, for up to ``--settle`` seconds after the last fault (and the end of the load), it polls
both indexes against the pages as they are: **lost** (a published work with no document),
**stale** (a document whose content differs), **unpublished searchable** (a public document of a
work that is not public any more). Goal: all 0 within 60 s, 0 search 5xx.

``--in-process``: no worker and no broker (tasks in-process, the embedded default's mode with
``ELASTICSEARCH_URL`` set); the faults are then Elasticsearch's and Redis (cache only).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BASH = "/bin/bash"


def log(message: str) -> None:
    print(f"[chaos {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def sh(script: str, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([BASH, str(ROOT / script)], env=env, check=True, **kwargs)  # noqa: S603


class Services:
    """The script's own Redis, Elasticsearch node, database and worker."""

    def __init__(self, args):
        self.args = args
        self.redis_port = int(os.environ.get("REDIS_PORT", "6390"))
        self.es_port = int(os.environ.get("ES_PORT", "9290"))
        self.es_run_dir = os.environ.get("ES_RUN_DIR", str(ROOT / "services/elasticsearch/run-chaos"))
        self.redis_run_dir = os.environ.get("REDIS_RUN_DIR", f"/tmp/rtpt-chaos-redis-{self.redis_port}")  # noqa: S108
        self.db_name = f"rtpt_chaos_{uuid.uuid4().hex[:8]}"
        self.pg_url = os.environ.get("CHAOS_PG_URL", "postgres://rtpt:rtpt@127.0.0.1:5432").rstrip("/")
        self.worker: subprocess.Popen | None = None
        self.worker_log = open(ROOT / "benchmarks/results/chaos-worker.log", "a")  # noqa: SIM115
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rtpt_site.settings.dev",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DATABASE_URL": f"{self.pg_url}/{self.db_name}",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "ELASTICSEARCH_URL": f"http://127.0.0.1:{self.es_port}",
            "SEARCH_INDEX_PREFIX": "rtpt-chaos",
            "CACHE_KEY_PREFIX": "rtpt-chaos",
            "REDIS_PORT": str(self.redis_port),
            "REDIS_RUN_DIR": self.redis_run_dir,
            "ES_PORT": str(self.es_port),
            "ES_RUN_DIR": self.es_run_dir,
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }
        if args.in_process:
            self.env["CELERY_TASK_ALWAYS_EAGER"] = "1"

    # --- PostgreSQL: a database of our own on the given server ---------------------------------
    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.pg_url}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self) -> None:
        self._admin(f'CREATE DATABASE "{self.db_name}"')
        subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=self.env, check=True)  # noqa: S603

    def drop_database(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    # --- Redis ----------------------------------------------------------------------------------
    def redis_start(self) -> None:
        sh("services/redis/start.sh", self.env, stdout=subprocess.DEVNULL)

    def redis_stop(self) -> None:
        sh("services/redis/stop.sh", self.env)

    # --- Elasticsearch ----------------------------------------------------------------------------
    def es_start(self) -> None:
        sh("services/elasticsearch/start.sh", self.env, stdout=subprocess.DEVNULL, timeout=300)

    def es_stop(self) -> None:
        sh("services/elasticsearch/stop.sh", self.env, timeout=120)

    def es_pid(self) -> int:
        return int(Path(self.es_run_dir, "elasticsearch.pid").read_text().strip())

    def es_signal(self, sig) -> None:
        os.kill(self.es_pid(), sig)

    def es_drop_indices(self) -> None:
        from elasticsearch import Elasticsearch

        try:
            client = Elasticsearch(self.env["ELASTICSEARCH_URL"], request_timeout=30)
            client.options(ignore_status=404).indices.delete(index="rtpt-chaos-*")
        except Exception as exc:  # noqa: BLE001
            log(f"could not delete the chaos indices: {exc}")

    # --- the Celery worker --------------------------------------------------------------------------
    def worker_start(self) -> None:
        if self.args.in_process:
            return
        command = [PY, "-m", "celery", "-A", "rtpt_site", "worker", "-c", "2", "-l", "warning", "--without-gossip",
                   "--without-mingle", "-n", f"chaos-{uuid.uuid4().hex[:4]}@%h"]  # fmt: skip
        self.worker = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env={**self.env, "LOG_LEVEL": "WARNING"}, stdout=self.worker_log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def worker_kill(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)  # the worker and its pool, nothing else
            self.worker.wait(30)
        self.worker = None

    def worker_stop(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            try:
                self.worker.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker = None


# --- inside Django (this process plays the web process) ---------------------------------------------
def django_setup(env: dict) -> None:
    os.environ.update({k: v for k, v in env.items() if k not in ("REDIS_PORT", "ES_PORT")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    # Each cache call meets the dead Redis with a logged traceback: counted by the 5xx figures here.
    logging.getLogger("rtpt.cache").setLevel(logging.CRITICAL)


class Load:
    """Publishes, re-publishes and unpublishes through Wagtail, as an editor would."""

    def __init__(self, args):
        self.args = args
        self.errors: list[str] = []
        self.done = threading.Event()
        self.counts = {"created": 0, "republished": 0, "unpublished": 0}

    def _call(self, fn) -> None:
        try:
            fn()
        except Exception as exc:  # what an editor would see as an error
            self.errors.append(f"{type(exc).__name__}: {exc}"[:200])

    def run(self) -> None:
        from django.db import close_old_connections

        from home.models import Grade, Stage, Subject
        from resources.models import GeneratedResourcePage, ResourceIndexPage

        library = ResourceIndexPage.objects.get(slug="library")
        subject, stage = Subject.objects.get(name="数学"), Stage.objects.get(name="初中")
        grade = Grade.objects.filter(stage=stage).first()
        created: list[int] = []
        run = uuid.uuid4().hex[:6]
        try:
            for i in range(self.args.creates):

                def create(i=i):
                    page = GeneratedResourcePage(
                        title=f"混沌测试教学设计{run}-{i}", slug=f"chaos-{run}-{i}", summary="故障演练中发布的作品。",
                        kind="teaching_design", subject=subject, stage=stage, grade=grade, author_name="演练",
                        live=False,
                    )  # fmt: skip
                    library.add_child(instance=page)
                    page.save_revision().publish()
                    created.append(page.pk)
                    self.counts["created"] += 1

                self._call(create)
                self._maybe_edit(created, i)
                close_old_connections()
        finally:
            self.done.set()

    def _maybe_edit(self, created: list[int], i: int) -> None:
        from resources.models import GeneratedResourcePage

        every = max(1, self.args.creates // max(1, self.args.republishes))
        if i % every == every - 1 and self.counts["republished"] < self.args.republishes and created:
            pk = created[(i * 7) % len(created)]

            def republish():
                page = GeneratedResourcePage.objects.get(pk=pk)
                if not page.live:
                    return
                page.title = f"{page.title}（修订{i}）"
                page.save_revision().publish()
                self.counts["republished"] += 1

            self._call(republish)
        every_un = max(1, self.args.creates // max(1, self.args.unpublishes))
        if i % every_un == every_un // 2 and self.counts["unpublished"] < self.args.unpublishes and created:
            pk = created[(i * 13) % len(created)]

            def unpublish():
                page = GeneratedResourcePage.objects.get(pk=pk)
                if page.live:
                    page.unpublish()
                    self.counts["unpublished"] += 1

            self._call(unpublish)


class Searcher:
    """A visitor searching and browsing every 0.2 s; counts answers by status."""

    def __init__(self):
        self.stop = threading.Event()
        self.search_status: dict[int, int] = {}
        self.page_status: dict[int, int] = {}

    def run(self) -> None:
        from django.db import close_old_connections
        from django.test import Client

        from resources.models import GeneratedResourcePage

        client = Client(raise_request_exception=False)
        resource_url = None
        while not self.stop.is_set():
            for url in ("/search/?q=教学设计", "/api/search/?q=混沌测试"):
                status = client.get(url).status_code
                self.search_status[status] = self.search_status.get(status, 0) + 1
            if resource_url is None:
                page = GeneratedResourcePage.objects.live().first()
                resource_url = page.url if page else None
            for url in ("/", "/library/", *([resource_url] if resource_url else [])):
                status = client.get(url).status_code
                self.page_status[status] = self.page_status.get(status, 0) + 1
            close_old_connections()
            self.stop.wait(0.2)


def es_documents() -> dict[int, tuple[str, str]]:
    """Every document under the alias, read with a client of its own (the application's
    circuit breaker is left alone: measuring must not help delivery along)."""
    from elasticsearch import Elasticsearch
    from elasticsearch.helpers import scan

    from django.conf import settings

    from search.backends import elasticsearch as es

    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10, max_retries=0)
    client.indices.refresh(index=es.alias_name())
    hits = scan(client, index=es.alias_name(), query={"_source": ["content_hash", "visibility"]}, size=2000)
    return {int(h["_id"]): (h["_source"].get("content_hash", ""), h["_source"].get("visibility", "")) for h in hits}


def index_state() -> dict:
    """Both indexes against the pages as they are now."""
    from search.documents import DocumentBuilder
    from search.models import SearchDocument
    from search.services import all_document_ids

    ids = all_document_ids()
    expected = {}
    builder = DocumentBuilder()
    for start in range(0, len(ids), 500):
        for pk, doc in builder.build_many(ids[start : start + 500]).items():
            if doc is not None:
                expected[pk] = (doc["content_hash"], doc["visibility"])
    published = {pk for pk, (_, vis) in expected.items() if vis == "public"}
    state = {"published": len(published)}
    targets = {
        "database": {
            p: (h, v) for p, h, v in SearchDocument.objects.values_list("page_id", "content_hash", "visibility")
        }
    }
    try:
        targets["elasticsearch"] = es_documents()
    except Exception as exc:  # noqa: BLE001 - the node is still down: everything counts as missing
        targets["elasticsearch"] = {}
        state["elasticsearch_error"] = str(exc)[:200]
    for name, docs in targets.items():
        public = {pk for pk, (_, vis) in docs.items() if vis == "public"}
        state[name] = {
            "indexed": len(public),
            "lost": len(published - public),
            "stale": sum(1 for pk in docs if pk in expected and docs[pk][0] != expected[pk][0]),
            "unpublished_searchable": len(public - published),
        }
    return state


def converged(state: dict) -> bool:
    return all(state[t]["lost"] == state[t]["stale"] == state[t]["unpublished_searchable"] == 0
               for t in ("database", "elasticsearch"))  # fmt: skip


def fault_cycle(services: Services, args, marks: dict) -> None:
    """One round of every fault (about 75 s, most of it Elasticsearch starting)."""
    cycle_start = time.monotonic()

    def at(offset: float) -> None:
        time.sleep(max(0.0, cycle_start + offset - time.monotonic()))

    def fault(name: str) -> None:
        log(f"fault: {name}")
        marks["faults"][name] = marks["faults"].get(name, 0) + 1

    if not args.in_process:
        at(5)
        fault("worker killed (SIGKILL)")
        services.worker_kill()
        at(12)
        services.worker_start()
        log("worker restarted")
    at(18)
    fault("Redis shut down without saving (queued messages lost)")
    services.redis_stop()
    at(24)
    services.redis_start()
    log("Redis started again (empty)")
    at(30)
    fault("Elasticsearch stopped")
    services.es_stop()
    at(40)
    services.es_start()
    log("Elasticsearch started again")
    time.sleep(5)
    fault("Elasticsearch frozen (SIGSTOP)")
    services.es_signal(signal.SIGSTOP)
    time.sleep(12)
    services.es_signal(signal.SIGCONT)
    log("Elasticsearch thawed (SIGCONT)")
    if not args.in_process:
        fault("worker killed (SIGKILL) while delivering, restarted 3 s later")
        services.worker_kill()
        time.sleep(3)
        services.worker_start()
    marks["last_fault"] = time.monotonic()


def faults(services: Services, args, marks: dict, load_done: threading.Event) -> None:
    """Rounds of faults for as long as the load runs (at least one)."""
    fault_cycle(services, args, marks)
    while not load_done.is_set():
        fault_cycle(services, args, marks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creates", type=int, default=1000)
    parser.add_argument("--republishes", type=int, default=200)
    parser.add_argument("--unpublishes", type=int, default=50)
    parser.add_argument("--settle", type=float, default=60, help="seconds allowed after the last fault")
    parser.add_argument("--in-process", action="store_true", help="no worker: tasks in-process")
    parser.add_argument("--keep", action="store_true", help="leave the database, Redis and the node running")
    args = parser.parse_args()
    (ROOT / "benchmarks/results").mkdir(parents=True, exist_ok=True)
    services = Services(args)
    log(f"database {services.db_name}, Redis :{services.redis_port}, Elasticsearch :{services.es_port}")
    services.redis_start()
    services.es_start()
    services.es_drop_indices()
    services.create_database()
    report: dict = {"mode": "in-process" if args.in_process else "worker"}
    searcher = None
    try:
        django_setup(services.env)
        services.worker_start()
        load, searcher = Load(args), Searcher()
        marks = {"start": time.monotonic(), "faults": {}}
        threads = [threading.Thread(target=load.run), threading.Thread(target=searcher.run, daemon=True)]
        fault_thread = threading.Thread(target=faults, args=(services, args, marks, load.done))
        for thread in (*threads, fault_thread):
            thread.start()
        load.done.wait()
        threads[0].join()
        load_end = time.monotonic()
        log(f"load done ({load.counts}) in {load_end - marks['start']:.0f} s; faults go on to the end of the round")
        fault_thread.join()
        quiet_from = max(marks["last_fault"], load_end)
        deadline = marks["last_fault"] + args.settle
        state = index_state()
        while not converged(state) and time.monotonic() < max(deadline, quiet_from + 5):
            time.sleep(2)
            state = index_state()
        settled_after = time.monotonic() - marks["last_fault"]
        searcher.stop.set()
        report.update(
            load=load.counts,
            load_seconds=round(load_end - marks["start"]),
            faults=marks["faults"],
            errors_seen_by_callers=len(load.errors),
            error_samples=load.errors[:5],
            search_answers=searcher.search_status,
            search_5xx=sum(n for s, n in searcher.search_status.items() if s >= 500),
            page_answers=searcher.page_status,
            page_5xx=sum(n for s, n in searcher.page_status.items() if s >= 500),
            converged=converged(state),
            seconds_after_last_fault=round(settled_after, 1),
            index=state,
        )
    finally:
        if searcher is not None:  # before the database goes, whatever stopped the run
            searcher.stop.set()
        services.worker_stop()
        if not args.keep:
            from django.db import connections

            connections.close_all()
            services.drop_database()
            services.es_drop_indices()
            services.es_stop()
            services.redis_stop()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    out = ROOT / "benchmarks/results" / f"chaos-{report['mode']}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    log(f"report written to {out.relative_to(ROOT)}")
    ok = report.get("converged") and report.get("search_5xx") == 0 and report.get("errors_seen_by_callers") == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
