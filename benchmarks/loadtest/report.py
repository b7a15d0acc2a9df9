"""Summarise the load test's steps (locust's CSV files) as Markdown.

    python benchmarks/loadtest/report.py RUN_DIR STEP [STEP ...]

Prints one line per step (users, throughput, p50/p95 of all requests, failures) and the p95 of
each kind of request per step; marks the first step where the throughput no longer keeps up with
the users: it grew by less than half as much as they did (doubling the users raised it by less
than 50 %) — saturation: from there more users mostly wait. Exit status 3 when that step is
saturated, so that the runner stops adding users.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def read(run_dir: Path, users: int) -> dict[str, dict]:
    with open(run_dir / f"step-{users}_stats.csv", encoding="utf-8") as f:
        return {f"{row['Type']} {row['Name']}".strip(): row for row in csv.DictReader(f)}


def cpu_per_request(run_dir: Path, users: int, requests: int) -> tuple[str, str]:
    """CPU milliseconds gunicorn spent per request in the step, and the load average after it."""
    path = run_dir / f"step-{users}_cpu.txt"
    if not path.exists() or not requests:
        return "–", "–"
    web_before, _, web_after, _, load = path.read_text().split()
    return f"{(float(web_after) - float(web_before)) * 1000 / requests:.0f}", load


def main() -> int:
    run_dir = Path(sys.argv[1])
    steps = [int(s) for s in sys.argv[2:]]
    stats = {u: read(run_dir, u) for u in steps}
    lines = [
        "| users | req/s | p50 ms | p95 ms | requests | failures | web CPU ms/request | load average after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    saturated_at = None
    previous = None
    for users in steps:
        total = stats[users]["Aggregated"]
        rps = float(total["Requests/s"])
        mark = ""
        if previous is not None and saturated_at is None:
            previous_users, previous_rps = previous
            if rps < previous_rps * (1 + (users / previous_users - 1) / 2):
                saturated_at = users
                mark = " (saturated)"
        previous = (users, rps)
        cpu, load = cpu_per_request(run_dir, users, int(total["Request Count"]))
        lines.append(
            f"| {users}{mark} | {rps:.1f} | {total['50%']} | {total['95%']} | {total['Request Count']} "
            f"| {total['Failure Count']} | {cpu} | {load} |"
        )
    names = sorted(
        {name for s in stats.values() for name in s if name != "Aggregated"}, key=lambda n: n.split(" ", 1)[1]
    )
    lines += ["", "p95 (ms) per kind of request, failures in brackets:", ""]
    lines.append("| request | " + " | ".join(f"{u} users" for u in steps) + " |")
    lines.append("|---|" + "---:|" * len(steps))
    for name in names:
        cells = []
        for users in steps:
            row = stats[users].get(name)
            cells.append(
                "–"
                if row is None
                else f"{row['95%']}" + (f" [{row['Failure Count']}]" if row["Failure Count"] != "0" else "")
            )
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    failures = []
    for users in steps:
        path = run_dir / f"step-{users}_failures.csv"
        if path.exists():
            with open(path, encoding="utf-8") as f:
                failures += [
                    f"{users} users: {r['Method']} {r['Name']}: {r['Error']} ×{r['Occurrences']}"
                    for r in csv.DictReader(f)
                ]
    if failures:
        lines += ["", "Failures:", *[f"- {f}" for f in failures]]
    print("\n".join(lines))
    return 3 if saturated_at == steps[-1] else 0


if __name__ == "__main__":
    sys.exit(main())
