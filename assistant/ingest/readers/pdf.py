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
    # trailing spaces on lines and blank runs would make page offsets depend on PDFium's layout noise
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
