"""PDF: the text layer, page by page, with pypdfium2 (PDFium, the PDF engine of Chromium).

PDFium was chosen over pypdf for its speed, its text extraction (CID-font Chinese comes out
exact), and because it also gives character boxes and renders pages, which highlighting a cited
span on the page (``pdf_page.py``) and OCR need. Nothing in a PDF is executed: only the text
layer is read (no form environment is initialised, so PDFium runs no document JavaScript).

A page without a text layer (a scan) is read by Tesseract when it is installed (``ocr.py``);
otherwise a PDF with no text at all is skipped with a warning naming the install command, and a
PDF with some scanned pages is indexed without them, with a warning.
"""
from __future__ import annotations

import logging
import re

from ..read import NotText
from . import Document, Limits, join_pages, sniff, wrong_kind

log = logging.getLogger(__name__)
PASSWORD, DAMAGED = 4, 3  # PDFium error codes (FPDF_ERR_PASSWORD, FPDF_ERR_FORMAT)
# PDFium marks soft hyphens and line ends with control characters; they are not text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def read(raw: bytes, limits: Limits, suffix: str) -> Document:
    import pypdfium2 as pdfium

    if sniff(raw) != "pdf":
        raise wrong_kind(suffix, "a PDF", raw)
    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == PASSWORD:
            raise NotText("password-protected PDF: remove the password "
                          "(`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and index the copy") from None
        raise NotText("damaged or truncated PDF (PDFium cannot open it): "
                      "replace it with a complete copy, or repair it with `qpdf in.pdf out.pdf`") from None
    try:
        if len(pdf) > limits.max_pages:
            raise NotText(f"{len(pdf):,} pages, more than the limit of {limits.max_pages:,}: "
                          "split it, or raise ASSISTANT_MAX_PAGES to index it")
        texts = [_page_text(pdf, i) for i in range(len(pdf))]
        scanned = [i for i, t in enumerate(texts) if not t.strip()]
        unread = _ocr(pdf, scanned, texts)
    except pdfium.PdfiumError:
        raise NotText("damaged PDF (a page cannot be read): replace it with a complete copy, "
                      "or repair it with `qpdf in.pdf out.pdf`") from None
    finally:
        pdf.close()
    if not any(t.strip() for t in texts):
        raise NotText(f"a PDF without a text layer (a scan?): {unread or 'OCR found no text in it'}; "
                      "or OCR it first, e.g. `ocrmypdf in.pdf out.pdf`")
    if unread:
        log.warning("%d scanned page(s) of a PDF left out: %s", len(scanned), unread)
    return join_pages(texts)


def _ocr(pdf, pages: list[int], texts: list[str]) -> str:
    """Fill in the texts of scanned pages by OCR; why they stay empty ("" when they were read)."""
    from .ocr import OcrUnavailable, ocr_page

    for i in pages:
        page = pdf[i]
        try:
            texts[i] = _tidy(ocr_page(page))
        except OcrUnavailable as e:
            return str(e)
        finally:
            page.close()
    return ""


# A line that ends near the right margin and not at the end of a sentence was wrapped there: it
# goes on in the next line. Joined again, or the splitter would cut the sentence at the wrap and a
# citation would quote half of it ("doit se présenter" without "deux fois par semaine").
WRAPPED = 0.6  # of the page's widest line
_SENTENCE_END = re.compile(r"[.!?。！？:：;；…]['\"’”»)）]*$")
_CJK_CHAR = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _width(line: str) -> int:
    """A line's width in Latin characters (a CJK character is about two)."""
    return len(line) + len(_CJK_CHAR.findall(line))


def _unwrap(text: str) -> str:
    """Wrapped lines joined into their sentences; short lines (titles, list items, table rows)
    and lines that end a sentence stay lines. Joined with a space, or with nothing between CJK
    characters or after a hyphen."""
    lines = text.split("\n")
    widest = max(map(_width, lines), default=0)
    out: list[str] = []
    wrapped = False  # the line before ended at the margin, mid-sentence
    for line in lines:
        if wrapped and line.strip():
            before = out[-1].rstrip()
            tight = before.endswith("-") or (_CJK_CHAR.match(before[-1:]) and _CJK_CHAR.match(line.lstrip()[:1]))
            out[-1] = before + ("" if tight else " ") + line.lstrip()
        else:
            out.append(line)
        line = line.rstrip()
        wrapped = bool(line) and _width(line) >= WRAPPED * widest and not _SENTENCE_END.search(line)
    return "\n".join(out)


def _page_text(pdf, index: int) -> str:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    return _tidy(text)


def _tidy(text: str) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _unwrap(text)
    # trailing spaces on lines and blank runs would make page offsets depend on PDFium's layout noise
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
