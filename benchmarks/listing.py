"""Listing and detail page render time and query counts at N = 1,000 and 10,000 resources.

    .venv/bin/python benchmarks/listing.py [--sizes 1000 10000] [--repeat 40]

Builds N published resources from the demo corpus through the import service, then
requests pages through Django's test client (full middleware, templates, SQL) and
reports p50/p95 and the SQL query count of each page. The N=1,000 figures are the
baseline: the ratio column shows how the time grows with 10x the data.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from urllib.parse import quote

from _setup import percentile, setup_django, summary_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from resources.demo_corpus import generate_records
    from resources.models import GeneratedResourcePage
    from resources.services import resources_import

    client = Client()
    scenarios = {
        "listing": "/library/",
        "listing+filters": f"/library/?stage={quote('初中')}&subject={quote('数学')}&sort=title",
        "listing page 5": "/library/?page=5",
        "region filter": f"/library/?region={quote('湖南省')}",
        "home": "/",
    }
    baseline: dict[str, float] = {}
    rng = random.Random(7)
    for size in sorted(args.sizes):
        existing = GeneratedResourcePage.objects.count()
        if size > existing:
            records = list(generate_records(size, seed=2026, published_ratio=1.0))[existing:]
            t0 = time.perf_counter()
            resources_import(lines=(json.dumps(r, ensure_ascii=False) for r in records))
            print(f"built {size - existing} resources in {time.perf_counter() - t0:.1f} s")
        ids = list(GeneratedResourcePage.objects.live().values_list("url_path", flat=True))
        detail_urls = [u.replace("/home", "", 1) for u in rng.sample(ids, min(args.repeat, len(ids)))]
        print(f"\nN = {size} resources")
        for name, url in [*scenarios.items(), ("detail", None)]:
            times, queries = [], 0
            for i in range(args.repeat):
                target = url or detail_urls[i % len(detail_urls)]
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    response = client.get(target)
                    times.append(time.perf_counter() - t0)
                assert response.status_code == 200, (target, response.status_code)
                queries = len(ctx.captured_queries)
            p50 = percentile(times, 50)
            ratio = f"x{p50 / baseline[name]:.2f} vs N={min(args.sizes)}" if name in baseline else "baseline"
            baseline.setdefault(name, p50)
            print(f"  {name:16s} {summary_ms(times)}  queries {queries:3d}  {ratio}")


if __name__ == "__main__":
    main()
