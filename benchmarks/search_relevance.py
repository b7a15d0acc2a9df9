"""Relevance of the search backends on the judged query set (benchmarks/relevance/).

    .venv/bin/python benchmarks/search_relevance.py [--distractors 500]
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python benchmarks/search_relevance.py

Imports the hand-written judged corpus plus demo records as distractors into a throw-away
database (and a throw-away Elasticsearch index when ELASTICSEARCH_URL is set), runs every
judged query with its filters, and reports recall@10 and MRR@10 for each backend.
"""

from __future__ import annotations

import argparse
import json

from search_common import ROOT, import_records, setup, teardown_es

RELEVANCE = ROOT / "benchmarks" / "relevance"


def evaluate(search, queries, ext_ids):
    from search.query import SearchRequest

    recalls, reciprocal, misses = [], [], []
    for item in queries:
        request = SearchRequest.from_params({"q": item["q"], **item["filters"], "page_size": 10})
        found = [ext_ids.get(hit.id) for hit in search(request).hits]
        relevant = set(item["relevant"])
        recalls.append(len(relevant & set(found)) / len(relevant))
        rank = next((i + 1 for i, ext in enumerate(found) if ext in relevant), None)
        reciprocal.append(1 / rank if rank else 0.0)
        if recalls[-1] < 1:
            misses.append(f"{item['q']} {item['filters'] or ''} → {found[:5]}")
    return sum(recalls) / len(recalls), sum(reciprocal) / len(reciprocal), misses


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

    corpus = [json.loads(line) for line in (RELEVANCE / "corpus.jsonl").read_text().splitlines()
              if line.strip() and not line.startswith("#")]  # fmt: skip
    queries = json.loads((RELEVANCE / "queries.json").read_text())
    records = corpus + [r for r in generate_records(args.distractors, seed=args.seed) if r.get("published", True)]
    import_records(records)
    services.outbox_deliver_pending(max_batches=1000)
    ext_ids = dict(GeneratedResourcePage.objects.values_list("pk", "external_id"))
    print(f"corpus: {len(corpus)} judged + {len(records) - len(corpus)} distractors; {len(queries)} queries")
    backends = [("database", database.search)]
    if settings.ELASTICSEARCH_URL:
        settings.SEARCH_ES_REFRESH = True
        services.es_rebuild()
        backends.append(("elasticsearch", es.search))
    try:
        for name, search in backends:
            recall, mrr, misses = evaluate(search, queries, ext_ids)
            print(f"{name:14s} recall@10 {recall:.3f}   MRR@10 {mrr:.3f}")
            for miss in misses:
                print(f"   miss: {miss}")
    finally:
        teardown_es()


if __name__ == "__main__":
    main()
