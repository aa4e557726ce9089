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

import math

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores.types import MetadataFilter, MetadataFilters, VectorStoreQuery
from llama_index.vector_stores.chroma import ChromaVectorStore

from ..index.store import stored_metadata
from ..ingest.language import detect
from ..schema import Chunk, Hit
from .analysis import terms
from .lexical import LexicalIndex

RRF_K = 60
# Fusion weights of the chunk-dense, sentence-dense and BM25 rankings. BM25 counts half: most
# questions that matter here are in another language than the passage that answers them, where
# lexical matches are mostly names. Chosen on the dev split of evals/gold/seeds.jsonl.
WEIGHTS = [1.0, 1.0, 0.5]


def chunk_of(chunk_id: str, text: str, metadata: dict) -> Chunk:
    return Chunk(
        chunk_id, text, metadata["source"], metadata["language"],
        int(metadata["start"]), int(metadata["end"]), metadata["file_hash"],
    )


def fuse(rankings: list[list[str]], weights: list[float] | None = None, k: int = RRF_K) -> dict[str, float]:
    """Weighted reciprocal rank fusion of several rankings of ids."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, chunk_id in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (k + rank)
    return scores


def diversify(hits: list[Hit], top_k: int, max_per_source: int) -> list[Hit]:
    """The best ``top_k`` hits, spread out. First pass: at most ``max_per_source`` per file and
    language, and at most half the slots (rounded up) per language; the next passes relax the
    language rule, then both, so that slots are only left empty when there are no hits."""
    per_language = -(-top_k // 2)
    chosen: list[Hit] = []

    def per_file(hit):
        return sum(1 for h in chosen if (h.chunk.source, h.chunk.language) == (hit.chunk.source, hit.chunk.language))

    def same_language(hit):
        return sum(1 for h in chosen if h.chunk.language == hit.chunk.language)

    passes = (
        lambda h: per_file(h) < max_per_source and same_language(h) < per_language,
        lambda h: per_file(h) < max_per_source,
        lambda h: True,
    )
    for fits in passes:
        for hit in hits:
            if len(chosen) == top_k:
                break
            if hit not in chosen and fits(hit):
                chosen.append(hit)
    return sorted(chosen, key=lambda h: -h.score)


class HybridRetriever(BaseRetriever):
    """A llama-index retriever over one Chroma collection; ``hits()`` gives richer results."""

    def __init__(self, collection, embedding, top_k=5, candidates=30, max_per_source=2, mode="hybrid"):
        super().__init__()
        self.collection = collection
        self.vector_store = ChromaVectorStore(chroma_collection=collection)
        self.embedding = embedding
        self.top_k, self.candidates, self.max_per_source = top_k, candidates, max_per_source
        self.mode = mode  # "hybrid", "dense" or "lexical" (the latter two for benchmarks)
        self._lexical: LexicalIndex | None = None

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            rows = list(stored_metadata(self.collection, where={"kind": "chunk"}))
            self._lexical = LexicalIndex([r[0] for r in rows], [r[1]["terms"].split() for r in rows])
        return self._lexical

    def _query(self, vector, kind: str, k: int):
        only = MetadataFilters(filters=[MetadataFilter(key="kind", value=kind)])
        query = VectorStoreQuery(query_embedding=vector, similarity_top_k=k, filters=only)
        result = self.vector_store.query(query)
        # ChromaVectorStore reports exp(-distance); with cosine distance that is 1 - cos.
        return [(n, 1.0 + math.log(max(s, 1e-12))) for n, s in zip(result.nodes, result.similarities)]

    def dense(self, query: str, k: int, vector=None) -> list[Hit]:
        vector = vector if vector is not None else self.embedding.get_query_embedding(query)
        return [
            Hit(chunk_of(node.node_id, node.get_content(), node.metadata), 0.0, dense_score=cosine)
            for node, cosine in self._query(vector, "chunk", k)
        ]

    def dense_sentences(self, query: str, k: int, vector=None) -> list[Hit]:
        """Chunks ranked by their best sentence."""
        vector = vector if vector is not None else self.embedding.get_query_embedding(query)
        best: dict[str, float] = {}
        for node, cosine in self._query(vector, "sentence", k):
            best.setdefault(node.metadata["chunk_id"], cosine)
        return [Hit(chunk, 0.0, dense_score=best[chunk.id]) for chunk in self.chunks(list(best))]

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

    def bm25(self, query: str, k: int, language: str | None = None) -> list[Hit]:
        ranked = dict(self.lexical.search(terms(query, language or detect(query)), k))
        return [Hit(c, 0.0, lexical_score=ranked[c.id]) for c in self.chunks(list(ranked))]

    def hits(self, query: str, top_k: int | None = None, language: str | None = None) -> list[Hit]:
        top_k = top_k or self.top_k
        k = max(self.candidates, top_k)
        rankings: list[list[Hit]] = []
        if self.mode != "lexical":
            vector = self.embedding.get_query_embedding(query)
            rankings += [self.dense(query, k, vector), self.dense_sentences(query, k, vector)]
        if self.mode != "dense":
            rankings.append(self.bm25(query, k, language))
        merged: dict[str, Hit] = {}
        for ranking in rankings:
            for hit in ranking:
                seen = merged.setdefault(hit.chunk.id, hit)
                seen.dense_score = max(filter(None, (seen.dense_score, hit.dense_score)), default=None)
                seen.lexical_score = seen.lexical_score or hit.lexical_score
        weights = WEIGHTS if self.mode == "hybrid" else None
        scores = fuse([[h.chunk.id for h in ranking] for ranking in rankings], weights)
        for chunk_id, hit in merged.items():
            hit.score = scores[chunk_id]
        ranked = sorted(merged.values(), key=lambda h: -h.score)
        return diversify(ranked, top_k, self.max_per_source)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [
            NodeWithScore(node=TextNode(id_=h.chunk.id, text=h.chunk.text, metadata={
                "source": h.chunk.source, "language": h.chunk.language,
                "start": h.chunk.start, "end": h.chunk.end}), score=h.score)
            for h in self.hits(query_bundle.query_str)
        ]
