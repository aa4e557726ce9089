"""Load: 20 questions at once through the Python API and 20 chat sessions at once through the
running page, each answer checked against its own expected file, no history crossing between
sessions, memory bounded. Throughput and latency numbers come from `python -m benchmarks.load`
(the same driver), not from here."""
import threading

import pytest

from assistant.ingest.analysis import terms
from assistant.ingest.language import detect
from harness.concurrency import rss_mb, run_concurrently
from harness.page import ChatSession, text_of

from .conftest import make_assistant
from .fixture_corpus import PASSWORD, QUESTIONS

LOAD = "Load"
FOLLOW_UP = {"en": "Which file says so?", "fr": "Quelle source le dit ?", "zh": "哪个文件这么说？",
             "id": "File mana yang menyebutkannya?"}


def jobs(n=20):
    return [QUESTIONS[i % len(QUESTIONS)] for i in range(n)]


@pytest.mark.case(LOAD, "stemming from many threads at once")
def test_stemming_is_thread_safe(observed):
    words = "The organizations internationally connected generously running happiness " * 8
    expected = {lang: terms(words, lang) for lang in ("en", "fr", "id")}
    wrong = []

    def work(lang):
        for _ in range(20):
            if terms(words, lang) != expected[lang]:
                wrong.append(lang)

    threads = [threading.Thread(target=work, args=(lang,)) for lang in ["en", "fr", "id"] * 3]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert wrong == []
    observed("9 threads x 20 analyses: identical terms (one Snowball stemmer per thread; a shared one "
             "raised IndexError and gave wrong stems)")


@pytest.mark.case(LOAD, "20 concurrent questions and follow-ups through the Python API, one fresh Assistant")
def test_20_concurrent_questions_through_the_api(small_assistant, observed):
    # a fresh assistant with its own model: its lazy parts (e5, BM25) are first built under load
    s = small_assistant.settings
    # false_refusal: one fixture question is refused at the default cut (tests/conftest.py, guarded_page)
    assistant = make_assistant(s.corpus_dir, s.index_dir, backend="extractive", false_refusal=0.05)
    calls = []
    for i, (question, _, _) in enumerate(jobs()):
        if i % 2:  # half of them a two-turn conversation of their own
            history = [{"role": "user", "content": question}, {"role": "assistant", "content": "…"}]
            follow_up = FOLLOW_UP[detect(question)]
            calls.append(lambda h=history, f=follow_up: assistant.chat([*h, {"role": "user", "content": f}]))
        else:
            calls.append(lambda q=question: assistant.ask(q))
    rss_before = rss_mb()
    answers, seconds, wall = run_concurrently(calls, 20)
    for _ in range(2):  # more rounds: memory must not grow with every question
        again, _, _ = run_concurrently(calls, 20)
    rss_after = rss_mb()
    for i, (answer, (question, source, expected)) in enumerate(zip(answers + again, jobs() * 2)):
        assert not isinstance(answer, Exception), answer
        assert any(c.source == source and expected in c.quote for c in answer.citations), (question, answer.text)
        if i % 2:
            assert answer.query.startswith(question)  # its own first turn, nobody else's
    assert rss_after - rss_before < 300, (rss_before, rss_after)
    observed(f"60 answers (3 rounds of 20), each cited its expected file; follow-ups kept their own "
             f"history; RSS {rss_before:.0f} MB -> {rss_after:.0f} MB (first round {wall:.1f} s)")


@pytest.mark.case(LOAD, "20 concurrent chat sessions through the running Gradio server, two turns each")
def test_20_concurrent_sessions_through_the_page(guarded_page, observed):
    proc, url, _ = guarded_page  # the password-protected page over the corpus with hostile files
    auth = ("assistant", PASSWORD)
    ChatSession(url, auth=auth).ask(QUESTIONS[0][0])  # warm
    rss_before = rss_mb(proc.pid)
    sessions = [ChatSession(url, auth=auth) for _ in range(20)]
    cases = jobs()

    def converse(session, question):
        first = session.ask(question)
        second = session.ask(FOLLOW_UP[detect(question)])
        return first, second, session.history, session.cards

    results, seconds, wall = run_concurrently(
        [lambda s=s, q=q: converse(s, q) for s, (q, _, _) in zip(sessions, cases)], 20)
    rss_first = rss_mb(proc.pid)
    again, _, _ = run_concurrently(  # a second round: memory must settle, not grow with every session
        [lambda q=q: converse(ChatSession(url, auth=auth), q) for q, _, _ in cases], 20)
    others = {q for q, _, _ in QUESTIONS}
    for result, (question, source, expected) in zip(results + again, cases * 2):
        assert not isinstance(result, Exception), result
        first, second, history, cards = result
        assert expected in first and source in first, first
        assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]
        assert text_of(history[0]) == question
        assert not (others - {question}) & {text_of(m) for m in history}  # no other session's turn
        assert f'data-source="{source}"' in cards
    rss_after = rss_mb(proc.pid)
    # The first round grows the server by its worker threads' malloc arenas and 20 sessions'
    # state (333 MB measured on a clean clone); a leak shows as growth in the second round.
    assert rss_first - rss_before < 500, (rss_before, rss_first)
    assert rss_after - rss_first < 100, (rss_first, rss_after)
    observed(f"80 answers in 40 sessions (2 rounds of 20), each from its expected file, each history only "
             f"its own; server RSS {rss_before:.0f} -> {rss_first:.0f} MB after round 1 -> {rss_after:.0f} MB "
             f"after round 2; {wall:.1f} s for round 1")
