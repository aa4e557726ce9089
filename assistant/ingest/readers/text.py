"""Plain text files, in UTF-8, UTF-16 with a byte-order mark, or a legacy encoding told from its
bytes (``ingest/read.py``: ``decode``). One page."""
from __future__ import annotations

from ..read import NotText, decode
from . import Document, Limits, one_page


def read(raw: bytes, limits: Limits, suffix: str) -> Document:
    if raw.startswith(b"%PDF-"):  # not sniff(): a text may quote "%PDF-" in its first lines
        raise NotText("a PDF under another name: rename it to .pdf")
    text, encoding = decode(raw)
    return one_page(text, encoding)
