"""DOCX: paragraphs and tables in document order, with python-docx. One page (Word lays pages out
only when it prints; a DOCX stores no page numbers).

Before python-docx opens it, the zip's directory is checked: the sizes it declares must stay
under ``Limits.max_unzipped_bytes`` (a decompression bomb unzips to gigabytes; Python's zipfile
inflates no member past its declared size).
A document with macros (``.docm``, or a ``vbaProject.bin`` inside) is skipped: its macros are
never run by this reader, but a macro-bearing file is the usual carrier of malware, and saving
it as a plain ``.docx`` is a one-step fix that its owner can make knowingly.
"""
from __future__ import annotations

import io
import re
import zipfile

from ..read import NotText
from . import Document, Limits, one_page, sniff, wrong_kind

_SPACES = re.compile(r"[ \t\u00a0]+")


def read(raw: bytes, limits: Limits, suffix: str) -> Document:
    if sniff(raw) != "zip":
        raise wrong_kind(suffix, "a Word document (a zip archive)", raw)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotText("damaged Word document (not a readable zip): replace it with a complete copy") from None
    names = {i.filename.lower() for i in infos}
    if suffix == ".docm" or any(n.endswith("vbaproject.bin") for n in names):
        raise NotText("a Word document with macros (never run): save it as a .docx without macros "
                      "(Word: File > Save As > Word Document) to index its text")
    unzipped = sum(i.file_size for i in infos)
    if unzipped > limits.max_unzipped_bytes:
        raise NotText(f"unzips to {unzipped / 1e6:,.0f} MB, more than the limit of "
                      f"{limits.max_unzipped_bytes / 1e6:g} MB (a decompression bomb?): "
                      "raise ASSISTANT_MAX_UNZIPPED_MB if the file is genuine")
    if "word/document.xml" not in names:
        raise NotText("a zip archive, not a Word document: rename it to .zip or replace it")
    # the declared sizes bound what is inflated: Python's zipfile stops each member at its declared
    # size (and fails its CRC check) however much its deflate stream would give
    return one_page(_text(raw))


def _text(raw: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors... for broken parts
        raise NotText(f"damaged Word document ({e.__class__.__name__}): open and save it again in Word") from None
    blocks = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(_clean(Paragraph(element, document).text))
        elif tag == "tbl":
            blocks += _table(Table(element, document))
    return "\n\n".join(b for b in blocks if b)


def _table(table) -> list[str]:
    """One line per row, cells joined by " | " (a merged cell counted once)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(_clean(" ".join(p.text for p in cell.paragraphs)))
        rows.append(" | ".join(c for c in cells if c))
    return ["\n".join(r for r in rows if r)]


def _clean(text: str) -> str:
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines()).strip()
