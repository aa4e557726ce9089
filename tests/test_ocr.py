"""OCR of scanned PDFs with Tesseract (``ingest/readers/ocr.py``): a scan with a French page and
a Chinese page, made here as images (no text layer), read, indexed and cited by page; without
Tesseract, one warning naming the install command. ``make test`` installs Tesseract and the
eng, fra, ind and chi-sim data the way it installs chromium."""
from __future__ import annotations

import shutil

import pytest

from assistant.ingest.readers import Limits, ocr, read_document

from .conftest import make_assistant

pytestmark = pytest.mark.skipif(not shutil.which("tesseract"), reason="make test installs tesseract-ocr")
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ZENHEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FRENCH_PAGE = "Le port de Port-Valen a ouvert en 1911.\nSon phare mesure quarante mètres."
CHINESE_PAGE = "丹戎不碌港在 2023 年处理了 700 万个集装箱。\n它的新码头于 2016 年启用。"


def scanned_pdf() -> bytes:
    """Two pages of pixels: French on page 1, Chinese on page 2 (A4 at 150 dpi)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    pages = []
    for text, font in ((FRENCH_PAGE, DEJAVU), (CHINESE_PAGE, ZENHEI)):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        for k, line in enumerate(text.split("\n")):
            draw.text((120, 150 + 70 * k), line, font=ImageFont.truetype(font, 40), fill=0)
        pages.append(image)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return out.getvalue()


def test_a_scanned_pdf_is_read_page_by_page_in_each_page_s_script():
    document = read_document("scan.pdf", scanned_pdf(), Limits())
    first = document.text[document.pages[0][1]:document.pages[0][2]]
    second = document.text[document.pages[1][1]:document.pages[1][2]]
    assert "Port-Valen" in first and "1911" in first and "phare" in first
    assert "集装箱" in second and "700" in second and "2023" in second
    assert " " not in second.split("2023")[0].strip()  # no space between Chinese characters


def test_an_english_question_is_answered_from_the_scanned_chinese_page(tmp_path, e5):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "scan.pdf").write_bytes(scanned_pdf())
    bot = make_assistant(corpus, tmp_path / "index", e5)
    report = bot.index()
    assert report.changed == ["scan.pdf"] and not report.skipped
    answer = bot.ask("How many containers did the port handle in 2023?", backend="extractive")
    cited = answer.citations[0]
    assert cited.source == "scan.pdf" and cited.page == 2 and "集装箱" in cited.quote
    assert bot.extracted_text("scan.pdf")[0][cited.start:cited.end] == cited.quote


def test_without_tesseract_a_scan_is_skipped_with_the_install_command(tmp_path, e5, monkeypatch):
    monkeypatch.setattr(ocr, "installed", lambda: frozenset())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "scan.pdf").write_bytes(scanned_pdf())
    (corpus / "note.txt").write_text("Pelabuhan Port-Valen dibuka pada tahun 1911.\n", encoding="utf-8")
    report = make_assistant(corpus, tmp_path / "index", e5).index()
    assert report.changed == ["note.txt"]
    (warning,) = [w for w in report.skipped if "scan.pdf" in w]
    assert "apt-get install tesseract-ocr" in warning and "\n" not in warning
