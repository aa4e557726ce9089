"""What the API tests share: uvicorn in a thread over a module's own copy of the seeds, the
small-limits server, and the OpenAI-style error check (a plugin of conftest.py: its fixtures are
everyone's, module-scoped, so each test module has its own corpus and servers)."""
import hashlib
import shutil
import threading
import time

import pytest
import uvicorn

from assistant import Settings, api, server

from .conftest import API_TOKEN, API_TOKEN_HASH, SEEDS, free_port, make_assistant

RATE_TOKEN = "rate-token-not-secret"  # the rate-limit test's own token: its count is its own


class Server:
    """uvicorn serving ``app`` on a free loopback port, in a thread."""

    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 60
        while not self.server.started:
            assert time.time() < deadline and self.thread.is_alive(), "the server did not start"
            time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(15)


@pytest.fixture(scope="module")
def bot(tmp_path_factory, e5):
    """The seeds in a corpus of this module's own: uploads and removals touch no other test."""
    base = tmp_path_factory.mktemp("api")
    shutil.copytree(SEEDS, base / "corpus")
    assistant = make_assistant(base / "corpus", base / "index", e5, ollama_host=f"http://127.0.0.1:{free_port()}")
    assistant.index()
    return assistant


def limits(bot, **overrides) -> Settings:
    tokens = ",".join([API_TOKEN_HASH, hashlib.sha256(RATE_TOKEN.encode()).hexdigest()])
    return bot.settings.model_copy(update={"api_tokens": tokens, "api_rate_limit": 1000, **overrides})


@pytest.fixture(scope="module")
def served(bot):
    """What `assistant serve` runs: the API with the Gradio page mounted at /."""
    with Server(server.app(bot, limits(bot))) as s:
        yield s.url


@pytest.fixture(scope="module")
def limited(bot):
    """The API alone, with small limits: 5 requests a minute, 4 KB bodies, 10 KB uploads."""
    with Server(api.create_app(bot, limits(bot, api_rate_limit=5, api_max_body_kb=4, max_file_mb=0.01))) as s:
        yield s.url


def auth(token=API_TOKEN):
    return {"Authorization": f"Bearer {token}"}


def error_of(response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) >= {"message", "type", "code"} and "\n" not in error["message"]
    assert "Traceback" not in response.text
    for word in words:
        assert word in error["message"], error["message"]
    return error
