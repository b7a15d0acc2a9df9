"""Relevance of the search backends on the judged query sets (benchmarks/relevance/).

    .venv/bin/python benchmarks/search_relevance.py [--distractors 500]
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python benchmarks/search_relevance.py

Two judged sets: the exact-word set (``relevance/queries.json``, category ``exact``) and the
query-understanding set (``relevance/understanding/``: synonyms, traditional characters,
width and mixed Chinese-English, typos, questions, long pasted titles, queries naming facets,
people, tags, graded near-duplicates, drafts), with graded judgements (3 = the work asked
for, 2 = highly relevant, 1 = relevant). Imports the judged corpora plus demo records as
distractors into a throw-away database (and a throw-away Elasticsearch index when
ELASTICSEARCH_URL is set), runs every query with its filters, and prints recall@10, nDCG@10
and MRR@10 per category and backend, how often the two backends agree on the top 3, and the
drafts and non-200 answers seen through ``/api/search/`` (both must be 0).
"""

from __future__ import annotations

import argparse
import json
import math
from collections import defaultdict

from search_common import ROOT, import_records, setup, teardown_es

RELEVANCE = ROOT / "benchmarks" / "relevance"
K = 10


def load_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def load_sets():
    corpus = load_jsonl(RELEVANCE / "corpus.jsonl") + load_jsonl(RELEVANCE / "understanding" / "corpus.jsonl")
    queries = [
        {**item, "category": "exact", "relevant": dict.fromkeys(item["relevant"], 1)}
        for item in json.loads((RELEVANCE / "queries.json").read_text())
    ]
    queries += json.loads((RELEVANCE / "understanding" / "queries.json").read_text())
    return corpus, queries


def dcg(gains):
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def metrics(found: list[str], relevant: dict[str, int]) -> tuple[float, float, float]:
    """(recall@K, nDCG@K, reciprocal rank) of one ranked list of external ids."""
    top = found[:K]
    recall = len(set(relevant) & set(top)) / len(relevant)
    ideal = dcg(sorted(relevant.values(), reverse=True)[:K])
    ndcg = dcg([relevant.get(ext, 0) for ext in top]) / ideal
    rank = next((i + 1 for i, ext in enumerate(top) if ext in relevant), None)
    return recall, ndcg, 1 / rank if rank else 0.0


def evaluate(search, queries, ext_ids):
    from search.query import SearchRequest

    per_category = defaultdict(list)
    rankings, misses = [], []
    for item in queries:
        request = SearchRequest.from_params({"q": item["q"], **item["filters"], "page_size": K})
        found = [ext_ids.get(hit.id) for hit in search(request).hits]
        rankings.append(found)
        scores = metrics(found, item["relevant"])
        per_category[item["category"]].append(scores)
        if scores[0] < 1 or scores[1] < 0.9:
            misses.append(f"[{item['category']}] {item['q']} {item['filters'] or ''} → {found[:5]}")
    return per_category, rankings, misses


def through_api(queries, drafts, ext_ids, *, backend_url):
    """(non-200 answers, draft hits) of every query through ``GET /api/search/``."""
    from django.conf import settings
    from django.test import Client

    settings.ELASTICSEARCH_URL = backend_url
    client = Client()
    bad_status = draft_hits = 0
    for item in queries:
        response = client.get("/api/search/", {"q": item["q"], **item["filters"]})
        if response.status_code != 200:
            bad_status += 1
            continue
        draft_hits += sum(ext_ids.get(r["id"]) in drafts for r in response.json()["results"])
    return bad_status, draft_hits


def summarise(rows):
    n = len(rows)
    return n, sum(r[0] for r in rows) / n, sum(r[1] for r in rows) / n, sum(r[2] for r in rows) / n


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--distractors", type=int, default=500, help="demo records added around the judged ones")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    setup()
    from django.conf import settings

    from resources.demo_corpus import generate_records
    from resources.models import GeneratedResourcePage
    from search import services
    from search.backends import database
    from search.backends import elasticsearch as es

    corpus, queries = load_sets()
    drafts = {r["external_id"] for r in corpus if r.get("published") is False}
    records = corpus + [r for r in generate_records(args.distractors, seed=args.seed) if r.get("published", True)]
    import_records(records)
    services.outbox_deliver_pending(max_batches=1000)
    ext_ids = dict(GeneratedResourcePage.objects.values_list("pk", "external_id"))
    print(f"corpus: {len(corpus)} judged ({len(drafts)} drafts) + {len(records) - len(corpus)} distractors; "
          f"{len(queries)} queries")  # fmt: skip
    es_url = settings.ELASTICSEARCH_URL
    backends = [("database", database.search, "")]
    if es_url:
        settings.SEARCH_ES_REFRESH = True
        services.es_rebuild()
        backends.append(("elasticsearch", es.search, es_url))
    results = {}
    try:
        for name, search, url in backends:
            results[name] = evaluate(search, queries, ext_ids)
            bad_status, draft_hits = through_api(queries, drafts, ext_ids, backend_url=url)
            settings.ELASTICSEARCH_URL = es_url
            per_category, _, misses = results[name]
            everything = [row for rows in per_category.values() for row in rows]
            print(f"\n{name}: non-200 answers {bad_status}, drafts in results {draft_hits}")
            print(f"  {'category':14s} {'n':>3s}  recall@10  nDCG@10  MRR@10")
            for category in [*per_category, "ALL"]:
                n, recall, ndcg, mrr = summarise(everything if category == "ALL" else per_category[category])
                print(f"  {category:14s} {n:3d}  {recall:9.3f}  {ndcg:7.3f}  {mrr:6.3f}")
            for miss in misses:
                print(f"   miss: {miss}")
        if len(results) == 2:
            agree = defaultdict(list)
            for item, a, b in zip(queries, results["database"][1], results["elasticsearch"][1], strict=True):
                agree[item["category"]].append(a[:3] == b[:3])
            print("\nsame top 3 on both backends: " + ", ".join(f"{c} {sum(v)}/{len(v)}" for c, v in agree.items()))
    finally:
        teardown_es()


if __name__ == "__main__":
    main()
