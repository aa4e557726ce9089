"""Warm latency of retrieval and extractive answers over the seeds' gold questions.

    .venv/bin/python -m benchmarks.ask_latency [--index-dir index] [--repeat 3]

Prints p50/p95 of `retrieve` and of the whole `ask` (extractive), in milliseconds. The embedding
cache is emptied before every timed call, so each one embeds its question as a new one would.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from assistant import Assistant, Settings

GOLD = Path(__file__).resolve().parents[1] / "evals" / "gold" / "seeds.jsonl"


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", default="index")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    assistant = Assistant(Settings(index_dir=Path(args.index_dir)))
    questions = [json.loads(line)["question"] for line in GOLD.open(encoding="utf-8")]
    assistant.ask(questions[0], backend="extractive")  # warm: models loaded, BM25 built
    retrieve, ask = [], []
    for _ in range(args.repeat):
        for q in questions:
            assistant.embedding._cache.clear()
            t = time.perf_counter()
            assistant.retrieve(q)
            retrieve.append((time.perf_counter() - t) * 1000)
            assistant.embedding._cache.clear()
            t = time.perf_counter()
            assistant.ask(q, backend="extractive")
            ask.append((time.perf_counter() - t) * 1000)
    for name, values in (("retrieve", retrieve), ("ask (extractive)", ask)):
        print(f"{name:18s} n={len(values)} p50={statistics.median(values):.1f} ms "
              f"p95={percentile(values, 0.95):.1f} ms")


if __name__ == "__main__":
    main()
