"""The HTTP API's bad input, limits and guards, each case tried and recorded in
docs/RELIABILITY.md: malformed or wrong requests, unknown models, unsafe upload names, missing or
wrong tokens, bodies over the limit, the rate limit, serving beyond localhost without tokens, and
no traceback or document text in errors or logs. Real uvicorn servers in threads, real clients."""
import logging

import httpx
import pytest

from .api_server import RATE_TOKEN, auth, error_of
from .conftest import free_port
from .test_cli import run as run_cli

API = "HTTP API"
case = pytest.mark.case


@pytest.mark.parametrize("body,status,words", [
    pytest.param('{"model": "auto", "messages": [', 400, ["not valid JSON"],
                 marks=case(API, "chat request: malformed JSON"), id="malformed-json"),
    pytest.param('{"model": "auto"}', 400, ["`messages` is missing"],
                 marks=case(API, "chat request: no `messages`"), id="no-messages"),
    pytest.param('{"model": "auto", "messages": "hello"}', 400, ["`messages`", "/docs"],
                 marks=case(API, "chat request: `messages` not a list (wrong schema)"), id="messages-not-a-list"),
    pytest.param('{"model": "auto", "messages": [{"role": "user", "content": "   "}]}', 400, ["the question is empty"],
                 marks=case(API, "chat request: empty question"), id="empty-question"),
    pytest.param('{"model": "auto", "messages": [{"role": "assistant", "content": "hi"}]}', 400,
                 ["must come from the user"], marks=case(API, "chat request: no user message last"),
                 id="assistant-last"),
    pytest.param('{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}', 404,
                 ["unknown model 'gpt-4o'", "auto, ollama, extractive, llamacpp"],
                 marks=case(API, "chat request: unknown model"), id="unknown-model"),
])
def test_bad_requests_get_one_line_naming_the_fix(served, body, status, words, observed):
    response = httpx.post(f"{served}/v1/chat/completions", content=body,
                          headers={**auth(), "Content-Type": "application/json"})
    error = error_of(response, status, *words)
    observed(f"{status} {error['code']}: {error['message']}")


@pytest.mark.parametrize("name", [
    pytest.param("../evil.txt", marks=case(API, "upload named with `../`"), id="dotdot"),
    pytest.param("/etc/evil.txt", marks=case(API, "upload named with an absolute path"), id="absolute"),
    pytest.param(".hidden.txt", marks=case(API, "upload named with a hidden name"), id="hidden"),
    pytest.param("sub/evil.txt", marks=case(API, "upload named with a folder"), id="folder"),
    pytest.param("..", marks=case(API, "upload named with `..` alone"), id="bare-dotdot"),
    pytest.param("C:\\evil.txt", marks=case(API, "upload named with a Windows drive"), id="drive"),
])
def test_unsafe_upload_names_are_refused(served, bot, name, observed):
    sent = httpx.post(f"{served}/v1/documents", headers=auth(), data={"name": name},
                      files={"file": ("x.txt", b"Some harmless text for a test.", "text/plain")})
    error = error_of(sent, 400, "name")
    assert not any(p.name.endswith("evil.txt") for p in bot.settings.corpus_dir.parent.rglob("*"))
    observed(f"400: {error['message']}; nothing written")


@pytest.mark.case(API, "no token, a wrong token (tokens set)")
def test_tokens_are_required(limited, observed):
    missing = error_of(httpx.get(f"{limited}/v1/models"), 401, "Authorization: Bearer")
    wrong = error_of(httpx.get(f"{limited}/v1/models", headers=auth("wrong")), 401, "ASSISTANT_API_TOKENS")
    assert missing == wrong and wrong["type"] == "authentication_error"
    assert httpx.get(f"{limited}/v1/models", headers=auth()).status_code == 200
    assert httpx.get(f"{limited}/healthz").status_code == 200  # health needs no token
    observed(f"401 {wrong['code']}: {wrong['message']}; the right token: 200; /healthz open")


@pytest.mark.case(API, "request bodies over the limit: with a Content-Length, chunked without one, an upload")
def test_bodies_over_the_limit_are_413(limited, observed):
    body = {"model": "extractive", "messages": [{"role": "user", "content": "x" * 5000}]}
    error = error_of(httpx.post(f"{limited}/v1/chat/completions", json=body, headers=auth()), 413,
                     "larger than 4,000 bytes", "ASSISTANT_API_MAX_BODY_KB")

    def chunked():  # no Content-Length: counted as it arrives
        yield b'{"model": "extractive", "messages": [{"role": "user", "content": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}]}'

    error_of(httpx.post(f"{limited}/v1/chat/completions", content=chunked(),
                        headers={**auth(), "Content-Type": "application/json"}), 413, "larger than")
    upload = error_of(httpx.post(f"{limited}/v1/documents", headers=auth(),
                                 files={"file": ("big.txt", b"word " * 20_000, "text/plain")}), 413, "ASSISTANT_MAX_FILE_MB")
    observed(f"413: {error['message']}; chunked: the same; a 100 KB upload (limit 10 KB): {upload['message']}")


@pytest.mark.case(API, "more requests a minute than the rate limit (5)")
def test_rate_limit_is_429_with_retry_after(limited, observed):
    statuses = [httpx.get(f"{limited}/v1/models", headers=auth(RATE_TOKEN)) for _ in range(6)]
    assert [r.status_code for r in statuses[:5]] == [200] * 5
    error = error_of(statuses[5], 429, "rate limit of 5 requests a minute", "retry in")
    assert error["code"] == "rate_limit_exceeded" and 1 <= int(statuses[5].headers["Retry-After"]) <= 60
    observed(f"5 answered; the 6th: 429, Retry-After {statuses[5].headers['Retry-After']}: {error['message']}")


@pytest.mark.case(API, "errors and logs: no traceback, no document text")
def test_errors_and_logs_carry_no_traceback_or_document_text(served, observed):
    records = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.error", "uvicorn.access", "assistant")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        messages = []
        question = b'{"model": "auto", "messages": [{"role": "user", "content": "Durov?"}]'
        for body, kind in ((b"{", "application/json"), (question + b', "top_k": 99}', "application/json"),
                           (question + b"}", None)):  # the last as `curl -d` sends it: no JSON content type
            headers = {**auth(), **({"Content-Type": kind} if kind else {})}
            messages.append(error_of(httpx.post(f"{served}/v1/chat/completions", content=body, headers=headers),
                                     400)["message"])
        assert "Content-Type: application/json" in messages[-1]
        messages.append(error_of(httpx.post(f"{served}/v1/search", json={"query": ""}, headers=auth()), 400,
                                 "empty")["message"])
        messages.append(error_of(httpx.post(f"{served}/v1/documents", headers=auth(), files={
            "file": ("b.txt", b"\x00\x01\x02" * 100, "text/plain")}), 400, "b.txt")["message"])
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    logged = "\n".join(handler.format(r) for r in records)
    assert "Traceback" not in logged and "Durov" not in logged and "5 millions" not in logged, logged
    observed(f"{len(records)} log lines, none with a traceback or document text; errors: " + "; ".join(messages))


@pytest.mark.case(API, "`assistant serve --host 0.0.0.0` with a page password but no API tokens")
def test_serving_beyond_localhost_needs_tokens(bot, observed):
    corpus, index = bot.settings.corpus_dir, bot.settings.index_dir
    result = run_cli(["serve", "--host", "0.0.0.0", "--port", str(free_port())], corpus_dir=corpus,
                     index_dir=index, web_password="pw")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == ("error: refusing to serve the API on 0.0.0.0 without tokens: set "
                                     "ASSISTANT_API_TOKENS to the hash `assistant token` prints (or pass --insecure "
                                     "to expose it anyway)")
    observed(f"exit 2: {result.stderr.strip()}")


@pytest.fixture
def slow_answers(monkeypatch):
    """The extractive backend slowed down to stand for an LLM: a pause before each piece it
    streams (the real backend's pieces, nothing else changed)."""
    import time as clock

    from assistant.answer import backends

    real = backends.Extractive.stream

    def slow(self, question, language, hits):
        for piece in real(self, question, language, hits):
            clock.sleep(1.5)
            yield piece

    monkeypatch.setattr(backends.Extractive, "stream", slow)


@pytest.mark.case(API, "a client that disconnects mid-stream")
def test_a_client_that_leaves_mid_stream_gives_its_slot_back(bot, slow_answers, observed):
    import time as clock

    from assistant import api

    from .api_server import Server, limits

    body = {"model": "extractive", "stream": True,
            "messages": [{"role": "user", "content": "Berapa uang jaminan Durov?"}]}
    with Server(api.create_app(bot, limits(bot, api_concurrency=1, api_max_waiting=0))) as s:
        with httpx.stream("POST", f"{s.url}/v1/chat/completions", json=body, headers=auth(), timeout=60) as leaving:
            first = next(leaving.iter_lines())  # the role chunk: the answer holds the only slot
            assert first.startswith("data: ")
        left = clock.perf_counter()  # the connection is closed here, mid-answer
        statuses = []
        while clock.perf_counter() - left < 30:
            answer = httpx.post(f"{s.url}/v1/chat/completions", headers=auth(), timeout=60, json={
                "model": "extractive", "messages": [{"role": "user", "content": "Quel est le montant de la caution de Durov ?"}]})
            statuses.append(answer.status_code)
            if answer.status_code == 200:
                break
            clock.sleep(0.5)
        waited = clock.perf_counter() - left
    assert statuses[-1] == 200 and set(statuses) <= {200, 429}, statuses
    assert "5 millions" in answer.json()["choices"][0]["message"]["content"]
    observed(f"the slot came back {waited:.1f} s after the client left ({statuses.count(429)} requests told "
             f"'busy' meanwhile); the next question was answered, citing {answer.json()['citations'][0]['source']}")


@pytest.mark.case(API, "a slow client reading a stream while another asks")
def test_a_slow_reader_does_not_hold_up_other_clients(bot, slow_answers, observed):
    import threading
    import time as clock

    from assistant import api

    from .api_server import Server, limits

    with Server(api.create_app(bot, limits(bot, api_concurrency=2))) as s:
        got = []

        def slow_reader():
            body = {"model": "extractive", "stream": True,
                    "messages": [{"role": "user", "content": "杜罗夫的保释金是多少？"}]}
            with httpx.stream("POST", f"{s.url}/v1/chat/completions", json=body, headers=auth(), timeout=120) as r:
                for line in r.iter_lines():
                    got.append(line)
                    clock.sleep(2)  # a reader on a bad line

        reader = threading.Thread(target=slow_reader)
        reader.start()
        clock.sleep(0.5)
        started = clock.perf_counter()
        quick = httpx.post(f"{s.url}/v1/chat/completions", headers=auth(), timeout=60, json={
            "model": "extractive", "messages": [{"role": "user", "content": "How much was Durov's bail?"}]})
        quick_s = clock.perf_counter() - started
        still_reading = reader.is_alive()
        reader.join(120)
    assert quick.status_code == 200 and "5 millions" in quick.json()["choices"][0]["message"]["content"]
    lines = [line for line in got if line]
    assert still_reading and lines[-1] == "data: [DONE]", lines[-3:]  # it was mid-stream, and got it all
    assert any("citations" in line for line in lines)
    observed(f"another client's answer came in {quick_s:.1f} s while a slow reader was mid-stream; the slow "
             f"reader got all {len(lines)} events, ending with [DONE]")
