"""Faults, each tried and recorded in docs/RELIABILITY.md: indexing killed with SIGKILL, a damaged
index folder, the Chroma server stopping mid-session, Ollama slow or gone."""
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from assistant import BackendUnavailable, IndexUnavailable

from .conftest import ROOT, ChromaServer, free_port, make_assistant
from .fake_ollama import FakeOllama, source_number
from .fixture_corpus import write_corpus

FAULTS = "Faults"
OLD_QUESTION = ("How many containers did Port Valen handle in 2023?", "harbour.txt", "7.2 million")
NEW_FILE = "Lake Orrin is 41 kilometres long and its deepest point is 212 metres below the surface. " + " ".join(
    f"Survey {i} of Lake Orrin counted {100 + i} fishing boats, {20 + i} ferries and {i % 7 + 2} research vessels."
    for i in range(30))
NEW_QUESTION = ("How long is Lake Orrin?", "lake.txt", "41 kilometres")


def cites(answer, source, expected) -> bool:
    return any(c.source == source and expected in c.quote for c in answer.citations)


@pytest.mark.case(FAULTS, "`assistant index --rebuild` killed with SIGKILL while embedding")
def test_sigkill_during_indexing_keeps_the_old_index_and_the_next_run_completes(tmp_path, e5, observed):
    corpus, index_dir = write_corpus(tmp_path / "corpus"), tmp_path / "index"
    make_assistant(corpus, index_dir, e5).index()
    (corpus / "lake.txt").write_text(NEW_FILE, encoding="utf-8")  # a few seconds of embedding

    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_INDEX_DIR=str(index_dir), ASSISTANT_DEBUG="1")
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", "--rebuild"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    embedding = threading.Event()

    def watch():
        for line in proc.stderr:
            if "embedding" in line and "new texts" in line:
                embedding.set()

    threading.Thread(target=watch, daemon=True).start()
    assert embedding.wait(120), "the index run never reached the embedding step"
    time.sleep(0.3)
    assert proc.poll() is None  # still embedding: killed in the middle
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    reader = make_assistant(corpus, index_dir, e5)
    unfinished = [g for g in reader.store.generations() if not (g.metadata or {}).get("complete")]
    assert len(unfinished) == 1 and len(reader.store.generations()) == 2
    assert cites(reader.ask(OLD_QUESTION[0], backend="extractive"), *OLD_QUESTION[1:])  # the old index answers

    after = make_assistant(corpus, index_dir, e5)
    report = after.index()  # what `assistant index` runs, without paying for another interpreter
    assert len(after.store.generations()) == 1 and after.store.active().name == unfinished[0].name
    assert cites(after.ask(NEW_QUESTION[0], backend="extractive"), *NEW_QUESTION[1:])
    assert cites(after.ask(OLD_QUESTION[0], backend="extractive"), *OLD_QUESTION[1:])
    observed(f"killed mid-embedding: the previous generation kept answering; the next `assistant index` "
             f"finished the interrupted one ({report.summary()}) and dropped the old")


@pytest.mark.case(FAULTS, "index folder damaged (its SQLite database overwritten with garbage)")
def test_damaged_index_names_the_fix_and_rebuild_recovers(tmp_path, e5, observed, monkeypatch, capsys, caplog):
    from assistant.cli import main

    corpus, index_dir = write_corpus(tmp_path / "corpus"), tmp_path / "index"
    make_assistant(corpus, index_dir, e5).index()
    shutil.copytree(index_dir, tmp_path / "damaged")  # a copy no client of this process has open
    damaged = tmp_path / "damaged"
    (damaged / "chroma.sqlite3").write_bytes(os.urandom(64_000))
    (damaged / "notes.txt").write_text("not Chroma's: must survive the rebuild", encoding="utf-8")
    for key in [k for k in os.environ if k.startswith("ASSISTANT_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("OLLAMA_HOST", f"http://127.0.0.1:{free_port()}")

    # the command's own code path in-process (`assistant ask`, `assistant index --rebuild`)
    code = main(["ask", OLD_QUESTION[0], "--corpus", str(corpus), "--index-dir", str(damaged)])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(lines) == 1, lines
    assert "is damaged" in lines[0] and "assistant index --rebuild" in lines[0]
    observed(lines[0])

    code = main(["index", "--rebuild", "--quiet", "--corpus", str(corpus), "--index-dir", str(damaged)])
    out = capsys.readouterr()
    assert code == 0 and "removed the damaged index" in caplog.text and (damaged / "notes.txt").exists()
    answer = make_assistant(corpus, damaged, e5).ask(OLD_QUESTION[0], backend="extractive")
    assert cites(answer, *OLD_QUESTION[1:])
    observed(f"`assistant index --rebuild`: {out.out.strip()}; then answered from harbour.txt; "
             "notes.txt (not Chroma's) kept")


@pytest.mark.case(FAULTS, "index database truncated (Python API)")
def test_truncated_index_is_named_and_rebuilt_in_process(tmp_path, e5, observed):
    corpus, index_dir = write_corpus(tmp_path / "corpus"), tmp_path / "index"
    make_assistant(corpus, index_dir, e5).index()
    shutil.copytree(index_dir, tmp_path / "damaged")
    database = tmp_path / "damaged" / "chroma.sqlite3"
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 3])
    assistant = make_assistant(corpus, tmp_path / "damaged", e5)
    with pytest.raises(IndexUnavailable, match=r"is damaged .*: rebuild it with `assistant index --rebuild`") as e:
        assistant.ask(OLD_QUESTION[0])
    observed(f"IndexUnavailable: {e.value}")
    assistant.index(rebuild=True)
    assert cites(assistant.ask(OLD_QUESTION[0], backend="extractive"), *OLD_QUESTION[1:])
    observed("index(rebuild=True) in the same process recovered; answered again")


@pytest.mark.case(FAULTS, "Chroma server stops mid-session, then comes back")
def test_chroma_server_stop_is_retried_then_named_and_recovers(tmp_path, e5, observed):
    server = ChromaServer(tmp_path / "server-data", tmp_path / "chroma.log").start()
    try:
        assistant = make_assistant(write_corpus(tmp_path / "corpus"), tmp_path / "unused", e5,
                                   chroma_url=server.url)
        assistant.index()
        assert cites(assistant.ask(OLD_QUESTION[0], backend="extractive"), *OLD_QUESTION[1:])
        server.stop()
        started = time.perf_counter()
        with pytest.raises(IndexUnavailable, match="did not answer 4 times.*reconnects when it is back") as e:
            assistant.ask("Combien de visiteurs le festival de Morlaix a-t-il attirés en 2022 ?", backend="extractive")
        waited = time.perf_counter() - started
        assert waited < 30  # bounded: three retries, 3.5 s of waiting, not a hang
        server.start()
        answer = assistant.ask("Combien de visiteurs le festival de Morlaix a-t-il attirés en 2022 ?",
                               backend="extractive")  # the same Assistant, not restarted
        assert cites(answer, "festival_fr.txt", "86 000")
        observed(f"after {waited:.1f} s: {e.value}; the same Assistant answered again once the server was back")
    finally:
        server.stop()


@pytest.mark.parametrize("fault,backend,expected", [
    pytest.param("slow", "ollama", "ollama did not answer within 1 s: raise ASSISTANT_REQUEST_TIMEOUT",
                 marks=pytest.mark.case(FAULTS, "Ollama slow, `--backend ollama`"), id="slow"),
    pytest.param("slow", "auto", "extractive (fallback from ollama)",
                 marks=pytest.mark.case(FAULTS, "Ollama slow, `auto`"), id="slow-auto"),
    pytest.param("gone", "ollama", "cannot reach Ollama at",
                 marks=pytest.mark.case(FAULTS, "Ollama gone, `--backend ollama`"), id="gone"),
    pytest.param("gone", "auto", "extractive (fallback from ollama)",
                 marks=pytest.mark.case(FAULTS, "Ollama gone, `auto`"), id="gone-auto"),
])
def test_ollama_slow_or_gone_is_a_bounded_wait(small_assistant, observed, fault, backend, expected):
    question = "How many tons of coffee did the Lembah Hijau cooperative export to Japan?"
    fake = FakeOllama(delay=5, reply=lambda r: f"640 tons [{source_number(r, 'kopi_id.txt')}].")
    original = small_assistant.settings
    with fake:
        url = fake.url if fault == "slow" else f"http://127.0.0.1:{free_port()}"
        small_assistant.settings = original.model_copy(update={"ollama_host": url, "request_timeout": 1})
        small_assistant.llms.clear()
        started = time.perf_counter()
        try:
            if backend == "ollama":
                with pytest.raises(BackendUnavailable, match=expected) as e:
                    small_assistant.ask(question, backend=backend)
                seen = f"BackendUnavailable: {e.value}"
            else:
                answer = small_assistant.ask(question, backend=backend)
                assert answer.backend == expected and cites(answer, "kopi_id.txt", "640 ton")
                seen = f"answered by {answer.backend}, warning: {answer.warnings[0]}"
        finally:
            small_assistant.settings = original
            small_assistant.llms.clear()
        waited = time.perf_counter() - started
    assert waited < 10  # the 1 s timeout bounds it, not the server's 5 s delay
    observed(f"after {waited:.1f} s: {seen}")
