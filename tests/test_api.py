"""The OpenAI-compatible API through real clients: the official `openai` package, `curl -N`,
httpx for uploads, gradio_client for the page at the same time, against a real uvicorn server
(in a thread) over the seeds indexed in an embedded Chroma store with the real e5 model. Bad
requests, limits and tokens: ``test_reliability_api.py`` (recorded in docs/RELIABILITY.md)."""
import hashlib
import json
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import openai
import pytest

from assistant import Settings, api
from harness.page import ChatSession

from .api_server import Server, auth, error_of, limits
from .conftest import API_TOKEN, API_TOKEN_HASH, FRENCH, INDONESIAN, MIXED
from .test_cli import run as run_cli

NEW_FILE = "phare_kelor.txt"
NEW_TEXT = ("Le phare de la pointe Kelor a été peint en vert en 1931 par le capitaine du port Anwar Salim. "
            "Il mesure 42 mètres de haut et sa lumière porte à 19 milles nautiques.\n")


@pytest.fixture
def client(served):
    return openai.OpenAI(base_url=f"{served}/v1", api_key=API_TOKEN, max_retries=0, timeout=120)


def check_citations(bot, reply: str, citations: list[dict]):
    assert {int(n) for n in re.findall(r"\[(\d+)\]", reply)} == {c["n"] for c in citations}
    for c in citations:
        assert set(c) >= {"n", "source", "start", "end", "quote", "score"}
        text = (bot.settings.corpus_dir / c["source"]).read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == c["quote"]




def test_openai_client_english_question_answered_from_the_french_file(client, bot):
    reply = client.chat.completions.create(model="extractive",
                                           messages=[{"role": "user", "content": "How much was Durov's bail?"}])
    extra = reply.model_extra
    assert reply.object == "chat.completion" and reply.model == "extractive"
    assert "5 millions" in reply.choices[0].message.content
    assert (extra["answered_by"], extra["language"], extra["abstained"]) == ("extractive", "en", False)
    assert extra["fallback_from"] == [] and extra["dropped"] == []
    assert any(c["source"] == FRENCH and "5 millions" in c["quote"] for c in extra["citations"])
    check_citations(bot, reply.choices[0].message.content, extra["citations"])


@pytest.mark.parametrize("question,language,source,expected", [
    ("Berapa uang jaminan Durov?", "id", FRENCH, "5 millions"),
    ("杜罗夫的保释金是多少？", "zh", FRENCH, "5 millions"),
    ("Où Durov a-t-il été arrêté ?", "fr", FRENCH, "Bourget"),
])
def test_openai_client_streams_what_it_answers_whole(client, bot, question, language, source, expected):
    messages = [{"role": "user", "content": question}]
    whole = client.chat.completions.create(model="extractive", messages=messages)
    chunks = list(client.chat.completions.create(model="extractive", messages=messages, stream=True))
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == whole.choices[0].message.content and expected in text
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["language"] == language and last.model_extra["answered_by"] == "extractive"
    assert last.model_extra["citations"] == whole.model_extra["citations"] or \
        [c["source"] for c in last.model_extra["citations"]] == [c["source"] for c in whole.model_extra["citations"]]
    assert any(c["source"] == source for c in last.model_extra["citations"])
    check_citations(bot, text, last.model_extra["citations"])


def test_follow_up_is_condensed_with_the_conversation(client):
    first = [{"role": "user", "content": "Où Durov a-t-il été arrêté ?"}]
    reply = client.chat.completions.create(model="extractive", messages=first)
    follow_up = [*first, {"role": "assistant", "content": reply.choices[0].message.content},
                 {"role": "user", "content": "Et quel était le montant de sa caution ?"}]
    again = client.chat.completions.create(model="extractive", messages=follow_up)
    assert "5 millions" in again.choices[0].message.content
    assert "arrêté" in again.model_extra["query"]  # retrieved together with the question before it
    assert any(c["source"] == FRENCH for c in again.model_extra["citations"])


def test_curl_streams_server_sent_events(served):
    body = json.dumps({"model": "extractive", "stream": True,
                       "messages": [{"role": "user", "content": "How much was Durov's bail?"}]})
    out = subprocess.run(["curl", "-sSN", f"{served}/v1/chat/completions", "-H", "Content-Type: application/json",
                          "-H", f"Authorization: Bearer {API_TOKEN}", "-d", body],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    events = [line for line in out.split("\n") if line]
    assert all(line.startswith("data: ") for line in events), out[:500]
    assert events[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"} and len({c["id"] for c in chunks}) == 1
    assert "5 millions" in "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop" and chunks[-1]["citations"][0]["source"] == FRENCH


def test_models_search_health_and_docs(served, client):
    assert [m.id for m in client.models.list()] == ["auto", "ollama", "extractive", "llamacpp"]
    found = httpx.post(f"{served}/v1/search", headers=auth(),
                       json={"query": "Berapa tahun Telegram diblokir di Rusia?", "top_k": 3}).json()["data"]
    assert len(found) == 3 and all(set(h) >= {"source", "start", "end", "score", "text", "language"} for h in found)
    assert found[0]["score"] >= found[-1]["score"]
    health = httpx.get(f"{served}/healthz").json()
    assert health["status"] == "ok" and health["rows"] == 25 + 173  # the seeds' chunks and sentences
    assert httpx.get(f"{served}/docs").status_code == 200
    assert "/v1/chat/completions" in httpx.get(f"{served}/openapi.json").json()["paths"]


def test_upload_a_french_file_ask_in_english_then_remove_it(served, client, bot):
    def ask():
        return client.chat.completions.create(
            model="extractive", messages=[{"role": "user", "content": "What colour was the Kelor Point lighthouse painted?"}])

    before = ask()
    assert not any(c["source"] == NEW_FILE for c in before.model_extra["citations"])
    sent = httpx.post(f"{served}/v1/documents", headers=auth(), timeout=120,
                      files={"file": (NEW_FILE, NEW_TEXT.encode(), "text/plain")})
    assert sent.status_code == 200, sent.text
    assert sent.json()["state"] == "indexed" and sent.json()["languages"] == ["fr"]
    assert (bot.settings.corpus_dir / NEW_FILE).read_text(encoding="utf-8") == NEW_TEXT
    listed = {d["source"]: d for d in httpx.get(f"{served}/v1/documents", headers=auth()).json()["data"]}
    assert listed[NEW_FILE]["chunks"] == 1 and listed[NEW_FILE]["indexed_at"]
    assert listed[INDONESIAN]["languages"] == ["id"] and set(listed[MIXED]["languages"]) == {"en", "zh"}
    assert {d["state"] for d in listed.values()} == {"indexed"}

    after = ask()  # answerable at once, from the French file
    assert "vert" in after.choices[0].message.content
    assert [c["source"] for c in after.model_extra["citations"]] == [NEW_FILE]

    gone = httpx.delete(f"{served}/v1/documents/{NEW_FILE}", params={"delete_file": "true"}, headers=auth())
    assert gone.status_code == 200 and gone.json()["file_deleted"] and gone.json()["rows_removed"] > 0
    assert not (bot.settings.corpus_dir / NEW_FILE).exists()
    assert NEW_FILE not in {d["source"] for d in httpx.get(f"{served}/v1/documents", headers=auth()).json()["data"]}
    assert not any(c["source"] == NEW_FILE for c in ask().model_extra["citations"])
    again = httpx.delete(f"{served}/v1/documents/{NEW_FILE}", headers=auth())
    assert again.status_code == 404 and "GET /v1/documents" in again.json()["error"]["message"]


def test_remove_from_the_index_only_keeps_the_file(served, bot):
    source = "004_2d0bfc7bcb64a6f2.txt"
    try:
        gone = httpx.delete(f"{served}/v1/documents/{source}", headers=auth())
        assert gone.status_code == 200 and not gone.json()["file_deleted"]
        listed = {d["source"]: d for d in httpx.get(f"{served}/v1/documents", headers=auth()).json()["data"]}
        assert listed[source]["state"] == "not indexed" and (bot.settings.corpus_dir / source).is_file()
    finally:
        bot.index()  # the next index run brings it back
    listed = {d["source"]: d for d in httpx.get(f"{served}/v1/documents", headers=auth()).json()["data"]}
    assert listed[source]["state"] == "indexed"


def test_openai_client_sees_unknown_model_and_wrong_token(served, client):
    with pytest.raises(openai.NotFoundError, match="extractive"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    wrong = openai.OpenAI(base_url=f"{served}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError, match="assistant token"):
        wrong.models.list()


def test_page_and_api_at_the_same_time(served):
    page = httpx.get(served)
    assert page.status_code == 200 and "gradio" in page.text.lower()
    session = ChatSession(served)
    questions = ["How much was Durov's bail?", "Berapa uang jaminan Durov?", "杜罗夫的保释金是多少？"]

    def through_api(question):
        reply = httpx.post(f"{served}/v1/chat/completions", headers=auth(), timeout=120, json={
            "model": "extractive", "stream": False, "messages": [{"role": "user", "content": question}]})
        return reply.json()["choices"][0]["message"]["content"]

    with ThreadPoolExecutor(4) as pool:
        on_page = pool.submit(session.ask, "Où Durov a-t-il été arrêté ?")
        replies = list(pool.map(through_api, questions))
        assert "Bourget" in on_page.result(timeout=120)
    assert all("5 millions" in r for r in replies)


def test_token_command_and_hashed_setting():
    result = run_cli(["token"])
    token = re.search(r"token: (\S+)", result.stdout).group(1)
    digest = re.search(r"sha256: ([0-9a-f]{64})", result.stdout).group(1)
    assert hashlib.sha256(token.encode()).hexdigest() == digest and len(token) >= 32
    assert Settings(api_tokens=f"{digest}, {API_TOKEN_HASH}").token_hashes == {digest, API_TOKEN_HASH}
    with pytest.raises(ValueError, match="assistant token"):
        Settings(api_tokens=token)  # a plain token is refused: the setting holds hashes


def test_llamacpp_through_the_openai_client_and_the_busy_queue(bot):
    """The bundled model answers (not a fallback); meanwhile, with one slot and no waiting room,
    a second question is told to come back (429, Retry-After) instead of queueing."""
    settings = limits(bot, api_concurrency=1, api_max_waiting=0)
    with Server(api.create_app(bot, settings)) as s:
        llm = openai.OpenAI(base_url=f"{s.url}/v1", api_key=API_TOKEN, max_retries=0, timeout=600)
        stream = llm.chat.completions.create(model="llamacpp", stream=True, messages=[
            {"role": "user", "content": "How often does Durov have to report to the police?"}])
        chunks = [next(stream)]  # the role chunk: the answer holds the only slot now
        busy = httpx.post(f"{s.url}/v1/chat/completions", headers=auth(), json={
            "model": "extractive", "messages": [{"role": "user", "content": "How much was Durov's bail?"}]})
        chunks += list(stream)
    error = error_of(busy, 429, "busy", "retry in")
    assert error["code"] == "server_busy" and int(busy.headers["Retry-After"]) >= 1
    extra = chunks[-1].model_extra
    assert extra["answered_by"] == "llamacpp" and extra["fallback_from"] == [], extra
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert re.search(r"twice|two times", text) and not extra["abstained"], text
    assert any(c["source"] == FRENCH and "deux fois par semaine" in c["quote"] for c in extra["citations"])
    check_citations(bot, text, extra["citations"])


def test_work_queue_refuses_beyond_its_waiting_room_and_gives_every_slot_back():
    from assistant.api.errors import APIError
    from assistant.api.limits import Gone, WorkQueue

    queue = WorkQueue(slots=1, max_waiting=1)
    running, waiting = queue.admit(), queue.admit()
    with pytest.raises(APIError) as busy:
        queue.admit()
    assert busy.value.status == 429 and busy.value.headers["Retry-After"] == "10"  # 2 ahead x 5 s, one slot
    running.__enter__()
    entered = []

    def wait():
        try:
            with waiting:
                entered.append("ran")
        except Gone:
            entered.append("gone")

    thread = threading.Thread(target=wait)
    thread.start()
    time.sleep(0.2)
    waiting.release()  # its client left while it waited (the response's background task)
    running.release()
    running.release()  # twice: counted once
    thread.join(5)
    assert entered == ["gone"] and queue.admitted == 0
    for _ in range(2):  # the one slot is free again, and only one
        with queue.admit():
            assert not queue.semaphore.acquire(blocking=False)
