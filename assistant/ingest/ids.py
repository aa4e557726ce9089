"""Row identity: a chunk's or a sentence's id, from where it is in which file and what it says.

The same text at the same place always gets the same id, so an unchanged chunk keeps its row
across index runs, and the sentences a retrieved chunk carries name the rows their vectors are
stored in.
"""
from __future__ import annotations

import hashlib

from .read import content_hash


def row_id(source: str, start: int, end: int, text: str) -> str:
    key = f"{source}\0{start}\0{end}\0{content_hash(text)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def sentence_id(source: str, start: int, end: int, text: str) -> str:
    """A sentence row's id: ``s`` before the hex digest, so that retrieval tells sentence rows
    from chunk rows (plain hex) by id alone."""
    return "s" + row_id(source, start, end, text)


def is_sentence(row: str) -> bool:
    return row.startswith("s")
