"""Questions under load: 20 at once through the Python API, then 20 chat sessions at once
through the running Gradio page (its HTTP API, via ``gradio_client``).

    .venv/bin/python -m benchmarks.load [--index-dir index] [--concurrency 20] [--backend extractive]

Uses the seeds and 20 answerable gold questions in four languages (indexes the seeds first if
needed). Prints, for each surface, throughput, p50/p95 latency, how many answers under load were the
same as the question's answer alone ("same"), and peak memory (RSS); ``python -m benchmarks``
saves them with the other sections (``--only load`` reruns this one). ``tests/test_reliability_load.py`` runs the same
driver on a small corpus and checks every answer; the numbers come from here, not from tests.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

from harness.concurrency import percentile, rss_mb, run_concurrently
from harness.page import ChatSession, start_server

from .common import emit

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold" / "seeds.jsonl"


def gold_questions(n: int) -> list[dict]:
    cases = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    cases = [c for c in cases if c["answerable"] and not c["followup_of"]]
    by_language: dict[str, list[dict]] = {}
    for c in cases:
        by_language.setdefault(c["language"], []).append(c)
    mixed = [c for group in zip(*by_language.values()) for c in group]  # languages interleaved
    return (mixed * (n // len(mixed) + 1))[:n]


def figures(seconds: list[float], wall: float, same: int, n: int, rss: float) -> dict:
    return {"questions": n, "questions_per_s": round(n / wall, 2),
            "p50_ms": round(statistics.median(seconds) * 1000, 1), "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
            "same_as_alone": same, "peak_rss_mb": round(rss, 1)}


def main() -> None:
    from assistant import Assistant, Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", default="index")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--backend", default="extractive")
    parser.add_argument("--json", action="store_true", help="one JSON line, for the benchmark runner")
    args = parser.parse_args()
    settings = Settings(index_dir=Path(args.index_dir))
    assistant = Assistant(settings)
    print(assistant.index().summary(), file=sys.stderr)
    cases = gold_questions(args.concurrency)

    # Right under load = the same answer as the question gets alone (the extractive backend is
    # deterministic); how often that answer is right is what the evals measure.
    alone = {c["question"]: assistant.ask(c["question"], backend=args.backend) for c in cases}
    assistant.embedding._cache.clear()  # each timed question embeds itself, as a new one would
    answers, seconds, wall = run_concurrently(
        [lambda c=c: assistant.ask(c["question"], backend=args.backend) for c in cases], args.concurrency)
    same = sum(not isinstance(a, Exception) and (a.text, a.citations) == (alone[c["question"]].text,
               alone[c["question"]].citations) for a, c in zip(answers, cases))
    result = {"concurrency": args.concurrency, "backend": args.backend,
              "api": figures(seconds, wall, same, len(cases), rss_mb(peak=True))}

    proc, url = start_server(settings.corpus_dir, settings.index_dir, Path(tempfile.mkdtemp()) / "serve.log")
    try:
        ChatSession(url).ask(cases[0]["question"], args.backend)  # warm
        sessions = [ChatSession(url) for _ in cases]
        results, seconds, wall = run_concurrently(
            [lambda s=s, c=c: (s.ask(c["question"], args.backend), s.cards) for s, c in zip(sessions, cases)],
            args.concurrency)
        same = sum(not isinstance(r, Exception) and _same_spans(r[1], alone[c["question"]])
                   for r, c in zip(results, cases))
        result["page"] = figures(seconds, wall, same, len(cases), rss_mb(proc.pid, peak=True))
    finally:
        proc.terminate()
        proc.wait(20)
    emit(result, args.json)


def _same_spans(cards: str, answer) -> bool:
    """The page showed source cards for exactly the spans the answer alone cites."""
    shown = re.findall(r'data-source="([^"]*)"><b>\[\d+\] [^<]*</b>[^<]*? · characters (\d+)–(\d+)', cards)
    return sorted((html.unescape(s), int(a), int(b)) for s, a, b in shown) == sorted(
        (c.source, c.start, c.end) for c in answer.citations)


if __name__ == "__main__":
    main()
