"""Many calls at once, and what they cost."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def rss_mb(pid: int | str = "self", peak: bool = False) -> float:
    """Resident memory of a process (its peak with ``peak``), from /proc."""
    field = "VmHWM:" if peak else "VmRSS:"
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for {pid}")


def run_concurrently(calls, workers: int) -> tuple[list, list[float], float]:
    """Run the zero-argument ``calls`` ``workers`` at a time, all released together:
    (results in order, seconds per call, wall seconds). An exception is returned as a result."""
    gate = threading.Barrier(min(workers, len(calls)))

    def timed(call):
        try:
            gate.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        started = time.perf_counter()
        try:
            result = call()
        except Exception as e:  # reported by the caller, with the others
            result = e
        return result, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        done = list(pool.map(timed, calls))
    return [r for r, _ in done], [s for _, s in done], time.perf_counter() - started
