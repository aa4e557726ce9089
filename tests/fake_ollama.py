"""A FAKE of the Ollama HTTP protocol, on 127.0.0.1: no Ollama server can be installed here.

It speaks the endpoints the `ollama` client (behind llama-index's Ollama LLM) uses — `POST
/api/chat` streaming (NDJSON) and not, `GET /api/tags`, `POST /api/show` — records every request,
and answers with what the test's `reply(request)` function returns. Unknown models get Ollama's
404 `{"error": "model '…' not found"}`; `delay` makes it slow, for timeouts.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOllama:
    def __init__(self, models=("qwen2.5:3b-instruct",), reply=None, delay=0.0):
        self.models = list(models)
        self.reply = reply or (lambda request: "NOT_IN_SOURCES")
        self.delay = delay
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/api/tags":
                    self._send(200, {"models": [{"name": m, "model": m} for m in fake.models]})
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append({"path": self.path, **body})
                time.sleep(fake.delay)
                if body.get("model") not in fake.models:
                    return self._send(404, {"error": f"model '{body.get('model')}' not found"})
                if self.path == "/api/show":
                    return self._send(200, {"modelinfo": {"qwen2.context_length": 32768}})
                if self.path != "/api/chat":
                    return self._send(404, {"error": "not found"})
                text = fake.reply(body)
                if not body.get("stream", True):
                    return self._send(200, _message(body["model"], text, done=True))
                pieces = [text[i : i + 7] for i in range(0, len(text), 7)]
                lines = [_message(body["model"], p, done=False) for p in pieces]
                lines.append(_message(body["model"], "", done=True))
                self._send(200, "".join(json.dumps(x) + "\n" for x in lines).encode(), "application/x-ndjson")

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that timed out and hung up is what the timeout test wants

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def chats(self) -> list[dict]:
        return [r for r in self.requests if r["path"] == "/api/chat"]


def _message(model: str, content: str, done: bool) -> dict:
    out = {"model": model, "created_at": "2026-11-22T00:00:00Z",
           "message": {"role": "assistant", "content": content}, "done": done}
    if done:
        out.update(done_reason="stop", total_duration=1, prompt_eval_count=1, eval_count=1)
    return out


def ask_through(assistant, fake: FakeOllama, question: str, **options):
    """``assistant.ask(question, backend="ollama", ...)`` against ``fake``; the assistant's settings
    and loaded LLMs are as before afterwards."""
    settings = assistant.settings
    assistant.settings = settings.model_copy(update={"ollama_host": fake.url})
    assistant.llms.clear()
    try:
        return assistant.ask(question, backend="ollama", **options)
    finally:
        assistant.settings = settings
        assistant.llms.clear()


def source_number(request: dict, file_name: str) -> int:
    """The [n] under which the assistant showed ``file_name`` in its prompt."""
    user = request["messages"][-1]["content"]
    for line in user.splitlines():
        if line.startswith("[") and f"({file_name}," in line:
            return int(line[1 : line.index("]")])
    raise AssertionError(f"{file_name} is not among the sources")
