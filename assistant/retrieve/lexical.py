"""BM25 over the analyzed terms stored with every chunk (bm25s, sparse matrices).

The terms were computed once at index time, per chunk language, and stored in Chroma, so
loading the lexical index costs no re-analysis, and a query is one sparse lookup; the index is
built once per process (and again only after the collection changes), never per query.

Building it means reading every chunk row back from Chroma (74 s at 100k chunks), so the built
index is also saved, with the chunk table (id, file, language), as a *snapshot* beside the index
(``save``/``load``): the next process loads it in well under a second. A snapshot is named by the
generation and its write stamp (``index/indexer.py`` stamps every run that changes rows), so a
changed index never meets an old snapshot.
"""
from __future__ import annotations

import json
import logging
import math
import os
import shutil
import uuid
from collections import Counter
from pathlib import Path

import numpy as np

TABLE = "chunks.json"  # ids, (file, language) of each, and the IDF of every term


class LexicalIndex:
    def __init__(self, ids: list[str], documents: list[list[str]] | None,
                 places: list[tuple[str, str]] | None = None, bm25=None, idf: dict[str, float] | None = None):
        """``documents``: the terms of each chunk (``None`` with ``bm25`` and ``idf`` from a snapshot);
        ``places``: (file, language) of each chunk."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG
        self.ids = ids
        self.places = places or []
        self.size = len(ids)
        self.bm25 = bm25 or bm25s.BM25()
        if bm25 is None and ids:
            self.bm25.index(documents, show_progress=False)
        if idf is None:
            df = Counter(term for doc in documents for term in set(doc))
            idf = {t: math.log(1 + (self.size - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self.idf = idf
        self._max_idf = math.log(1 + (self.size + 0.5) / 0.5)

    def save(self, folder: Path) -> None:
        """Write the snapshot to ``folder`` whole or not at all (another process may be writing
        the same one: the first to finish wins, the other's copy is dropped)."""
        folder = Path(folder)
        partial = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}")
        partial.mkdir(parents=True)
        try:
            if self.size:
                self.bm25.save(str(partial / "bm25"), show_progress=False)
            table = {"ids": self.ids, "places": self.places, "idf": self.idf}
            (partial / TABLE).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, folder)
        except OSError:
            if not folder.is_dir():
                raise
        finally:
            shutil.rmtree(partial, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The snapshot in ``folder``, or None when there is none (or it cannot be read)."""
        import bm25s

        folder = Path(folder)
        try:
            table = json.loads((folder / TABLE).read_text(encoding="utf-8"))
            bm25 = bm25s.BM25.load(str(folder / "bm25")) if table["ids"] else None
        except (OSError, ValueError, KeyError) as e:
            if folder.exists():
                logging.getLogger(__name__).warning("the BM25 snapshot %s cannot be read (%s): rebuilding it", folder, e)
            return None
        return cls(table["ids"], None, [tuple(p) for p in table["places"]], bm25, table["idf"])

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
