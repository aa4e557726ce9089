"""Indexing: throughput, time per stage, peak memory, and the embedding model's own bound.

    .venv/bin/python -m benchmarks.indexing --corpus seeds
    .venv/bin/python -m benchmarks.indexing --corpus xquad --paragraphs 40

1. The bound: the e5 model alone embedding exactly the distinct texts an index run embeds
   (chunks and sentences), in the indexer's batches.
2. End to end: ``Assistant.index`` into an empty index with an empty embedding cache; the time
   per stage comes from the indexer's own report (read, split = sentences + chunks + language +
   BM25 terms, embed, write = Chroma), plus loading BM25 for the first question.
3. Again, nothing changed: how long a no-op run takes and how many texts it embeds (must be 0).

Peak memory is this process's; run it alone for a number of its own (``python -m benchmarks``
does). For XQuAD the index is kept in ``benchmarks/work/`` for the scale and side-by-side
sections.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from assistant import Assistant, Settings
from assistant.index import indexer, rows
from assistant.index.embeddings import E5Embedding
from assistant.ingest.read import read_corpus

from .common import ROOT, emit, peak_rss_mb, xquad_corpus


def distinct_texts(settings: Settings) -> list[str]:
    files, _ = read_corpus(settings.corpus_dir)
    seen: set[str] = set()
    nodes = [n for f in files for c in indexer.chunk_file(f, settings) for n in rows.to_nodes(c, seen)]
    return list({n.metadata["text_hash"]: n.get_content() for n in nodes}.values())


def bound(texts: list[str]) -> float:
    """Seconds the embedding model alone needs for these texts."""
    model = E5Embedding()
    e5 = model._e5()
    e5.passage(["load and warm"])
    started = time.perf_counter()
    for i in range(0, len(texts), model.embed_batch_size):
        e5.passage(texts[i : i + model.embed_batch_size])
    return time.perf_counter() - started


def measure(corpus: Path, index_dir: Path) -> dict:
    shutil.rmtree(index_dir, ignore_errors=True)
    settings = Settings(corpus_dir=corpus, index_dir=index_dir)
    texts = distinct_texts(settings)  # also loads lingua and jieba, outside the timings
    bound_s = bound(texts)

    assistant = Assistant(settings)  # a new embedding cache: nothing is known yet
    assistant.embedding._e5().passage(["load"])
    report = assistant.index()
    started = time.perf_counter()
    _ = assistant.retriever.lexical  # BM25 is built once, when the first question comes
    bm25_s = time.perf_counter() - started
    again = assistant.index()
    chunks = report.chunks_written
    return {
        "corpus": str(corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus),
        "files": report.files,
        "chunks": chunks,
        "sentences": report.sentences_written,
        "texts_embedded": report.embedded,
        "seconds": round(report.seconds, 2),
        "stages_s": {k: round(v, 2) for k, v in report.timings.items()} | {"bm25_load": round(bm25_s, 2)},
        "chunks_per_s": round(chunks / report.seconds, 2),
        "texts_per_s": round(report.embedded / report.seconds, 2),
        "bound_s": round(bound_s, 2),
        "bound_texts_per_s": round(len(texts) / bound_s, 2),
        "share_of_bound": round(bound_s / report.seconds, 3),
        "noop_rerun_s": round(again.seconds, 2),
        "noop_rerun_embedded": again.embedded,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", choices=["seeds", "xquad"], default="seeds")
    parser.add_argument("--paragraphs", type=int, default=40, help="xquad: paragraphs per language")
    parser.add_argument("--corpus-languages", help="xquad: comma-separated (default: every shared one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.corpus == "seeds":
        with tempfile.TemporaryDirectory() as tmp:
            result = measure(ROOT / "seeds", Path(tmp) / "index")
    else:
        corpus, _ = xquad_corpus(args.paragraphs, args.corpus_languages)
        result = measure(corpus, corpus.parent / "index")
        result["languages"] = sorted(p.name for p in corpus.iterdir())
    emit(result, args.json)


if __name__ == "__main__":
    main()
