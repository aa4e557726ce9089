"""Readers: one module per file format, behind one registry keyed by file suffix.

Every reader takes a file's bytes and returns a ``Document``: its extracted text and a page map.
The text is what gets chunked, embedded, stored with the index generation and cited: a
citation's quote is ``document.text[start:end]``. Pages are joined with a blank line, so a page's
text sits at fixed offsets: ``pages`` lists ``(page_number, start, end)``, 1-based; formats
without fixed pages (text, Markdown, HTML, DOCX) are page 1 throughout.

>>> doc = read_document("notes.md", b"# Port\\n\\nThe *harbour* opened in 1901.\\n", Limits())
>>> doc.text, doc.pages
('Port\\n\\nThe harbour opened in 1901.', ((1, 0, 33),))

A file whose suffix lies about its bytes (a ``.pdf`` that is text, a ``.docx`` that is not a
zip) is told by its first bytes and refused with the fix, never parsed as what it claims to be.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..read import NotText

PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Limits:
    """Bounds on what one document may cost to read (``Settings.max_pages``, ``max_unzipped_mb``)."""

    max_pages: int = 2000
    max_unzipped_bytes: int = 100_000_000

    @classmethod
    def of(cls, settings) -> Limits:
        return cls(settings.max_pages, int(settings.max_unzipped_mb * 1_000_000))


@dataclass(frozen=True)
class Document:
    text: str
    pages: tuple[tuple[int, int, int], ...]
    encoding: str = "utf-8"  # of a text file's bytes; "" for formats that carry their own

    def page_at(self, offset: int) -> int:
        return page_at(self.pages, offset)


def page_at(pages, offset: int) -> int:
    """The page holding character ``offset`` (a separator belongs to the page before it)."""
    starts = [start for _, start, _ in pages]
    i = max(bisect_right(starts, offset) - 1, 0)
    return pages[i][0] if pages else 1


def one_page(text: str, encoding: str = "") -> Document:
    return Document(text, ((1, 0, len(text)),), encoding)


def join_pages(texts: list[str]) -> Document:
    """Pages' texts joined by ``PAGE_SEPARATOR``, with the offsets of each."""
    parts, pages, offset = [], [], 0
    for number, text in enumerate(texts, start=1):
        if parts:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        parts.append(text)
        pages.append((number, offset, offset + len(text)))
        offset += len(text)
    return Document("".join(parts), tuple(pages), "")


def sniff(raw: bytes) -> str:
    """What a file's first bytes say it is: "pdf", "zip" or "other"."""
    if b"%PDF-" in raw[:1024]:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "zip"
    return "other"


KIND_NAMES = {"pdf": "a PDF", "zip": "a zip archive", "other": "text or another format"}


def wrong_kind(suffix: str, expected: str, raw: bytes) -> NotText:
    actual = sniff(raw)
    real = {"pdf": ".pdf", "zip": ".zip", "other": ".txt"}[actual]
    return NotText(f"named {suffix} but its bytes are {KIND_NAMES[actual]}, not {expected}: "
                   f"rename it (to {real} if that is what it is) or replace it with a real {suffix} file")


Reader = Callable[[bytes, Limits, str], Document]  # (bytes, limits, suffix) -> Document


def _registry() -> dict[str, Reader]:
    # imported on first use: a corpus of text files never loads pdfium or python-docx
    from . import docx, html, markdown, pdf

    return {
        ".pdf": pdf.read, ".docx": docx.read, ".docm": docx.read,
        ".html": html.read, ".htm": html.read, ".xhtml": html.read,
        ".md": markdown.read, ".markdown": markdown.read,
    }


_READERS: dict[str, Reader] = {}


def readers() -> dict[str, Reader]:
    """The registry: suffix -> reader. Any other suffix is read as text (``text.read``)."""
    if not _READERS:
        _READERS.update(_registry())
    return _READERS


def read_document(name: str, raw: bytes, limits: Limits) -> Document:
    """The ``Document`` of a file's bytes, by the reader its suffix names; raises ``NotText``."""
    from . import text

    suffix = PurePosixPath(name).suffix.lower()
    return readers().get(suffix, text.read)(raw, limits, suffix)
