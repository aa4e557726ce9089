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
``cross-lingual recall@5`` counts only golds in another language than the question, and
``hit@5 any language`` = share of questions with at least one gold in the top 5.
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
    """Recall and latency of ``search(question) -> sources`` (paths relative to the corpus)."""
    found = cross_found = cross_total = any_hit = 0
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
        cross = {g for g in golds if not g.startswith(f"{ql}/")}
        cross_found += len(cross & hits)
        cross_total += len(cross)
    n = len(questions)
    return {"recall@5": round(found / (n * len(corpus_languages)), 3),
            "cross_lingual_recall@5": round(cross_found / cross_total, 3),
            "hit@5_any_language": round(any_hit / n, 3), "latency_ms": percentiles(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=40)
    parser.add_argument("--languages", default=",".join(XQUAD_LANGUAGES), help="question languages")
    parser.add_argument("--corpus-languages", help="xquad: comma-separated (default: every shared one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    corpus, data = xquad_corpus(args.paragraphs, args.corpus_languages)
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
        "corpus_languages": list(data), "question_languages": languages, "questions": len(questions),
        "naive": result_naive | {"index_build_s": round(naive_build_s, 1)},
        "ours": result_ours,
        "ratios_ours_over_naive": {
            "recall@5": round(result_ours["recall@5"] / max(result_naive["recall@5"], 1e-9), 2),
            "cross_lingual_recall@5": round(result_ours["cross_lingual_recall@5"]
                                            / max(result_naive["cross_lingual_recall@5"], 1e-9), 2),
            "latency_p50": round(result_ours["latency_ms"]["p50"] / result_naive["latency_ms"]["p50"], 2),
        },
    }, args.json)


if __name__ == "__main__":
    main()
