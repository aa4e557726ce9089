"""Scale: retrieval latency, disk, memory and build time at 1k, 10k and 100k chunks.

    .venv/bin/python -m benchmarks.scale [--sizes 1000,10000,100000] [--paragraphs 40]

Embedding 100k real chunks would take hours on this machine, so the large indexes are made from
the really embedded XQuAD index of the indexing benchmark (every shared language):

- copy 0 is that index as it is; copies 1, 2, ... repeat each chunk row *and its sentence rows*
  under new ids and a new source (``copyNNN/<lang>/<p>.txt``), until the index holds N chunks;
- each copy's vectors are the originals plus Gaussian noise (``--noise`` times a random unit
  vector, renormalised: cosine about 0.96 with the original), so the vector index cannot
  collapse duplicates and every query meets near neighbours at every size;
- each copy's BM25 terms are varied: a fifth of the terms are replaced by terms drawn from the
  whole vocabulary, and one term unique to the copy is added, so the lexical index grows too.

Every size is measured in a fresh process (``--probe``): opening the index, loading BM25 and the
chunk table (once per process: built from the stored rows and saved as a snapshot the first time,
loaded from that snapshot by a second fresh process, ``restart``), the first question from opening
(``first_question_ms``), one untimed question per language (loading its analyzer), then
warm retrieval of real XQuAD questions in every language with the embedding cache emptied
before each, and resident memory.
"""
from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from .common import WORK, disk_mb, emit, ms_since, peak_rss_mb, percentiles, rss_mb, xquad_corpus

COLLECTION = "scale"
BATCH = 5000


def base_rows(paragraphs: int, languages: str | None = None) -> dict:
    """Every row of the really embedded XQuAD index (built here if the indexing benchmark has not)."""
    from assistant import Assistant, Settings
    from assistant.index.store import stored_metadata

    corpus, _ = xquad_corpus(paragraphs, languages)
    assistant = Assistant(Settings(corpus_dir=corpus, index_dir=corpus.parent / "index"))
    assistant.index()
    rows = list(stored_metadata(assistant.store.active(), include=("metadatas", "documents", "embeddings")))
    return {"ids": [r[0] for r in rows], "metadatas": [r[1] for r in rows],
            "documents": [r[2] for r in rows], "embeddings": np.array([r[3] for r in rows], np.float32)}


def copies(base: dict, chunks: int, noise: float, seed: int = 7):
    """Batches of rows (ids, metadatas, documents, embeddings) until ``chunks`` chunk rows."""
    rng = np.random.default_rng(seed)
    kinds = [m["kind"] for m in base["metadatas"]]
    per_copy = kinds.count("chunk")
    vocabulary = sorted({t for m in base["metadatas"] if m["kind"] == "chunk" for t in m["terms"].split()})
    order = sorted(range(len(kinds)), key=lambda i: kinds[i] != "chunk")  # chunks first
    for c in range(math.ceil(chunks / per_copy)):
        take = order if (c + 1) * per_copy <= chunks else _partial(base, order, chunks - c * per_copy)
        vectors = base["embeddings"][take]
        if c:
            vectors = vectors + noise * _unit(rng.standard_normal(vectors.shape, dtype=np.float32))
            vectors = _unit(vectors)
        ids, metadatas, documents = [], [], []
        for i in take:
            metadata = dict(base["metadatas"][i])
            if c:
                metadata["source"] = f"copy{c:03d}/{metadata['source']}"
                if metadata["kind"] == "chunk":
                    metadata["terms"] = _vary(metadata["terms"].split(), vocabulary, rng, f"copy{c}")
                else:
                    metadata["chunk_id"] = f"{metadata['chunk_id']}~{c}"
            ids.append(base["ids"][i] + (f"~{c}" if c else ""))
            metadatas.append(metadata)
            documents.append(base["documents"][i])
        for s in range(0, len(ids), BATCH):
            yield ids[s : s + BATCH], metadatas[s : s + BATCH], documents[s : s + BATCH], vectors[s : s + BATCH]


def _partial(base, order, n_chunks):
    """The first ``n_chunks`` chunk rows and their sentence rows."""
    chunk_ids = {base["ids"][i] for i in order[:n_chunks]}
    return [i for i in order if base["ids"][i] in chunk_ids or base["metadatas"][i].get("chunk_id") in chunk_ids]


def _unit(vectors):
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _vary(terms: list[str], vocabulary: list[str], rng, unique: str) -> str:
    swap = rng.random(len(terms)) < 0.2
    drawn = rng.integers(0, len(vocabulary), len(terms))
    return " ".join([vocabulary[d] if s else t for t, s, d in zip(terms, swap, drawn)] + [unique])


def build(base: dict, chunks: int, noise: float, path: Path) -> dict:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    shutil.rmtree(path, ignore_errors=True)
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection(COLLECTION, configuration={"hnsw": {"space": "cosine"}})
    started, rows = time.perf_counter(), 0
    for ids, metadatas, documents, vectors in copies(base, chunks, noise):
        collection.add(ids=ids, metadatas=metadatas, documents=documents, embeddings=vectors)
        rows += len(ids)
    return {"chunks": chunks, "rows": rows, "build_s": round(time.perf_counter() - started, 1),
            "disk_mb": disk_mb(path)}


def probe(path: Path, questions: list[str], warm_up: list[str]) -> dict:
    """Open the index at ``path`` in this (fresh) process and time retrieval."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from assistant.index.embeddings import E5Embedding
    from assistant.retrieve.hybrid import HybridRetriever

    embedding = E5Embedding()
    embedding.get_query_embedding("warm the model")
    started = time.perf_counter()
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    retriever = HybridRetriever(client.get_collection(COLLECTION), embedding, top_k=5, candidates=30,
                                max_per_source=1, snapshot=path / "bm25-snapshot")
    opened = ms_since(started)
    snapshot = (path / "bm25-snapshot").is_dir()  # the second probe finds what the first saved
    loading = time.perf_counter()
    _ = retriever.lexical  # BM25 and the chunk table: once per process
    bm25_load = ms_since(loading)
    retriever.hits(warm_up[0])
    first_question = ms_since(started)  # from opening the index: what a restarted server's first visitor waits
    for question in warm_up:  # each language's analyzer loads with its first question
        retriever.hits(question)
    latencies = []
    for question in questions:
        embedding._cache.clear()
        started = time.perf_counter()
        retriever.hits(question)
        latencies.append(ms_since(started))
    return {"open_ms": round(opened, 1), "bm25_load_ms": round(bm25_load, 1), "bm25_from_snapshot": snapshot,
            "first_question_ms": round(first_question, 1), "retrieve_ms": percentiles(latencies),
            "rss_mb": rss_mb(), "peak_rss_mb": peak_rss_mb()}


def sample_questions(data: dict, n: int) -> list[str]:
    """``n`` questions spread over every language and paragraph."""
    every = [q for lang in data for item in data[lang] for q in item["questions"][:1]]
    step = max(1, len(every) // n)
    return every[::step][:n]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--paragraphs", type=int, default=40, help="XQuAD paragraphs per language in the base")
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--noise", type=float, default=0.3)
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--corpus-languages", help="xquad: comma-separated (default: every shared one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    _, data = xquad_corpus(args.paragraphs, args.corpus_languages)
    questions = sample_questions(data, args.questions)
    if args.probe:
        warm_up = [data[lang][-1]["questions"][-1] for lang in data]  # not among the timed ones
        emit(probe(Path(args.probe), questions, warm_up), True)
        return
    base = base_rows(args.paragraphs, args.corpus_languages)
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        path = WORK / f"scale-{size}"
        result = build(base, size, args.noise, path)
        command = [sys.executable, "-m", "benchmarks.scale", "--probe", str(path),
                   "--paragraphs", str(args.paragraphs), "--questions", str(args.questions),
                   *(["--corpus-languages", args.corpus_languages] if args.corpus_languages else [])]
        probed = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
        result |= json.loads(probed.stdout.strip().splitlines()[-1])  # builds BM25 from the rows, saves it
        again = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)  # a restart
        restart = json.loads(again.stdout.strip().splitlines()[-1])
        result["restart"] = {k: restart[k] for k in ("bm25_load_ms", "bm25_from_snapshot", "first_question_ms")}
        print(json.dumps(result), file=sys.stderr, flush=True)
        results.append(result)
        shutil.rmtree(path, ignore_errors=True)
    base_chunks = sum(m["kind"] == "chunk" for m in base["metadatas"])
    emit({"base": {"paragraphs_per_language": args.paragraphs, "chunks": base_chunks,
                   "rows": len(base["ids"]), "noise": args.noise},
          "questions": len(questions), "sizes": results}, args.json)


if __name__ == "__main__":
    main()
