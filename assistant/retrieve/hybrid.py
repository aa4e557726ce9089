"""Hybrid retrieval: three rankings of chunks fused, then spread over files.

1. dense over chunk vectors (Chroma, e5),
2. dense over sentence vectors, each sentence voting for its chunk (finds a detail that the chunk
   vector dilutes, most of all when question and passage are in different languages),
3. BM25 over per-language terms.

Reciprocal rank fusion (Cormack et al., 2009) adds ``1 / (k + rank)`` from each ranking, so a
chunk both retrievers like rises, and neither score scale has to be calibrated against the other.
Diversification then lets at most ``max_per_source`` chunks of one file (and language: the
Chinese posts at the end of an English file count apart), and at most half the slots per
language, into the results before the others get their turn: when one story is told in several
articles and languages, the one with the detail must not be crowded out by others that repeat
the gist in the question's language (multilingual embeddings favour the same language).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from ..index.rows import CHUNK, chunk_of
from ..index.store import stored_metadata
from ..ingest.analysis import terms
from ..ingest.ids import is_sentence, sentence_id
from ..ingest.language import detect
from ..ingest.split import sentences as split_sentences
from ..schema import Chunk, Hit, Sentence
from .lexical import LexicalIndex

RRF_K = 60
# How many nearest rows (chunks and sentences together) one vector query reads per candidate
# wanted: sentences outnumber chunks 4-7 to 1, and the fused ranking needs ~30 of each.
DENSE_POOL = 8
# Fusion weights of the chunk-dense, sentence-dense and BM25 rankings. BM25 counts half: most
# questions that matter here are in another language than the passage that answers them, where
# lexical matches are mostly names. Chosen on the dev split of evals/gold/seeds.jsonl.
WEIGHTS = [1.0, 1.0, 0.5]


def fuse(rankings: list[list[str]], weights: list[float] | None = None, k: int = RRF_K) -> dict[str, float]:
    """Weighted reciprocal rank fusion of several rankings of ids."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, chunk_id in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (k + rank)
    return scores


def diversify(ranked: list[str], place: dict[str, tuple[str, str]], top_k: int, max_per_source: int) -> list[str]:
    """The best ``top_k`` of ``ranked`` ids, spread out; ``place[id]`` is (file, language). First
    pass: at most ``max_per_source`` per file and language, and at most half the slots (rounded
    up) per language; the next passes relax the language rule, then both, so that slots are only
    left empty when there are no hits."""
    per_language = -(-top_k // 2)
    chosen: list[str] = []
    files: dict[tuple[str, str], int] = {}
    languages: dict[str, int] = {}
    passes = (
        lambda at: files.get(at, 0) < max_per_source and languages.get(at[1], 0) < per_language,
        lambda at: files.get(at, 0) < max_per_source,
        lambda at: True,
    )
    for fits in passes:
        for chunk_id in ranked:
            if len(chosen) == top_k:
                break
            at = place[chunk_id]
            if chunk_id not in chosen and fits(at):
                chosen.append(chunk_id)
                files[at] = files.get(at, 0) + 1
                languages[at[1]] = languages.get(at[1], 0) + 1
    return sorted(chosen, key=ranked.index)


class HybridRetriever(BaseRetriever):
    """A llama-index retriever over one Chroma collection; ``hits()`` gives richer results.

    The hot path asks Chroma for ids and distances only, and reads texts for the final ``top_k``
    alone: fetching documents and metadata for every candidate (as ``ChromaVectorStore.query``
    does) cost more than the vector search itself. Where each chunk comes from (file, language)
    is held in memory with the BM25 index, loaded once per process from the stored rows.
    """

    def __init__(self, collection, embedding, top_k=5, candidates=30, max_per_source=2, mode="hybrid",
                 snapshot: Path | None = None):
        """``snapshot``: the folder of this collection's saved BM25 index (``lexical.py``), loaded
        instead of reading every chunk row back, and written when missing."""
        super().__init__()
        self.collection = collection
        self.snapshot = snapshot
        self.embedding = embedding
        self.top_k, self.candidates, self.max_per_source = top_k, candidates, max_per_source
        self.mode = mode  # "hybrid", "dense" or "lexical" (the latter two for benchmarks)
        self._lexical: LexicalIndex | None = None
        self._place: dict[str, tuple[str, str]] = {}

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            index = LexicalIndex.load(self.snapshot) if self.snapshot else None
            if index is None:
                rows = list(stored_metadata(self.collection, where={"kind": CHUNK}))
                index = LexicalIndex([r[0] for r in rows], [r[1]["terms"].split() for r in rows],
                                     [(m["source"], m["language"]) for _, m in rows])
                if self.snapshot:
                    shutil.rmtree(self.snapshot, ignore_errors=True)  # one that could not be read
                    index.save(self.snapshot)
                    for old in self.snapshot.parent.iterdir():  # other generations and write stamps
                        if old.name != self.snapshot.name and not old.name.startswith("."):
                            shutil.rmtree(old, ignore_errors=True)
            self._place = dict(zip(index.ids, index.places))
            self._lexical = index
        return self._lexical

    def place(self, ids) -> dict[str, tuple[str, str]]:
        """(file, language) of each chunk id; reloads once if another process added chunks."""
        _ = self.lexical  # loads the chunk table
        if any(i not in self._place for i in ids):
            self._lexical, self.snapshot = None, None  # the snapshot is of the index before that
            _ = self.lexical
        return self._place

    def dense(self, vector, k: int) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """Two rankings of (chunk id, cosine) from one vector query: chunks by their own vector,
        and chunks by their best sentence (among the ``k`` nearest sentences).

        The query has no metadata filter and asks for ids and distances only. With a filter on
        the row kind, Chroma checked every row of that kind (at 10k chunks 143 ms for chunks and
        375 ms for sentences); fetching metadata of every row found cost up to 40 ms at seeds
        size. Unfiltered, the nearest ``DENSE_POOL * k`` rows of both kinds are told apart by id,
        and only the ``k`` nearest sentences are looked up for their chunk."""
        found = self.collection.query(query_embeddings=[vector], n_results=DENSE_POOL * k, include=["distances"])
        rows = list(zip(found["ids"][0], found["distances"][0]))
        by_chunk = [(row, 1.0 - d) for row, d in rows if not is_sentence(row)][:k]
        sentences = [(row, 1.0 - d) for row, d in rows if is_sentence(row)][:k]
        page = self.collection.get(ids=[row for row, _ in sentences], include=["metadatas"]) if sentences else None
        chunk_of_sentence = dict(zip(page["ids"], (m["chunk_id"] for m in page["metadatas"]))) if page else {}
        by_sentence: dict[str, float] = {}
        for row, cosine in sentences:
            if row in chunk_of_sentence:
                by_sentence.setdefault(chunk_of_sentence[row], cosine)
        return by_chunk, list(by_sentence.items())

    def lexical_ranking(self, query: str, k: int, language: str | None = None) -> list[tuple[str, float]]:
        return self.lexical.search(terms(query, language or detect(query)), k)

    def bm25(self, query: str, k: int, language: str | None = None) -> list[Hit]:
        ranked = dict(self.lexical_ranking(query, k, language))
        return [Hit(c, 0.0, lexical_score=ranked[c.id]) for c in self.chunks(list(ranked))]

    def chunks(self, ids: list[str]) -> list[Chunk]:
        """The chunks with these ids, in this order."""
        if not ids:
            return []
        page = self.collection.get(ids=ids, include=["documents", "metadatas"])
        rows = {i: chunk_of(i, d, m) for i, d, m in zip(page["ids"], page["documents"], page["metadatas"])}
        return [rows[i] for i in ids if i in rows]

    def stored_vectors(self, ids: list[str]) -> dict[str, list[float]]:
        page = self.collection.get(ids=ids, include=["embeddings"])
        return dict(zip(page["ids"], page["embeddings"]))

    def with_sentences(self, hits: list[Hit]) -> list[Hit]:
        """The hits, each carrying its chunk's sentences as indexing stored them: row id, offsets
        in the file and vector (one Chroma read for all), so that answering re-splits and embeds
        nothing but the question. A sentence with no stored vector (an index written by an
        older version) keeps ``vector=None``."""
        for hit in hits:
            c = hit.chunk
            hit.sentences = [
                Sentence(sentence_id(c.source, c.start + s.start, c.start + s.end, s.text),
                         c.start + s.start, c.start + s.end, s.text, s.tokens)
                for s in split_sentences(c.text)
            ]
        ids = list(dict.fromkeys(s.id for hit in hits for s in hit.sentences))
        vectors = self.stored_vectors(ids) if ids else {}
        for hit in hits:
            for s in hit.sentences:
                s.vector = vectors.get(s.id)
        return hits

    def hits(self, query: str, top_k: int | None = None, language: str | None = None) -> list[Hit]:
        top_k = top_k or self.top_k
        k = max(self.candidates, top_k)
        dense, lexical = [], []
        if self.mode != "lexical":
            dense = list(self.dense(self.embedding.get_query_embedding(query), k))
        if self.mode != "dense":
            lexical = [self.lexical_ranking(query, k, language)]
        rankings = dense + lexical
        weights = WEIGHTS if self.mode == "hybrid" else None
        scores = fuse([[i for i, _ in ranking] for ranking in rankings], weights)
        ranked = sorted(scores, key=lambda i: -scores[i])
        chosen = diversify(ranked, self.place(ranked), top_k, self.max_per_source)
        cosine, bm25 = _best(dense), _best(lexical)
        return [
            Hit(chunk, scores[chunk.id], cosine.get(chunk.id), bm25.get(chunk.id))
            for chunk in self.chunks(chosen)
        ]

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [
            NodeWithScore(node=TextNode(id_=h.chunk.id, text=h.chunk.text, metadata={
                "source": h.chunk.source, "language": h.chunk.language,
                "start": h.chunk.start, "end": h.chunk.end}), score=h.score)
            for h in self.hits(query_bundle.query_str)
        ]


def _best(rankings: list[list[tuple[str, float]]]) -> dict[str, float]:
    """Each id's highest score over these rankings."""
    best: dict[str, float] = {}
    for ranking in rankings:
        for chunk_id, score in ranking:
            best[chunk_id] = max(score, best.get(chunk_id, score))
    return best
