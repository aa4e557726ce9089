"""The HTTP API under load: N streaming clients at once (the official ``openai`` package) against
``assistant serve``, the way an OpenAI-compatible front end would call it.

    .venv/bin/python -m benchmarks.api [--clients 20] [--backend extractive]
    .venv/bin/python -m benchmarks.api --clients 4 --backend llamacpp --questions 4   # minutes on 2 cores

Uses the seeds and answerable gold questions in four languages, interleaved (indexes the seeds
first if needed). Each question is first asked alone (not streamed); then all are streamed at once.
Prints and saves to ``benchmarks/results/api-<backend>.json``: throughput, p50/p95 latency, p50/p95
time to the first streamed token, how many answers under load were the same (text and citations)
as the question's answer alone, and the alone answers' p50 and sum (the wall time the load's is
to be compared with).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness.concurrency import percentile, rss_mb, run_concurrently
from harness.page import start_server

from .common import ROOT, emit
from .load import gold_questions

TOKEN = "benchmark-token"


def ask(url: str, backend: str, question: str, stream: bool) -> dict:
    """One request; its text, citations, and (streamed) seconds to the first token."""
    from openai import OpenAI

    client = OpenAI(base_url=f"{url}/v1", api_key=TOKEN, max_retries=0, timeout=900)
    messages = [{"role": "user", "content": question}]
    started = time.perf_counter()
    if not stream:
        reply = client.chat.completions.create(model=backend, messages=messages)
        return {"text": reply.choices[0].message.content, "citations": reply.model_extra["citations"],
                "answered_by": reply.model_extra["answered_by"]}
    text, first, last = "", None, None
    for chunk in client.chat.completions.create(model=backend, messages=messages, stream=True):
        piece = chunk.choices[0].delta.content if chunk.choices else None
        if piece and first is None:
            first = time.perf_counter() - started
        text += piece or ""
        last = chunk
    return {"text": text, "citations": last.model_extra["citations"], "answered_by": last.model_extra["answered_by"],
            "first_token_s": first if first is not None else time.perf_counter() - started}


def main() -> None:
    import hashlib

    from assistant import Assistant, Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", default="index")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, help="questions in all (default: one per client)")
    parser.add_argument("--backend", default="extractive")
    parser.add_argument("--json", action="store_true", help="one JSON line, for the benchmark runner")
    args = parser.parse_args()
    settings = Settings(corpus_dir=ROOT / "seeds", index_dir=ROOT / args.index_dir)
    print(Assistant(settings).index().summary(), file=sys.stderr)
    cases = gold_questions(args.questions or args.clients)
    env = {"ASSISTANT_API_TOKENS": hashlib.sha256(TOKEN.encode()).hexdigest(), "ASSISTANT_API_RATE_LIMIT": "0",
           "ASSISTANT_API_MAX_WAITING": str(len(cases))}
    proc, url = start_server(settings.corpus_dir, settings.index_dir, Path(tempfile.mkdtemp()) / "serve.log", env)
    try:
        ask(url, args.backend, cases[0]["question"], stream=True)  # warm: models, analyzers
        alone, alone_s = [], []
        for c in cases:
            started = time.perf_counter()
            alone.append(ask(url, args.backend, c["question"], stream=False))
            alone_s.append(time.perf_counter() - started)
        results, seconds, wall = run_concurrently(
            [lambda c=c: ask(url, args.backend, c["question"], stream=True) for c in cases], args.clients)
        server_rss = rss_mb(proc.pid, peak=True)
    finally:
        proc.terminate()
        proc.wait(20)
    failed = [r for r in results if isinstance(r, Exception)]
    good = [r for r in results if not isinstance(r, Exception)]
    first = [r["first_token_s"] for r in good]
    same = sum(not isinstance(r, Exception) and (r["text"], r["citations"]) == (a["text"], a["citations"])
               for r, a in zip(results, alone))
    result = {
        "backend": args.backend, "clients": args.clients, "questions": len(cases), "failed": len(failed),
        "errors": sorted({f"{e.__class__.__name__}: {e}"[:160] for e in failed}),
        "answered_by": sorted({r["answered_by"] for r in good}),
        "questions_per_s": round(len(cases) / wall, 2), "wall_s": round(wall, 1),
        "p50_ms": round(statistics.median(seconds) * 1000, 1), "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "first_token_p50_ms": round(statistics.median(first) * 1000, 1) if first else None,
        "first_token_p95_ms": round(percentile(first, 0.95) * 1000, 1) if first else None,
        "same_as_alone": same,
        # the same questions one after another: what the wall time is to be compared with
        "alone_p50_ms": round(statistics.median(alone_s) * 1000, 1), "alone_sum_s": round(sum(alone_s), 1),
        "server_peak_rss_mb": round(server_rss, 1),
        "measured": time.strftime("%Y-%m-%d"),
    }
    out = ROOT / "benchmarks" / "results" / f"api-{args.backend}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {out.relative_to(ROOT)}", file=sys.stderr)
    emit(result, args.json)


if __name__ == "__main__":
    main()
