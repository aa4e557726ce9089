"""Answering, warm: latency of retrieval, of the extractive answer, and of llama.cpp generation.

    .venv/bin/python -m benchmarks.answering [--repeat 2] [--llm-questions 5]

Over the questions of ``evals/gold/seeds.jsonl`` (four languages) on the seeds index. The
embedding cache is emptied before every timed call, so each call embeds its question as a new
one would. For ``llamacpp`` (the bundled Qwen2.5-Coder-1.5B), on the first ``--llm-questions`` of
the test split: see ``llm_numbers``.
"""
from __future__ import annotations

import argparse
import time

from assistant import Assistant, Settings
from assistant.answer import backends
from assistant.ingest.language import detect

from .common import ROOT, emit, ms_since, peak_rss_mb, percentiles, seeds_questions, warm_up_questions


def timed(assistant: Assistant, call) -> float:
    assistant.embedding._cache.clear()
    started = time.perf_counter()
    call()
    return ms_since(started)


def llm_numbers(assistant: Assistant, questions: list[str]) -> dict:
    """The bundled model: join check and load apart; per question, the first verified sentence and
    whole answer the user gets through ``stream``, then the model's own time to first token and
    rate on the exact prompt. Both start from the state a running assistant has: llama.cpp holds
    the previous question's prompt, so the rules and what else the two prompts share at their
    start are not evaluated again (``ttft_cold_ms``: the same prompt from an empty context)."""
    from assistant.answer.bundled import bundled_qwen
    from assistant.answer.generate import Generative

    started = time.perf_counter()
    path = assistant.settings.gguf_path or bundled_qwen(assistant.settings.model_dir)
    join_check_ms = ms_since(started)
    llm = backends.llm_for("llamacpp", assistant.answer_context())
    started = time.perf_counter()
    llm._model()
    load_ms = ms_since(started)
    generative = Generative(assistant.answer_context(), "llamacpp", llm)
    ttft, cold, rates, prompt_tokens, first_sentence, total = [], [], [], [], [], []
    previous = None
    for question in questions:
        # the user's path first, llama.cpp holding what the question before left
        started, seen = time.perf_counter(), None
        for piece in assistant.stream(question, backend="llamacpp"):
            if isinstance(piece, str) and seen is None:
                seen = ms_since(started)
        total.append(ms_since(started))
        first_sentence.append(seen if seen is not None else total[-1])

        # then the model alone on the same prompt: from an empty context, then from the state the
        # previous question's prompt left (the stream above left this very prompt evaluated)
        language = detect(question)
        messages = generative.messages(question, language, assistant.retrieve(question))
        prompt_tokens.append(len(llm._model().tokenize(
            "".join(m.content for m in messages).encode(), add_bos=False)))
        for start in ("cold", "warm"):
            llm._model().reset()
            if start == "warm" and previous:
                stream = llm.stream_chat(previous)  # untimed: the state a running assistant has
                next(stream, None)
                stream.close()
            started, first, tokens = time.perf_counter(), None, 0
            for _ in llm.stream_chat(messages):
                tokens += 1  # llama.cpp streams one token per delta
                first = first or time.perf_counter()
            (cold if start == "cold" else ttft).append(round((first - started) * 1000, 1))
        rates.append(round((tokens - 1) / (time.perf_counter() - first), 1) if tokens > 1 else 0.0)
        previous = messages
    return {
        "model": llm.metadata.model_name, "model_file": str(path),
        "join_check_ms": round(join_check_ms, 1), "load_ms": round(load_ms, 1),
        "prompt_tokens": percentiles(prompt_tokens),
        "ttft_ms": percentiles(ttft), "ttft_cold_ms": percentiles(cold),
        "tokens_per_s": percentiles(rates),
        "first_verified_sentence_ms": percentiles(first_sentence),
        "answer_ms": percentiles(total),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", default=str(ROOT / "index"))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--llm-questions", type=int, default=20, help="test-split gold questions for llamacpp")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    assistant = Assistant(Settings(corpus_dir=ROOT / "seeds", index_dir=args.index_dir))
    assistant.index()  # a no-op when the index is up to date
    questions = seeds_questions()[: args.limit]
    for warm in warm_up_questions():  # models, BM25 and each language's analyzer loaded
        assistant.ask(warm, backend="extractive")
    retrieve, extractive = [], []
    for _ in range(args.repeat):
        for q in questions:
            retrieve.append(timed(assistant, lambda q=q: assistant.retrieve(q)))
            extractive.append(timed(assistant, lambda q=q: assistant.ask(q, backend="extractive")))
    result = {
        "questions": len(questions),
        "retrieve_ms": percentiles(retrieve),
        "extractive_ms": percentiles(extractive),
        "query_embedding_ms": percentiles([timed(assistant, lambda q=q: assistant.embedding.get_query_embedding(q))
                                           for q in questions]),
    }
    if args.llm_questions and backends.available("llamacpp", assistant.answer_context()):
        result["llamacpp"] = llm_numbers(assistant, seeds_questions("test")[: args.llm_questions])
    result["peak_rss_mb"] = peak_rss_mb()
    emit(result, args.json)


if __name__ == "__main__":
    main()
