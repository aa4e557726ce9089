"""The `assistant` command as a user runs it: one JSON object, one-line errors, exit codes."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FRENCH, ROOT, free_port
from .fake_ollama import FakeOllama

# `python -m assistant.cli` from the checkout: the `assistant` script of an editable install may
# point at another checkout (a git worktree) than the code under test.
ASSISTANT = [sys.executable, "-m", "assistant.cli"]


def run(args, env_extra=None, **settings):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["OLLAMA_HOST"] = f"http://127.0.0.1:{free_port()}"  # no Ollama: `auto` falls back
    env.update({f"ASSISTANT_{k.upper()}": str(v) for k, v in settings.items()})
    env.update(env_extra or {})
    return subprocess.run([*ASSISTANT, *args], capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def indexed(seeds_assistant):
    s = seeds_assistant.settings
    return {"corpus_dir": s.corpus_dir, "index_dir": s.index_dir}


def test_ask_json_prints_one_object_with_quotes_from_the_files(indexed):
    result = run(["ask", "How much was Durov's bail?", "--json"], **indexed)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)  # exactly one JSON document on stdout
    assert set(answer) >= {"question", "answer", "abstained", "language", "backend", "citations", "timings_ms"}
    assert answer["language"] == "en" and not answer["abstained"]
    assert answer["backend"] == "extractive (fallback from ollama)"
    assert (answer["answered_by"], answer["fallback_from"]) == ("extractive", ["ollama"])
    assert any("cannot reach Ollama" in w for w in answer["warnings"])
    assert "5 millions" in answer["answer"]
    assert set(answer["timings_ms"]) == {"retrieve", "generate", "total"}
    for c in answer["citations"]:
        assert set(c) == {"n", "source", "chunk_id", "start", "end", "quote", "score", "page"}
        assert c["page"] == 1  # text files are one page
        text = (Path(indexed["corpus_dir"]) / c["source"]).read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == c["quote"]
    assert any(c["source"] == FRENCH for c in answer["citations"])


def test_ask_prints_the_answer_and_its_sources(indexed):
    # Indonesian, the answer in the French file (the CLI as shipped: its gate asks the bundled model)
    result = run(["ask", "Berapa kali seminggu Durov harus melapor ke polisi?", "--top-k", "3"], **indexed)
    assert result.returncode == 0, result.stderr
    assert "deux fois par semaine" in result.stdout and f"[1] {FRENCH}" in result.stdout
    # Ollama's absence is said once, with the answer, not also by the log
    said = [line.strip() for line in result.stderr.splitlines() if "Ollama" in line]
    assert len(said) == 1 and said[0].startswith("warning: ollama unavailable: cannot reach Ollama"), result.stderr


@pytest.mark.parametrize("question,invented,said", [
    ("How much was Durov's bail?", "Durov paid 7 billion dollars [1].",
     "The model's answer could not be checked against the documents, so it is not shown."),
    ("Quel était le montant de la caution de Durov ?", "Durov a payé 7 milliards de dollars [1].",
     "La réponse du modèle n'a pas pu être vérifiée dans les documents : elle n'est donc pas affichée."),
])
def test_ask_says_what_verification_dropped(indexed, question, invented, said):
    """The LLM (a fake of Ollama's protocol) invents the bail: the answer says, in the question's
    language, that it could not be checked, and the sentence dropped is listed with its reason."""
    with FakeOllama(reply=lambda request: invented) as fake:
        result = run(["ask", question, "--backend", "ollama"], env_extra={"OLLAMA_HOST": fake.url}, **indexed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == said
    dropped = [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("dropped by verification:")]
    assert dropped == [f"dropped by verification: {invented.removesuffix(' [1].')}. (a number is not in the cited passage)"], \
        result.stderr


@pytest.mark.parametrize("args,settings,message", [
    (["ask", ""], {}, "the question is empty"),
    (["ask", "   "], {}, "the question is empty"),
    (["ask", "x" * 4001], {}, "limit is 4,000"),
    (["ask", "bail?", "--backend", "gpt9"], {}, "unknown backend 'gpt9'"),
    (["ask", "bail?", "--top-k", "0"], {}, "top-k must be between 1 and 50"),
    (["index", "--corpus", "/nonexistent/corpus"], {}, "does not exist: set ASSISTANT_CORPUS_DIR"),
    (["ask", "bail?"], {"index_dir": "EMPTY"}, "run `assistant index`"),
    (["ask", "bail?"], {"top_k": "many"}, "setting top_k"),
    (["ask", "bail?"], {"chroma_url": "localhost:1"}, "is not a URL"),
])
def test_bad_input_gets_one_line_naming_the_fix(indexed, tmp_path, args, settings, message):
    settings = {**indexed, **settings}
    if settings.get("index_dir") == "EMPTY":
        settings["index_dir"] = tmp_path / "empty"
    result = run(args, **settings)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_debug_mode_shows_the_traceback(indexed):
    result = run(["ask", ""], env_extra={"ASSISTANT_DEBUG": "1"}, **indexed)
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_model_writes_the_gates_prompt_cache_that_ask_reads(indexed, seeds_assistant, tmp_path):
    """`assistant model` (run by `make run`) loads the model and writes the state of the gate's
    instruction; a later `ask` in French and in Chinese reads it instead of writing it again."""
    from assistant.answer.llms import gguf_file

    model = {"gguf_path": gguf_file(seeds_assistant.settings), "model_dir": tmp_path}
    result = run(["model"], **indexed, **model)
    assert result.returncode == 0, result.stderr
    cache = Path(result.stdout.splitlines()[-1].rsplit(": ", 1)[1])
    assert cache.parent == tmp_path and cache.stat().st_size > 100_000, result.stdout
    written = cache.stat().st_mtime_ns
    for question in ("Combien Durov a-t-il payé de caution ?", "杜罗夫的保释金是多少？"):
        answer = json.loads(run(["ask", question, "--json", "--backend", "extractive"], **indexed, **model).stdout)
        assert 0.0 < answer["answerability"]["llm_yes"] < 1.0 and not answer["abstained"], answer["answerability"]
    assert list(tmp_path.glob("prompt-*.kv")) == [cache] and cache.stat().st_mtime_ns == written


def test_the_gates_model_loads_in_a_thread_while_the_command_starts(seeds_assistant, monkeypatch):
    """`assistant ask` starts loading the gate's model (``cli.JudgeAhead``) before it imports the
    libraries and opens the index; the assistant then asks that one model — here in Indonesian
    and in Chinese, over the French bail sentence. No model is loaded ahead for a backend that
    does not use it, nor when the gate asks no model."""
    from assistant import Assistant
    from assistant.answer import judge as judge_module
    from assistant.cli import JudgeAhead, _judge_ahead

    loads = []
    load = judge_module.load_llama
    monkeypatch.setattr(judge_module, "load_llama", lambda *a: (loads.append(a), load(*a))[1])
    settings = seeds_assistant.settings.model_copy(update={"llm_reader": True})
    ahead = _judge_ahead(settings, "extractive")
    assert isinstance(ahead, JudgeAhead) and ahead.thread.name == "judge-ahead"
    bot = Assistant(settings)
    ahead.give(bot.llms)
    answers = [bot.ask(q, backend="extractive") for q in ("Berapa uang jaminan Durov?", "杜罗夫的保释金是多少？")]
    ahead.join()
    judge = bot.llms[judge_module.SHARED]
    assert judge is ahead.judge and len(loads) == 1 and judge.calls >= 2
    for answer in answers:
        assert 0.0 < answer.answerability["llm_yes"] < 1.0, answer.answerability
    assert _judge_ahead(settings, "llamacpp") is None
    assert _judge_ahead(settings.model_copy(update={"llm_reader": False}), "auto") is None
