"""Shared fixtures: real e5 embeddings, real Chroma (embedded and a `chroma run` server)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index.embeddings import E5Embedding
from harness.page import free_port  # noqa: F401  (tests import it from here)

pytest_plugins = [
    "tests.reliability_record",  # docs/RELIABILITY.md from the reliability tests
    "tests.api_server",  # the API servers (fixtures bot, served, limited)
]

# The extractive backend's answerability gate asks the bundled model too when llama.cpp is
# installed (``Settings.llm_reader``): 1.6-3 s a question. Tests of everything else keep the
# features-only gate, here and in the servers they start (``start_server`` passes on only the
# settings it is given: SERVER_ENV); test_answerable.py turns it on.
os.environ.setdefault("ASSISTANT_LLM_READER", "false")
SERVER_ENV = {"ASSISTANT_LLM_READER": os.environ["ASSISTANT_LLM_READER"]}

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# an API token for servers the tests start, and what ASSISTANT_API_TOKENS holds for it
API_TOKEN = "test-token-not-secret"
API_TOKEN_HASH = "af00291bf6dfc0b423821d5d8bf392e842b4d9a46a7896ff5dbf7926dc8fafbf"
FRENCH, INDONESIAN, MIXED = "001_5013dce6bab0cf53.txt", "003_ee866aeeece86e84.txt", "002_014609ecee85ddf9.txt"


@pytest.fixture(scope="session")
def e5():
    return E5Embedding()


def make_assistant(corpus: Path, index_dir: Path, e5=None, **overrides) -> Assistant:
    assistant = Assistant(Settings(corpus_dir=corpus, index_dir=index_dir, **overrides))
    if e5 is not None:  # share one loaded model between assistants
        assistant.embedding = e5
    return assistant


def ask_extractive(assistant: Assistant, question: str, reader: bool):
    """The extractive backend's answer with the bundled model's yes/no in its gate (``llm_reader``)
    or without; the assistant's settings are as before afterwards."""
    settings = assistant.settings
    assistant.settings = settings.model_copy(update={"llm_reader": reader})
    try:
        return assistant.ask(question, backend="extractive")
    finally:
        assistant.settings = settings


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


@pytest.fixture(scope="session")
def hostile(tmp_path_factory, e5) -> Assistant:
    """The fixture corpus plus hostile files (prompt injection, HTML in text and names), indexed;
    a secret file beside the corpus, and a link to it inside."""
    from .fixture_corpus import FILES, HOSTILE, SECRET, write_corpus

    base = tmp_path_factory.mktemp("hostile")
    corpus = write_corpus(base / "corpus", {**FILES, **HOSTILE})
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    (corpus / "link_out.txt").symlink_to(base / "secret.txt")
    assistant = make_assistant(corpus, base / "index", e5)
    assistant.index()
    return assistant


@pytest.fixture(scope="session")
def guarded_page(hostile, tmp_path_factory):
    """`assistant serve --host 0.0.0.0` with a password over the hostile corpus: (process, url,
    log file). Shared by the load and security tests: starting a server costs ~10 s."""
    from harness.page import start_server

    from .fixture_corpus import PASSWORD

    s = hostile.settings
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    # The load and security tests ask the fixture's questions and expect answers; at the default cut
    # the answerability model refuses one of them ("Qui a dessiné la grande scène…": 0.42 < 0.64).
    env = {**SERVER_ENV, "ASSISTANT_WEB_PASSWORD": PASSWORD, "ASSISTANT_FALSE_REFUSAL": "0.05",
           "ASSISTANT_API_TOKENS": API_TOKEN_HASH}  # beyond localhost the API needs tokens too
    proc, url = start_server(s.corpus_dir, s.index_dir, log, env, ["--host", "0.0.0.0"])
    yield proc, url, log
    proc.terminate()
    proc.wait(20)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the seeds."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


class ChromaServer:
    """A real Chroma server (`chroma run`) on 127.0.0.1, which a test may stop and start again
    on the same port and data folder."""

    def __init__(self, data: Path, log: Path):
        self.data, self.log_path, self.port = data, log, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self) -> ChromaServer:
        chroma = Path(sys.executable).with_name("chroma")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [str(chroma), "run", "--path", str(self.data), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1)
                return self
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    self.proc.kill()
                    raise RuntimeError(self.log_path.read_text()[-2000:]) from None
                time.sleep(0.3)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def chroma_server(tmp_path):
    """A real Chroma server (`chroma run`) on 127.0.0.1 at a free port; yields its URL."""
    server = ChromaServer(tmp_path / "server-data", tmp_path / "chroma.log").start()
    yield server.url
    server.stop()
