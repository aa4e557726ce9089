"""Hybrid retrieval: dense (Chroma, e5) and lexical (BM25) ranks fused, then spread over files.

Reciprocal rank fusion (Cormack et al., 2009) adds ``1 / (k + rank)`` from each ranking, so a
chunk both retrievers like rises, and neither score scale has to be calibrated against the other.
Diversification then lets at most ``max_per_source`` chunks of one file into the results before
the other files get their turn: when five articles tell one story, the one with the detail must
not be crowded out by a longer one that repeats the gist.
"""
from __future__ import annotations

import math

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores.types import VectorStoreQuery
from llama_index.vector_stores.chroma import ChromaVectorStore

from ..index.store import stored_metadata
from ..ingest.language import detect
from ..schema import Chunk, Hit
from .analysis import terms
from .lexical import LexicalIndex

RRF_K = 60


def chunk_of(chunk_id: str, text: str, metadata: dict) -> Chunk:
    return Chunk(
        chunk_id, text, metadata["source"], metadata["language"],
        int(metadata["start"]), int(metadata["end"]), metadata["file_hash"],
    )


def fuse(rankings: list[list[str]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion of several rankings of ids."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (k + rank)
    return scores


def diversify(hits: list[Hit], top_k: int, max_per_source: int) -> list[Hit]:
    """The best ``top_k`` hits, taking at most ``max_per_source`` per file while others wait."""
    chosen, waiting, per_source = [], [], {}
    for hit in hits:
        n = per_source.get(hit.chunk.source, 0)
        if n < max_per_source:
            per_source[hit.chunk.source] = n + 1
            chosen.append(hit)
        else:
            waiting.append(hit)
        if len(chosen) == top_k:
            return chosen
    return sorted(chosen + waiting[: top_k - len(chosen)], key=lambda h: -h.score)


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
            rows = list(stored_metadata(self.collection))
            self._lexical = LexicalIndex([r[0] for r in rows], [r[1]["terms"].split() for r in rows])
        return self._lexical

    def dense(self, query: str, k: int) -> list[Hit]:
        vector = self.embedding.get_query_embedding(query)
        result = self.vector_store.query(VectorStoreQuery(query_embedding=vector, similarity_top_k=k))
        hits = []
        for node, similarity in zip(result.nodes, result.similarities):
            # ChromaVectorStore reports exp(-distance); with cosine distance that is 1 - cos.
            cosine = 1.0 + math.log(max(similarity, 1e-12))
            chunk = chunk_of(node.node_id, node.get_content(), node.metadata)
            hits.append(Hit(chunk, 0.0, dense_score=cosine))
        return hits

    def bm25(self, query: str, k: int, language: str | None = None) -> list[Hit]:
        ranked = self.lexical.search(terms(query, language or detect(query)), k)
        if not ranked:
            return []
        page = self.collection.get(ids=[i for i, _ in ranked], include=["documents", "metadatas"])
        rows = {i: (d, m) for i, d, m in zip(page["ids"], page["documents"], page["metadatas"])}
        return [Hit(chunk_of(i, *rows[i]), 0.0, lexical_score=s) for i, s in ranked if i in rows]

    def hits(self, query: str, top_k: int | None = None, language: str | None = None) -> list[Hit]:
        top_k = top_k or self.top_k
        k = max(self.candidates, top_k)
        dense = self.dense(query, k) if self.mode != "lexical" else []
        lexical = self.bm25(query, k, language) if self.mode != "dense" else []
        merged: dict[str, Hit] = {h.chunk.id: h for h in lexical}
        for hit in dense:
            if hit.chunk.id in merged:
                merged[hit.chunk.id].dense_score = hit.dense_score
            else:
                merged[hit.chunk.id] = hit
        scores = fuse([[h.chunk.id for h in dense], [h.chunk.id for h in lexical]])
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
