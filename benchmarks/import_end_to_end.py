"""Import end to end on PostgreSQL with Elasticsearch (``make bench-import-pg``).

    BENCH_DATABASE_URL=postgres://…/throwaway ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python benchmarks/import_speed.py --end-to-end [--lines 10000]

From starting ``manage.py import_resources`` until every imported resource is findable in
both search indexes: tasks in-process (no broker, as ``make run``), so each committed batch of
500 is delivered to the database index and Elasticsearch before the next one starts; then
whatever is still pending is drained (while Elasticsearch's circuit breaker is open that
waits, as the periodic ``search_deliver_pending`` task would) and the index is refreshed. The
end is checked, not assumed: the database index and Elasticsearch each hold every resource
and a search finds them. Shown: wall time (the goal: under 60 s for 10,000 lines), this
process's CPU time and the CPU time of the PostgreSQL backend serving it (on a shared
machine the wall time also holds other people's work). The ``SEARCH_INDEX_PREFIX`` index is
dropped first; the database must be a throw-away one (it is migrated, then written).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time

from _setup import setup_django


def main(*, lines: int) -> None:
    if not os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres"):
        sys.exit("--end-to-end needs BENCH_DATABASE_URL=postgres://… (a throw-away database)")
    if not os.environ.get("ELASTICSEARCH_URL"):
        sys.exit("--end-to-end needs ELASTICSEARCH_URL")
    setup_django()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    import search.services as search_services
    from resources.demo_corpus import generate_records
    from search.backends import elasticsearch as es
    from search.models import SearchDocument
    from search.query import SearchRequest

    settings.CELERY_TASK_ALWAYS_EAGER = True  # tasks in-process
    es.drop_all()
    records = list(generate_records(lines, seed=99, published_ratio=0.9))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        path = fh.name

    def server_cpu() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            with open(f"/proc/{pid}/stat") as stat:  # the server runs on this machine
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    pg0 = server_cpu()
    t0, c0 = time.perf_counter(), time.process_time()
    call_command("import_resources", path, no_progress=True)
    command = time.perf_counter() - t0
    waited = 0.0
    while search_services.outbox_pending_count():
        if not es.available():
            if waited > 300:
                sys.exit("Elasticsearch stayed unavailable for five minutes")
            time.sleep(1)
            waited += 1
            continue
        search_services.outbox_deliver_pending(max_batches=1000)
    es.refresh()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    pg_cpu = server_cpu() - pg0

    in_db = SearchDocument.objects.count()
    in_es = es.client().count(index=es.alias_name())["count"]
    title = next(r["title"] for r in records if r.get("published", True))
    found = search_services.resources_search(request=SearchRequest(q=title))
    ok = in_db == lines and in_es == lines and found.count > 0
    print(
        f"import end to end (PostgreSQL, Elasticsearch, tasks in-process): {lines} lines in {elapsed:.1f} s wall "
        f"(command {command:.1f} s, then {elapsed - command:.1f} s until all delivered{f', {waited:.0f} s of it waiting for the circuit breaker' if waited else ''}); "
        f"CPU {cpu:.1f} s this process + {pg_cpu:.1f} s PostgreSQL backend = {cpu + pg_cpu:.1f} s "
        "(the two mostly take turns: about the wall time on an idle machine); "
        f"{in_db} in the database index, {in_es} in Elasticsearch, {'all findable' if ok else 'NOT ALL FINDABLE'} "
        f"(goal for 10,000: < 60 s)"
    )
    if not ok:
        sys.exit(1)
