"""The chat page as its visitors meet it: ``assistant serve`` on a free port, Gradio sessions."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(corpus: Path, index_dir: Path, log: Path, env_extra: dict | None = None, args=()) -> tuple:
    """``assistant serve`` from this checkout on a free port, its output going to ``log``;
    (process, url) once it answers."""
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
