"""Shared fixtures: real e5 embeddings, real Chroma (embedded and a `chroma run` server)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index.embeddings import E5Embedding

pytest_plugins = ["tests.reliability_record"]  # docs/RELIABILITY.md from the reliability tests

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FRENCH, INDONESIAN, MIXED = "001_5013dce6bab0cf53.txt", "003_ee866aeeece86e84.txt", "002_014609ecee85ddf9.txt"


@pytest.fixture(scope="session")
def e5():
    return E5Embedding()


def make_assistant(corpus: Path, index_dir: Path, e5=None, **overrides) -> Assistant:
    assistant = Assistant(Settings(corpus_dir=corpus, index_dir=index_dir, **overrides))
    if e5 is not None:  # share one loaded model between assistants
        assistant.embedding = e5
    return assistant


@pytest.fixture(scope="session")
def seeds_assistant(tmp_path_factory, e5) -> Assistant:
    """The seeds corpus, indexed once into an embedded Chroma store."""
    base = tmp_path_factory.mktemp("seeds")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    assistant = make_assistant(corpus, base / "index", e5)
    assistant.index()
    return assistant


@pytest.fixture(scope="session")
def small_assistant(tmp_path_factory, e5) -> Assistant:
    """The invented multilingual facts of tests/fixture_corpus.py, indexed once."""
    from .fixture_corpus import write_corpus

    base = tmp_path_factory.mktemp("small")
    assistant = make_assistant(write_corpus(base / "corpus"), base / "index", e5)
    assistant.index()
    return assistant


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the seeds."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """A real Chroma server (`chroma run`) on 127.0.0.1 at a free port."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    log = open(tmp_path / "chroma.log", "wb")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError((tmp_path / "chroma.log").read_text()[-2000:])
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
