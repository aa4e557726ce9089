"""Questions under load: 20 at once through the Python API, then 20 chat sessions at once
through the running Gradio page (its HTTP API, via ``gradio_client``).

    .venv/bin/python -m benchmarks.load [--index-dir index] [--concurrency 20] [--backend extractive]

Uses the seeds and 20 answerable gold questions in four languages (indexes the seeds first if
needed). Prints, for each surface, throughput, p50/p95 latency, how many answers under load were the
same as the question's answer alone ("same"), and peak memory (RSS). ``tests/test_reliability_load.py`` runs the same
driver on a small corpus and checks every answer; the numbers come from here, not from tests.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold" / "seeds.jsonl"


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


def start_server(corpus: Path, index_dir: Path, log: Path, env_extra: dict | None = None, args=()) -> tuple:
    """``assistant serve`` from this checkout on a free port, its output going to ``log``;
    (process, url) once it answers."""
    from tests.conftest import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_INDEX_DIR=str(index_dir),
               OLLAMA_HOST=f"http://127.0.0.1:{free_port()}", **(env_extra or {}))
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), *args],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(log.read_text(errors="replace")[-3000:])


def text_of(message: dict) -> str:
    """A chat message's text, whether Gradio sent a string or a list of parts."""
    content = message["content"]
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return str(content)


class ChatSession:
    """One visitor of the page: its own Gradio session, history and source cards."""

    def __init__(self, url: str, auth=None):
        from gradio_client import Client

        self.client = Client(url, auth=auth, verbose=False)
        self.history: list[dict] = []
        self.cards = ""

    def ask(self, question: str, backend: str = "extractive", top_k: int = 5) -> str:
        chat, cards, _, _ = self.client.predict(question, self.history, self.cards, backend, top_k,
                                                api_name="/respond")
        self.history, self.cards = chat, cards
        return text_of(chat[-1])


def gold_questions(n: int) -> list[dict]:
    cases = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    cases = [c for c in cases if c["answerable"] and not c["followup_of"]]
    by_language: dict[str, list[dict]] = {}
    for c in cases:
        by_language.setdefault(c["language"], []).append(c)
    mixed = [c for group in zip(*by_language.values()) for c in group]  # languages interleaved
    return (mixed * (n // len(mixed) + 1))[:n]


def report(name: str, seconds: list[float], wall: float, same: int, n: int, rss: float) -> None:
    print(f"{name:30s} {n / wall:5.2f} questions/s  p50 {statistics.median(seconds) * 1000:6.0f} ms  "
          f"p95 {percentile(seconds, 0.95) * 1000:6.0f} ms  same {same}/{n}  peak RSS {rss:.0f} MB")


def main() -> None:
    from assistant import Assistant, Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", default="index")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--backend", default="extractive")
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
    report(f"API, {args.concurrency} concurrent", seconds, wall, same, len(cases), rss_mb(peak=True))

    proc, url = start_server(settings.corpus_dir, settings.index_dir, Path(tempfile.mkdtemp()) / "serve.log")
    try:
        ChatSession(url).ask(cases[0]["question"], args.backend)  # warm
        sessions = [ChatSession(url) for _ in cases]
        results, seconds, wall = run_concurrently(
            [lambda s=s, c=c: (s.ask(c["question"], args.backend), s.cards) for s, c in zip(sessions, cases)],
            args.concurrency)
        same = sum(not isinstance(r, Exception) and _same_spans(r[1], alone[c["question"]])
                   for r, c in zip(results, cases))
        report(f"Gradio, {args.concurrency} sessions", seconds, wall, same, len(cases), rss_mb(proc.pid, peak=True))
    finally:
        proc.terminate()
        proc.wait(20)


def _same_spans(cards: str, answer) -> bool:
    """The page showed source cards for exactly the spans the answer alone cites."""
    shown = re.findall(r'data-source="([^"]*)"><b>\[\d+\] [^<]*</b> · [^·]* · characters (\d+)–(\d+)', cards)
    return sorted((html.unescape(s), int(a), int(b)) for s, a, b in shown) == sorted(
        (c.source, c.start, c.end) for c in answer.citations)


if __name__ == "__main__":
    main()
