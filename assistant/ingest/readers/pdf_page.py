"""A cited PDF page as an image, with the cited lines highlighted (for the page's source card).

The page is rendered by PDFium (pypdfium2); the cited span is found in the page's own text layer
by PDFium's search — the quote's first words, then its last words after them — and every
character box between the two is painted over in translucent yellow. The quote comes from the
extracted text, whose whitespace the reader tidied (``pdf.py``), so the search looks for words,
not for the quote's exact spacing. A scanned page (no text layer; its text came from OCR) has no
character boxes: it is shown without a highlight.
"""
from __future__ import annotations

import io
import re

SCALE = 1.5  # 108 dpi: a page readable beside the chat
HIGHLIGHT = (255, 214, 0, 110)  # translucent yellow
PROBE_WORDS = 4  # words searched for at each end of the quote
PROBE_CJK_CHARS = 6


def _probes(quote: str) -> tuple[str, str]:
    """The quote's beginning and end, as PDFium's search will find them."""
    words = quote.split()
    if len(words) >= 2 * PROBE_WORDS:
        return " ".join(words[:PROBE_WORDS]), " ".join(words[-PROBE_WORDS:])
    if len(words) > 1:
        return words[0], words[-1]
    text = re.sub(r"\s+", "", quote)
    return text[:PROBE_CJK_CHARS], text[-PROBE_CJK_CHARS:]


def _find(textpage, text: str, after: int = 0) -> tuple[int, int] | None:
    searcher = textpage.search(text, index=after, match_case=False)
    try:
        return searcher.get_next()
    finally:
        searcher.close()


def _span(textpage, quote: str) -> range:
    """The indices of the page's characters that hold the quote (empty when not found)."""
    first, last = _probes(quote)
    start = _find(textpage, first) if first else None
    if not start:
        return range(0)
    end = _find(textpage, last, start[0]) or start
    return range(start[0], end[0] + end[1])


def highlighted_page(raw: bytes, page_number: int, quote: str) -> bytes:
    """PNG bytes of ``page_number`` (1-based) of the PDF ``raw``, the quote's lines highlighted
    where the text layer holds them."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(raw)
    try:
        page = pdf[page_number - 1]
        image = page.render(scale=SCALE).to_pil().convert("RGBA")
        textpage = page.get_textpage()
        boxes, height = [], page.get_height()
        for i in _span(textpage, quote):
            left, bottom, right, top = textpage.get_charbox(i)
            if right > left and top > bottom:
                boxes.append((left * SCALE, (height - top) * SCALE, right * SCALE, (height - bottom) * SCALE))
        textpage.close()
        page.close()
    finally:
        pdf.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for box in boxes:
            draw.rectangle(box, fill=HIGHLIGHT)
        image = Image.alpha_composite(image, overlay)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def highlighted_chars(raw: bytes, page_number: int, quote: str) -> str:
    """The page's text that ``highlighted_page`` paints (for tests and logs)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(raw)
    try:
        page = pdf[page_number - 1]
        textpage = page.get_textpage()
        span = _span(textpage, quote)
        text = textpage.get_text_range(span.start, len(span)) if span else ""
        textpage.close()
        page.close()
    finally:
        pdf.close()
    return text
