"""Side by side: the pipeline a user writes first, and this project's retrieval, same questions.

    .venv/bin/python -m benchmarks.naive [--paragraphs 40] [--languages en,zh,de]

The naive pipeline is llama-index's getting-started code with the same embedding model:
``SimpleDirectoryReader`` over the same XQuAD corpus, ``VectorStoreIndex.from_documents`` into a
``ChromaVectorStore`` with default settings (``SentenceSplitter``, 1,024-token chunks), and
``index.as_retriever(similarity_top_k=5)``. Ours is ``Assistant.retrieve`` (top 5) over the
index the indexing benchmark built from the same files.

Questions: every question of the first ``--paragraphs`` paragraphs, asked in each of
``--languages``; the corpus holds the same paragraphs in every shared language. A question's
gold is its paragraph in each corpus language; ``recall@5`` = found golds / all golds,
hit rates are defined in ``score``. The questions are those of the test articles (24-47) unless
``--split dev``.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from assistant import Assistant, Settings
from assistant.index.embeddings import E5Embedding

from .common import XQUAD_LANGUAGES, emit, ms_since, percentiles, xquad_corpus


def naive_retriever(corpus: Path, path: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    documents = SimpleDirectoryReader(str(corpus), recursive=True).load_data()
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.create_collection("naive"))
    index = VectorStoreIndex.from_documents(
        documents, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=E5Embedding()
    )
    return index.as_retriever(similarity_top_k=5)


def score(search, embedding, questions, corpus_languages) -> dict:
    """Hit rates and latency of ``search(question) -> sources`` (paths relative to the corpus).

    A question has one gold file per corpus language (its paragraph's translations): ``hit@5 any``
    finds at least one, ``same-language`` finds the one in the question's language, and
    ``cross-language`` finds at least one in another language. ``recall@5`` (found / all golds)
    is kept for comparison with older runs; it rewards finding many translations at once."""
    found = any_hit = same_hit = cross_hit = 0
    latencies = []
    for ql, p, question in questions:
        embedding._cache.clear()
        started = time.perf_counter()
        sources = search(question)
        latencies.append(ms_since(started))
        golds = {f"{pl}/{p:04d}.txt" for pl in corpus_languages}
        hits = golds & set(sources)
        found += len(hits)
        any_hit += bool(hits)
        same_hit += f"{ql}/{p:04d}.txt" in hits
        cross_hit += any(not h.startswith(f"{ql}/") for h in hits)
    n = len(questions)
    return {"hit@5_any_language": round(any_hit / n, 3), "hit@5_same_language": round(same_hit / n, 3),
            "hit@5_cross_language": round(cross_hit / n, 3),
            "recall@5": round(found / (n * len(corpus_languages)), 3), "latency_ms": percentiles(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=40)
    parser.add_argument("--languages", default=",".join(XQUAD_LANGUAGES), help="question languages")
    parser.add_argument("--corpus-languages", help="xquad: comma-separated (default: every shared one)")
    parser.add_argument("--split", default="test", choices=["dev", "test"], help="XQuAD articles 0-23 or 24-47")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    corpus, data = xquad_corpus(args.paragraphs, args.corpus_languages, args.split)
    languages = args.languages.split(",")
    questions = [(ql, p, q) for ql in languages for p, item in enumerate(data[ql]) for q in item["questions"]]

    ours = Assistant(Settings(corpus_dir=corpus, index_dir=corpus.parent / "index"))
    ours.index()  # a no-op after the indexing benchmark
    ours.retrieve("warm")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        naive = naive_retriever(corpus, Path(tmp))
        naive_build_s = time.perf_counter() - started
        naive.retrieve("warm")

        def naive_search(question):
            return [str(Path(n.metadata["file_path"]).relative_to(corpus)) for n in naive.retrieve(question)]

        result_naive = score(naive_search, naive._embed_model, questions, list(data))
    result_ours = score(lambda q: [h.chunk.source for h in ours.retrieve(q, top_k=5)], ours.embedding,
                        questions, list(data))
    emit({
        "split": args.split, "corpus_languages": list(data), "question_languages": languages, "questions": len(questions),
        "naive": result_naive | {"index_build_s": round(naive_build_s, 1)},
        "ours": result_ours,
        "ratios_ours_over_naive": {
            **{k: round(result_ours[k] / max(result_naive[k], 1e-9), 2) for k in
               ("hit@5_any_language", "hit@5_same_language", "hit@5_cross_language", "recall@5")},
            "latency_p50": round(result_ours["latency_ms"]["p50"] / result_naive["latency_ms"]["p50"], 2),
        },
    }, args.json)


if __name__ == "__main__":
    main()
