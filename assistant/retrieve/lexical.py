"""BM25 over the analyzed terms stored with every chunk (bm25s, sparse matrices).

The terms were computed once at index time, per chunk language, and stored in Chroma, so
loading the lexical index costs no re-analysis, and a query is one sparse lookup; the index is
built once per process (and again only after the collection changes), never per query.
"""
from __future__ import annotations

import logging
import math
from collections import Counter

import numpy as np


class LexicalIndex:
    def __init__(self, ids: list[str], documents: list[list[str]]):
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG
        self.ids = ids
        self.bm25 = bm25s.BM25()
        self.size = len(ids)
        if ids:
            self.bm25.index(documents, show_progress=False)
        df = Counter(term for doc in documents for term in set(doc))
        self.idf = {t: math.log(1 + (self.size - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self._max_idf = math.log(1 + (self.size + 0.5) / 0.5)

    def weight(self, term: str) -> float:
        """Inverse document frequency; unseen terms weigh most."""
        return self.idf.get(term, self._max_idf)

    def search(self, query_terms: list[str], k: int) -> list[tuple[str, float]]:
        """The ``k`` best (chunk id, BM25 score) pairs with a score above zero."""
        vocab = self.bm25.vocab_dict if self.size else {}
        token_ids = [vocab[t] for t in query_terms if t in vocab]
        if not token_ids:
            return []
        scores = self.bm25.get_scores_from_ids(token_ids)
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
