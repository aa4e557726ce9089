"""Chroma server mode: the retrieval benchmark against a real ``chroma run`` on 127.0.0.1, and
two assistant processes sharing that server (the way to scale out), versus the embedded store.

    .venv/bin/python -m benchmarks.server [--repeat 1]

The server serves a copy of the seeds index (``index/``, built by ``assistant index``), so both
stores hold the same rows. Each client process runs retrieval over the 96 gold questions with
the embedding cache emptied before every call.
"""
from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import ROOT, emit, ms_since, percentiles, seeds_questions


def client(chroma_url: str | None, repeat: int, limit: int | None) -> dict:
    """Retrieval latency from this process, embedded (no URL) or through the server."""
    from assistant import Assistant, Settings

    assistant = Assistant(Settings(corpus_dir=ROOT / "seeds", index_dir=ROOT / "index", chroma_url=chroma_url))
    questions = seeds_questions()[:limit]
    assistant.retrieve(questions[0])
    latencies, started = [], time.perf_counter()
    for _ in range(repeat):
        for question in questions:
            assistant.embedding._cache.clear()
            t = time.perf_counter()
            assistant.retrieve(question)
            latencies.append(ms_since(t))
    wall = time.perf_counter() - started
    return {"retrieve_ms": percentiles(latencies), "wall_s": round(wall, 2),
            "questions_per_s": round(len(latencies) / wall, 2)}


def spawn(chroma_url: str | None, args) -> subprocess.Popen:
    command = [sys.executable, "-m", "benchmarks.server", "--client", chroma_url or "embedded",
               "--repeat", str(args.repeat), *(["--limit", str(args.limit)] if args.limit else [])]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def collect(process: subprocess.Popen) -> dict:
    out, _ = process.communicate()
    if process.returncode:
        raise SystemExit("a benchmark client failed")
    return json.loads(out.strip().splitlines()[-1])


def start_server(path: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    chroma = str(Path(sys.executable).with_name("chroma"))
    server = subprocess.Popen([chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("chroma run did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--no-pair", action="store_true", help="skip the two processes sharing the server")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.client:
        emit(client(None if args.client == "embedded" else args.client, args.repeat, args.limit), True)
        return
    embedded = collect(spawn(None, args))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(ROOT / "index", copy, ignore=shutil.ignore_patterns("xquad"))
        server, url = start_server(copy)
        try:
            alone = collect(spawn(url, args))
            pair = [spawn(url, args) for _ in range(0 if args.no_pair else 2)]
            two = [collect(p) for p in pair]
        finally:
            server.terminate()
            server.wait(timeout=30)
    result = {
        "embedded": embedded,
        "server_one_client": alone,
        "server_overhead_p50_ms": round(alone["retrieve_ms"]["p50"] - embedded["retrieve_ms"]["p50"], 1),
    }
    if two:
        together = sum(r["questions_per_s"] for r in two)
        result |= {"server_two_clients": two, "two_clients_questions_per_s": round(together, 2),
                   "two_clients_speedup": round(together / alone["questions_per_s"], 2)}
    emit(result, args.json)


if __name__ == "__main__":
    main()
