"""Import throughput: 10,000 JSON lines through ``manage.py import_resources``.

    .venv/bin/python benchmarks/import_speed.py [--lines 10000] [--baseline-lines 300] [--split | --end-to-end]

Measured as a user runs it on the embedded default (``make run``: SQLite, no broker, so the
search delivery after each committed batch runs in-process): the command from start to end,
against the goal of under a minute for 10,000 lines, then the same file again (every line
updates an existing work). ``--split`` instead hands the delivery
off, as to a Celery worker when a broker is configured, and times the two shares apart (the
command; then the worker's delivery to the portal's search index). Baseline measured in the
same run and the same configuration: the same records created the standard Wagtail way
(``library.add_child(instance=page)`` with full validation), on a sample. Wall time and this
process's CPU time are both shown: on a busy machine they differ.

``--end-to-end`` (``make bench-import-pg``) is the production figure: PostgreSQL and
Elasticsearch, see ``benchmarks/import_end_to_end.py``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time

from _setup import setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--baseline-lines", type=int, default=300)
    parser.add_argument("--split", action="store_true", help="hand search delivery off and time it apart")
    parser.add_argument(
        "--end-to-end",
        action="store_true",
        help="PostgreSQL + Elasticsearch: from starting the command until every resource is findable",
    )
    args = parser.parse_args()
    if args.end_to_end:
        from import_end_to_end import main as end_to_end

        end_to_end(lines=args.lines)
        return
    setup_django()

    from django.core.management import call_command
    from django.db import transaction

    from home.models import Grade, Stage, Subject
    from resources.demo_corpus import generate_records
    from resources.models import GeneratedResourcePage, ResourceIndexPage
    from resources.services import body_from_plain_text

    records = list(generate_records(args.lines + args.baseline_lines, seed=99, published_ratio=0.9))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for record in records[: args.lines]:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        path = fh.name

    import search.services as search_services

    if args.split:
        # Phase 1, the command: pages, tags, history, Wagtail's admin search and reference
        # indexes, the search outbox; delivery is handed off as to a Celery worker.
        handed_off: list[int] = []
        search_services._enqueue = handed_off.extend
    t0, c0 = time.perf_counter(), time.process_time()
    call_command("import_resources", path, no_progress=True)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    count = GeneratedResourcePage.objects.count()
    rate = args.lines / elapsed
    what = "command, delivery handed off" if args.split else "end to end, search delivery in-process"
    print(
        f"import_resources ({what}): {args.lines} lines in {elapsed:.1f} s wall ({cpu:.1f} s CPU of this "
        f"process) = {rate:.0f} lines/s ({count} resources stored, {search_services.search_backend_name()} search)"
    )
    if not args.split:
        # The same file again: every line now updates an existing work (same configuration).
        t0, c0 = time.perf_counter(), time.process_time()
        call_command("import_resources", path, no_progress=True)
        r_elapsed, r_cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"re-import of the same file (every line updates): {args.lines} lines in {r_elapsed:.1f} s wall "
            f"({r_cpu:.1f} s CPU) = {args.lines / r_elapsed:.0f} lines/s"
        )
    if args.split:
        # Phase 2, the worker's share: delivery to the search index.
        t0, c0 = time.perf_counter(), time.process_time()
        report = search_services.outbox_deliver_pending(max_batches=10_000)
        d_elapsed, d_cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"search delivery ({search_services.search_backend_name()}): {len(set(handed_off))} pages in "
            f"{d_elapsed:.1f} s wall ({d_cpu:.1f} s CPU); {report}"
        )
        print(f"sum of the two (what the command takes with tasks in-process): {elapsed + d_elapsed:.1f} s")
        search_services._enqueue = lambda ids: None  # baseline below: page creation only, as above

    library = ResourceIndexPage.objects.get()
    subjects = {s.name: s for s in Subject.objects.all()}
    stages = {s.name: s for s in Stage.objects.all()}
    grades = {(g.stage.name, g.name): g for g in Grade.objects.select_related("stage")}
    sample = records[args.lines :]
    t0, c0 = time.perf_counter(), time.process_time()
    for i, record in enumerate(sample):
        with transaction.atomic():
            page = GeneratedResourcePage(
                title=record["title"],
                slug=f"baseline-{i}",
                kind=record["kind"],
                summary=record["summary"],
                body=body_from_plain_text(record["body"]),
                subject=subjects[record["subject"]],
                stage=stages[record["stage"]],
                grade=grades.get((record["stage"], record["grade"])),
                author_name=record["author"],
            )
            page.tags.set(record["tags"])
            library.add_child(instance=page)
    base_elapsed, base_cpu = time.perf_counter() - t0, time.process_time() - c0
    base_rate = len(sample) / base_elapsed
    print(
        f"baseline add_child: {len(sample)} lines at {base_rate:.0f} lines/s ({base_cpu / len(sample) * 1000:.1f} ms CPU per line)"
    )
    print(
        f"ratio import/add_child: {rate / base_rate:.2f} (CPU per line {cpu / args.lines * 1000:.1f} ms vs "
        f"{base_cpu / len(sample) * 1000:.1f} ms); {args.lines} lines took {elapsed:.1f} s (goal for 10,000: < 60 s)"
    )


if __name__ == "__main__":
    main()
