"""The cited PDF page as an image with the cited lines highlighted (``ingest/readers/pdf_page.py``),
for French and Chinese pages of a PDF made here with reportlab."""
from __future__ import annotations

import io
import re

import pytest

from assistant.ingest.readers.pdf_page import highlighted_chars, highlighted_page

BAIL = "Durov, libéré sous caution de 5 millions d’euros, doit se présenter à la police deux fois par semaine."
HARBOUR = "丹戎不碌港在 2023 年处理了 700 万个集装箱。"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    fr = ParagraphStyle("fr", fontName="DejaVu", fontSize=11, leading=15)
    zh = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=15, wordWrap="CJK")
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([
        Paragraph("Le port a ouvert en 1911. Son phare mesure quarante mètres de haut.", fr), PageBreak(),
        Paragraph(f"{BAIL} Il nie les faits qui lui sont reprochés.", fr), PageBreak(),
        Paragraph(f"{HARBOUR}它的新码头于 2016 年启用。", zh)])
    return out.getvalue()


def yellow_pixels(png: bytes) -> int:
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int(((rgb[..., 0] > 200) & (rgb[..., 1] > 170) & (rgb[..., 2] < 150)).sum())


@pytest.mark.parametrize("page,quote", [(2, BAIL), (3, HARBOUR)])
def test_the_cited_lines_are_highlighted_and_nothing_else(pdf, page, quote):
    painted = highlighted_chars(pdf, page, quote)
    assert re.sub(r"\s+", "", painted) == re.sub(r"\s+", "", quote)  # across the line break, not beyond
    assert yellow_pixels(highlighted_page(pdf, page, quote)) > 2000


def test_a_quote_that_is_not_on_the_page_highlights_nothing(pdf):
    assert highlighted_chars(pdf, 1, BAIL) == ""
    assert yellow_pixels(highlighted_page(pdf, 1, BAIL)) == 0
