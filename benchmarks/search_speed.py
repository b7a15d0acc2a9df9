"""Search speed benchmark (figures for the README; not a timed test).

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python benchmarks/search_speed.py
        [--es-docs 100000] [--db-docs 10000] [--queries 200] [--publishes 50] [--stop-node]

1. Database backend: imports ``--db-docs`` demo resources through the real import service
   (Wagtail pages, outbox, delivery into the database index) into a throw-away SQLite file,
   then measures search latency with four facet filters, in the service and end to end
   through ``GET /api/search/`` (Django test client, in process).
2. Publish latency with Elasticsearch stopped: ``save_revision().publish()`` of new pages
   while ELASTICSEARCH_URL points at a stopped node (``--stop-node`` really stops the local
   node with services/elasticsearch/stop.sh and starts it again afterwards; otherwise a
   closed port on 127.0.0.1 stands in for it).
3. Elasticsearch at ``--es-docs``: search documents are generated directly from demo records
   (not Wagtail pages: creating 100,000 pages on this machine takes too long), then
     - rebuild: ``search.backends.elasticsearch.rebuild`` — building each document (jieba segmentation included)
       and bulk loading into a new index, alias switch;
     - raw ``_bulk``: the same documents, built beforehand, sent with the same batch size
       into another new index;
   and search latency with four facet filters: Elasticsearch's ``took`` and end to end
   through the JSON API.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import tempfile
import time
from datetime import timedelta

from search_common import ROOT, import_records, setup, summary, teardown_es

WORDS = ["教学设计", "微课", "反思", "单元", "阅读", "实验", "作业设计", "课堂切片", "校本研修", "同课异构", "情境",
         "探究", "写作", "古诗", "函数", "几何", "英语", "项目式学习", "评价", "大概念"]  # fmt: skip


def run_script(name: str, **kwargs):
    """Run services/elasticsearch/<name>.sh (our own script)."""
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run([bash, str(ROOT / f"services/elasticsearch/{name}.sh")], check=True, **kwargs)  # noqa: S603


def four_facet_requests(docs, n, rng):
    """Queries with four facet filters taken from a real document, so most have hits."""
    out = []
    for _ in range(n):
        d = rng.choice(docs)
        city = "/".join(d["region"].split("/")[:2])
        out.append(
            {"q": rng.choice(WORDS), "subject": d["subject"], "stage": d["stage"], "region": city, "kind": d["kind"]}
        )
    return out


def time_api(client, params_list):
    timings = []
    for params in params_list:
        started = time.perf_counter()
        response = client.get("/api/search/", params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:200]
    return timings


def db_section(args, rng):
    from django.conf import settings
    from django.test import Client

    from resources.demo_corpus import generate_records
    from search.backends import database
    from search.models import SearchDocument
    from search.query import SearchRequest

    settings.ELASTICSEARCH_URL = ""
    records = list(generate_records(args.db_docs, seed=args.seed))
    head = records[: args.db_pages]
    started = time.perf_counter()
    count = import_records(head)
    elapsed = time.perf_counter() - started
    print(f"[db] import with delivery after each commit: {count} resources in {elapsed:.0f}s = {count / elapsed:.1f}/s")
    # The other documents go straight into the database index (creating 10,000 Wagtail pages
    # takes too long on this machine): the search tables are what the search reads.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")  # no page rows behind the generated documents
    generated = {d["id"]: d for d in es_docs(args.db_docs - count, args.seed + 1, first_id=10_000_000)}
    started = time.perf_counter()
    for chunk in range(0, len(generated), 500):
        ids = list(generated)[chunk : chunk + 500]
        database.index_documents({i: generated[i] for i in ids})
    elapsed = time.perf_counter() - started
    print(
        f"[db] indexed {len(generated)} generated documents directly in {elapsed:.0f}s = {len(generated) / elapsed:.0f}/s"
    )
    docs = list(SearchDocument.objects.filter(visibility="public").values("subject", "stage", "region", "kind")[:5000])
    params = four_facet_requests(docs, args.queries, rng)
    for p in params[:20]:
        database.search(SearchRequest.from_params(p))
    service = []
    hits = 0
    for p in params:
        started = time.perf_counter()
        result = database.search(SearchRequest.from_params(p))
        service.append((time.perf_counter() - started) * 1000)
        hits += bool(result.count)
    print(
        f"[db] {SearchDocument.objects.count()} documents; search with 4 facet filters ({hits}/{len(params)} with hits)"
    )
    print(f"[db]   service:          {summary(service)}")
    print(f"[db]   JSON API (e2e):   {summary(time_api(Client(), params))}")
    plain = [{"q": rng.choice(WORDS)} for _ in range(args.queries)]
    print(f"[db]   API, query only:  {summary(time_api(Client(), plain))}")


def publish_section(args, es_url):
    from django.conf import settings

    from resources.models import GeneratedResourcePage, ResourceIndexPage
    from search.backends import elasticsearch as es
    from tests.factories import GeneratedResourcePageFactory

    library = ResourceIndexPage.objects.first()
    env_port = es_url.rsplit(":", 1)[-1].strip("/")
    stopped_by_us = False
    if args.stop_node and es_url:
        run_script("stop",
                       env={**os.environ, "ES_PORT": env_port})  # fmt: skip
        stopped_by_us = True
        settings.ELASTICSEARCH_URL = es_url
        how = "local node stopped with stop.sh"
    else:
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
        how = "closed port standing in for a stopped node"
    es.mark_up()
    timings = []
    try:
        for i in range(args.publishes):
            page = GeneratedResourcePageFactory(parent=library, title=f"停机时发布的教学设计{i}", live=False)
            page = GeneratedResourcePage.objects.get(pk=page.pk)
            started = time.perf_counter()
            page.save_revision().publish()
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        if stopped_by_us:
            run_script("start", stdout=subprocess.DEVNULL,
                           env={**os.environ, "ES_PORT": env_port})  # fmt: skip
    from search.services import outbox_pending_count

    print(f"[publish] Elasticsearch stopped ({how}): {summary(timings)}; pending outbox pages {outbox_pending_count()}")
    settings.ELASTICSEARCH_URL = es_url
    es.mark_up()


def es_docs(n, seed, first_id=1):
    from django.utils import timezone

    from resources.demo_corpus import generate_records
    from search.documents import content_hash

    rng = random.Random(seed)
    now = timezone.now()
    for i, rec in enumerate(generate_records(n, seed=seed), start=first_id):
        doc = {
            "id": i, "title": rec["title"], "summary": rec.get("summary", ""), "body": rec.get("body", ""),
            "url": f"/library/r-{rec['external_id']}/", "kind": rec["kind"], "subject": rec["subject"],
            "stage": rec["stage"], "grade": rec.get("grade", ""), "region": rec.get("region", ""),
            "school": rec.get("school", ""), "author": rec.get("author", ""), "tags": sorted(set(rec.get("tags", []))),
            "recommendation_level": rng.choices([0, 1, 2, 3, 4], weights=[60, 20, 12, 6, 2])[0],
            "visibility": "public" if rec.get("published", True) else "private",
            "published_at": (now - timedelta(minutes=i - first_id)).isoformat(),
        }  # fmt: skip
        doc["content_hash"] = content_hash(doc)
        yield doc


def es_section(args, rng):
    from django.conf import settings
    from django.test import Client

    from search.backends import elasticsearch as es
    from search.query import SearchRequest

    settings.SEARCH_ES_TIMEOUT = 10
    started = time.perf_counter()
    docs = {d["id"]: d for d in es_docs(args.es_docs, args.seed)}
    print(f"[es] generated {len(docs)} source records in {time.perf_counter() - started:.0f}s")
    batch = 500
    # Warm-up: a small index so JIT and caches are equal for both runs.
    es.rebuild(page_ids=list(docs)[:2000], build=lambda ids: {i: docs[i] for i in ids}, batch_size=batch)

    sources: dict[int, dict] = {}
    started = time.perf_counter()
    index, count, _ = es.rebuild(
        page_ids=list(docs), build=lambda ids: {i: docs[i] for i in ids}, batch_size=batch, keep_sources=sources
    )
    rebuild_s = time.perf_counter() - started
    print(
        f"[es] rebuild (build + jieba + bulk + alias switch): {count} docs in {rebuild_s:.1f}s = {count / rebuild_s:.0f} docs/s"
    )

    # Raw _bulk: the very same _source bodies the rebuild produced, already segmented.
    ids = list(docs)
    prebuilt = [
        es.bulk_operations(
            {i: docs[i] for i in ids[s : s + batch]}, dict.fromkeys(ids[s : s + batch], 1), "", sources=sources
        )
        for s in range(0, len(ids), batch)
    ]
    del sources
    raw_index = es.create_index(bulk_loading=True)
    for ops in prebuilt:
        for op in ops[::2]:
            next(iter(op.values()))["_index"] = raw_index
    started = time.perf_counter()
    raw_count = sum(es.send_bulk(ops, timeout=120, refresh=False) for ops in prebuilt)
    es.client(timeout=120).indices.put_settings(index=raw_index, settings={"index": {"refresh_interval": None}})
    es.client(timeout=120).indices.refresh(index=raw_index)
    raw_s = time.perf_counter() - started
    print(f"[es] raw _bulk of pre-built documents: {raw_count} docs in {raw_s:.1f}s = {raw_count / raw_s:.0f} docs/s")
    print(f"[es] rebuild / raw throughput ratio: {(count / rebuild_s) / (raw_count / raw_s):.2f}")
    es.client(timeout=120).indices.delete(index=raw_index)
    del prebuilt

    sample = [docs[i] for i in rng.sample(ids, min(5000, len(ids))) if docs[i]["visibility"] == "public"]
    params = four_facet_requests(sample, args.queries, rng)
    for p in params[:30]:
        es.search(SearchRequest.from_params(p))
    took, service, hits = [], [], 0
    for p in params:
        started = time.perf_counter()
        result = es.search(SearchRequest.from_params(p))
        service.append((time.perf_counter() - started) * 1000)
        took.append(result.took_ms)
        hits += bool(result.count)
    print(
        f"[es] {count} documents; search with 4 facet filters + 7 facet aggregations ({hits}/{len(params)} with hits)"
    )
    print(f"[es]   Elasticsearch took: {summary(took)}")
    print(f"[es]   service call:       {summary(service)}")
    print(f"[es]   JSON API (e2e):     {summary(time_api(Client(), params))}")
    plain = [{"q": rng.choice(WORDS)} for _ in range(args.queries)]
    print(f"[es]   API, query only:    {summary(time_api(Client(), plain))}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--es-docs", type=int, default=100_000)
    parser.add_argument("--db-docs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db-pages", type=int, default=200, help="of --db-docs, how many go through page import")
    parser.add_argument("--publishes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db-file", default=os.path.join(tempfile.gettempdir(), "rtpt-search-bench.sqlite3"))
    parser.add_argument(
        "--stop-node", action="store_true", help="really stop (and restart) the local node for the publish part"
    )
    parser.add_argument("--skip", action="append", default=[], choices=["db", "publish", "es"])
    args = parser.parse_args()
    settings = setup(db_file=args.db_file)
    es_url = settings.ELASTICSEARCH_URL
    rng = random.Random(args.seed)
    try:
        if "db" not in args.skip:
            db_section(args, rng)
        if "publish" not in args.skip:
            publish_section(args, es_url)
        if "es" not in args.skip and es_url:
            settings.ELASTICSEARCH_URL = es_url  # the database section runs without it
            es_section(args, rng)
    finally:
        settings.ELASTICSEARCH_URL = es_url
        teardown_es()


if __name__ == "__main__":
    main()
