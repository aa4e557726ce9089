"""Indexing throughput against the embedding model's own bound.

    .venv/bin/python -m benchmarks.index_throughput [--corpus seeds]

1. The bound: the e5 model alone embedding exactly the distinct texts an index run embeds
   (chunks and sentences), in the batches the indexer uses.
2. End to end: ``build_index`` into an empty temporary Chroma store with a fresh model (empty
   cache), with the time split into reading+chunking+language+terms, embedding, and writing.

Prints texts/s for both and their ratio.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from assistant import Settings
from assistant.index import indexer
from assistant.index.embeddings import E5Embedding
from assistant.index.store import Store
from assistant.ingest.read import read_corpus


def distinct_texts(settings: Settings) -> list[str]:
    files, _ = read_corpus(settings.corpus_dir)
    seen: set[str] = set()
    nodes = [n for f in files for c in indexer.chunk_file(f, settings) for n in indexer.to_nodes(c, seen)]
    return list({n.metadata["text_hash"]: n.get_content() for n in nodes}.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="seeds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(corpus_dir=Path(args.corpus), index_dir=Path(tmp) / "index")
        texts = distinct_texts(settings)  # also loads lingua and jieba, outside the timings

        bound_model = E5Embedding()
        bound_model._e5()  # load outside the timing
        started = time.perf_counter()
        for i in range(0, len(texts), bound_model.embed_batch_size):
            bound_model._e5().passage(texts[i : i + bound_model.embed_batch_size])
        bound = time.perf_counter() - started

        model = E5Embedding()
        model._e5()
        spent = {"embed": 0.0}
        embed = model.get_text_embedding_batch

        def timed_embed(batch, **kwargs):
            t = time.perf_counter()
            out = embed(batch, **kwargs)
            spent["embed"] += time.perf_counter() - t
            return out

        model.__dict__["get_text_embedding_batch"] = timed_embed
        started = time.perf_counter()
        report = indexer.build_index(settings, Store(settings), model, progress=False)
        total = time.perf_counter() - started

    rest = total - spent["embed"]
    print(f"texts embedded: {report.embedded} ({report.chunks_written} chunks, {report.sentences_written} sentences)")
    print(f"embedding model alone: {bound:.1f} s, {len(texts) / bound:.1f} texts/s")
    print(f"index end to end:      {total:.1f} s, {report.embedded / total:.1f} texts/s "
          f"(embed {spent['embed']:.1f} s, read+split+language+terms+write {rest:.1f} s)")
    print(f"end to end / bound:    {bound / total:.0%}")


if __name__ == "__main__":
    main()
