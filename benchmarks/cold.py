"""Cold start: a new process until its first answer, and until a ready chat page.

    .venv/bin/python -m benchmarks.cold [--runs 3]

- ``assistant ask QUESTION --backend extractive``: wall time of the whole command (Python start,
  imports, the e5 model, opening the index, BM25, loading the bundled LLM and its yes/no in the
  gate, the answer).
- ``assistant serve``: from the command's start until ``GET /`` returns the Gradio page and
  its config answers (what a browser needs to draw the chat).
The state after ``make run`` is measured: the seeds index exists (``assistant index``) and
``assistant model`` has joined the model and written the gate's prompt cache; this script runs
``assistant model`` first (untimed: a no-op but for loading the model once).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from harness.page import free_port

from .common import ROOT, emit

ASSISTANT = [str(Path(sys.executable).with_name("assistant"))]
QUESTION = "Combien Durov a-t-il payé de caution ?"


def cold_ask() -> float:
    started = time.perf_counter()
    subprocess.run([*ASSISTANT, "ask", QUESTION, "--backend", "extractive"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def cold_page(timeout: float = 120) -> float:
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([*ASSISTANT, "serve", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < timeout:
            try:
                for path in ("/", "/config"):
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).read()
                return time.perf_counter() - started
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("assistant serve exited before the page was ready") from None
                time.sleep(0.05)
        raise SystemExit(f"the page was not ready after {timeout:.0f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-page", action="store_true", help="time `assistant ask` only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    subprocess.run([*ASSISTANT, "model"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    asks = [round(cold_ask(), 2) for _ in range(args.runs)]
    result = {"question": QUESTION, "ask_s": asks, "ask_s_median": sorted(asks)[len(asks) // 2]}
    if not args.no_page:
        pages = [round(cold_page(), 2) for _ in range(args.runs)]
        result |= {"page_s": pages, "page_s_median": sorted(pages)[len(pages) // 2]}
    emit(result, args.json)


if __name__ == "__main__":
    main()
