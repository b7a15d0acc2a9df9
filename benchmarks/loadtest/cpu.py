"""CPU seconds used so far by process trees (``cpu.py PID [PID ...]``: one figure per tree).

The load test's machine may be shared, so the report gives the web tier's CPU time per request
beside the wall-clock figures: that ratio holds whatever else the machine is doing.
"""

import sys

import psutil


def tree_seconds(pid: int) -> float:
    root = psutil.Process(pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


print(" ".join(f"{tree_seconds(int(pid)):.2f}" for pid in sys.argv[1:]))
