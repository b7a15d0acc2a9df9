"""Speed of suggestions while typing (``GET /api/search/suggest/``) at 100,000 works.

    .venv/bin/python benchmarks/suggest_speed.py [--docs 100000] [--queries 400]
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/suggest_speed.py   # on PostgreSQL

Search documents are generated from the demo records (as in ``search_speed.py``: creating
100,000 Wagtail pages takes too long here) and their suggestion rows are written exactly as
the database index writes them (``search.suggest.rows``). Then prefixes as teachers type them
— the first one to four characters from a word start of a real title, a tag's first
characters, two to four pinyin initials — are asked in the service (no cache: every lookup
reads the table) and end to end through the JSON API (Django test client, in process) twice:
with the test settings' dummy cache (nothing cached, not even Wagtail's site lookup that every
request's middleware makes), and with an in-memory cache as production has one (Redis) but
the suggestion cache generation bumped before every request, so every suggestion is a miss.
The same run measures ``?q=`` (empty: no lookup) through the same middleware, the floor of any
request on this machine.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time

from search_common import setup, summary


def prefixes(docs: list[dict], n: int, rng: random.Random) -> list[str]:
    from search import suggest

    out = []
    while len(out) < n:
        doc = rng.choice(docs)
        roll = rng.random()
        if roll < 0.6:
            keys = suggest.title_keys(doc["title"])[:-1]  # word starts, not the initials
            key = rng.choice(keys)
            out.append(key[: rng.randint(1, 4)])
        elif roll < 0.8 and doc["tags"]:
            out.append(rng.choice(doc["tags"])[: rng.randint(1, 3)])
        else:
            out.append(suggest.initials(doc["title"])[: rng.randint(2, 4)])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db-file", default=os.path.join(tempfile.gettempdir(), "rtpt-suggest-bench.sqlite3"))
    args = parser.parse_args()
    setup(db_file=args.db_file)

    from search_speed import es_docs

    from django.db import connection, transaction
    from django.test import Client, override_settings

    from home.bulk import insert_rows
    from search import suggest
    from search.models import SearchSuggestion

    rng = random.Random(args.seed)
    started = time.perf_counter()
    docs = list(es_docs(args.docs, args.seed))
    print(f"[suggest] {connection.vendor}: generated {len(docs)} documents in {time.perf_counter() - started:.0f}s")
    started = time.perf_counter()
    for start in range(0, len(docs), 2000):
        with transaction.atomic():
            batch = {d["id"]: d for d in docs[start : start + 2000]}
            insert_rows(SearchSuggestion, suggest.COLUMNS, suggest.rows(batch))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rows = SearchSuggestion.objects.count()
    public = sum(d["visibility"] == "public" for d in docs)
    print(
        f"[suggest] wrote {rows} rows for {public} public works "
        f"({rows / max(public, 1):.1f} per work) in {time.perf_counter() - started:.0f}s"
    )

    sample = [d for d in rng.sample(docs, min(5000, len(docs))) if d["visibility"] == "public"]
    asked = prefixes(sample, args.queries, rng)
    for q in asked[:30]:  # warm-up: taxonomy names, jieba, connection
        suggest._lookup(suggest.normalize_prefix(q), suggest.LIMIT)
    service, found = [], 0
    for q in asked:
        begun = time.perf_counter()
        result = suggest._lookup(suggest.normalize_prefix(q), suggest.LIMIT)
        service.append((time.perf_counter() - begun) * 1000)
        found += bool(result)
    print(f"[suggest] {len(asked)} prefixes ({found} with suggestions), e.g. {asked[:8]}")
    print(f"[suggest]   service (no cache):   {summary(service)}")
    client = Client()

    def through_api(queries, *, miss=False):
        times = []
        for q in queries:
            if miss:
                suggest._bump_generation()
            begun = time.perf_counter()
            response = client.get("/api/search/suggest/", {"q": q})
            times.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, response.content[:200]
        return times

    print(f"[suggest]   JSON API, no cache at all:       {summary(through_api(asked))}")
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        through_api(asked[:10])  # the site lookup cached, as in production
        print(f"[suggest]   JSON API, suggestion cache miss: {summary(through_api(asked, miss=True))}")
        print(f"[suggest]   JSON API, empty q (floor):       {summary(through_api([''] * len(asked)))}")
        through_api(asked)  # every prefix asked once in this generation
        print(f"[suggest]   JSON API, suggestion cache hit:  {summary(through_api(asked))}")
    one_char = [q for q in asked if len(q) == 1]
    if one_char:
        single = []
        for q in one_char:
            begun = time.perf_counter()
            suggest._lookup(suggest.normalize_prefix(q), suggest.LIMIT)
            single.append((time.perf_counter() - begun) * 1000)
        print(f"[suggest]   one-character prefixes only (service): {summary(single)}")


if __name__ == "__main__":
    main()
