"""Answering, warm: latency of retrieval, of the extractive answer, and of llama.cpp generation.

    .venv/bin/python -m benchmarks.answering [--repeat 2] [--llm-questions 5]

Over the 96 questions of ``evals/gold/seeds.jsonl`` (four languages) on the seeds index. The
embedding cache is emptied before every timed call, so each call embeds its question as a new
one would. For ``llamacpp`` (the bundled SmolLM2-135M), on the first ``--llm-questions``:

- time to first token and tokens per second of the model itself, on the exact answer prompt;
- time to the first verified sentence the user sees, and the whole answer, through ``stream``.
llama.cpp's cache of the previous prompt is cleared before each, so every run reads its whole
prompt (a running server reuses the shared system-prompt prefix and does a little better).
"""
from __future__ import annotations

import argparse
import time

from assistant import Assistant, Settings
from assistant.answer import backends
from assistant.answer.prompt import answer_messages
from assistant.ingest.language import detect

from .common import ROOT, emit, ms_since, peak_rss_mb, percentiles, seeds_questions, warm_up_questions


def timed(assistant: Assistant, call) -> float:
    assistant.embedding._cache.clear()
    started = time.perf_counter()
    call()
    return ms_since(started)


def llm_numbers(assistant: Assistant, questions: list[str]) -> dict:
    llm = backends.llm_for("llamacpp", assistant)
    ttft, rates, first_sentence, total = [], [], [], []
    for question in questions:
        hits = assistant.retrieve(question)
        messages = answer_messages(question, detect(question), hits)
        llm._model().reset()  # llama.cpp would reuse the prompt it saw last: start each run cold
        started = time.perf_counter()
        first, tokens = None, 0
        for _ in llm.stream_chat(messages):
            tokens += 1  # llama.cpp streams one token per delta
            first = first or time.perf_counter()
        ttft.append(round((first - started) * 1000, 1))
        rates.append(round((tokens - 1) / (time.perf_counter() - first), 1) if tokens > 1 else 0.0)

        llm._model().reset()
        started, seen = time.perf_counter(), None
        for piece in assistant.stream(question, backend="llamacpp"):
            if isinstance(piece, str) and seen is None:
                seen = ms_since(started)
        total.append(ms_since(started))
        first_sentence.append(seen if seen is not None else total[-1])
    return {
        "model": llm.metadata.model_name,
        "ttft_ms": percentiles(ttft),
        "tokens_per_s": percentiles(rates),
        "first_verified_sentence_ms": percentiles(first_sentence),
        "answer_ms": percentiles(total),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", default=str(ROOT / "index"))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--llm-questions", type=int, default=5)
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
            retrieve.append(timed(assistant, lambda: assistant.retrieve(q)))
            extractive.append(timed(assistant, lambda: assistant.ask(q, backend="extractive")))
    result = {
        "questions": len(questions),
        "retrieve_ms": percentiles(retrieve),
        "extractive_ms": percentiles(extractive),
        "query_embedding_ms": percentiles([timed(assistant, lambda: assistant.embedding.get_query_embedding(q))
                                           for q in questions]),
    }
    if args.llm_questions and backends.available("llamacpp", assistant):
        result["llamacpp"] = llm_numbers(assistant, questions[: args.llm_questions])
    result["peak_rss_mb"] = peak_rss_mb()
    emit(result, args.json)


if __name__ == "__main__":
    main()
