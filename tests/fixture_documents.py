"""Documents made in the test, in the corpus languages: PDFs (reportlab, with its built-in CID
font for Chinese), DOCX (python-docx), HTML and Markdown. Invented facts, found nowhere else."""
from __future__ import annotations

import io
import zipfile

CJK_FONT = "STSong-Light"  # a CID font reportlab ships: no font file, text extractable

# page texts, one line a sentence (drawString does not wrap)
EN_PAGES = [
    ["Annual report of the Kestrel Valley water board.", "The board serves four towns in the valley."],
    ["The Kestrel reservoir holds 41 million cubic metres of water.", "It was filled for the first time in 1987."],
    ["The Kestrel Valley water board employs 212 people.", "Its offices are in the town of Ashworth."],
]
FR_PAGES = [
    ["Histoire du phare de Kermorvan.", "Le phare se dresse sur la pointe au nord de la baie."],
    ["Le phare de Kermorvan mesure 37 mètres de haut.", "Sa lanterne a été allumée pour la première fois en 1849."],
]
ZH_PAGES = [
    ["青川县图书馆简介。", "图书馆位于县城中心。"],
    ["青川县图书馆藏书六万三千册。", "图书馆于一九九六年建成开放。"],
]
ID_PARAGRAPHS = [
    "Laporan tahunan koperasi nelayan Tanjung Lestari.",
    "Koperasi Tanjung Lestari memiliki 318 anggota nelayan.",
]
ID_TABLE = [["Tahun", "Hasil tangkapan"], ["2022", "740 ton"], ["2023", "812 ton"]]
HTML_PAGE = """<!doctype html><html lang="en"><head><title>Mill museum</title>
<style>body { color: #333 } .secret-style { content: "stylesheet words" }</style>
<script>var tracker = "script words never indexed"; document.write("written by script");</script></head>
<body><nav><a href="/">Home</a> | <a href="/about">About us</a> | Menu boilerplate</nav>
<header>Site header boilerplate</header>
<main><h1>The Hollins mill museum</h1>
<p>The Hollins <b>mill</b> museum displays 27 restored looms.</p>
<p>It opened to visitors in 2004.</p>
<table><tr><th>Day</th><th>Hours</th></tr><tr><td>Sunday</td><td>10 to 16</td></tr></table></main>
<script>console.log("more script words")</script>
<footer>Copyright footer boilerplate</footer></body></html>"""
MARKDOWN = """# Le marché de Vasselin

Le **marché couvert** de [Vasselin](https://example.org/vasselin) compte *86 étals*.

- Il ouvre le mardi et le samedi.
- Il a été rénové en 2011.

| Jour | Étals |
|------|-------|
| mardi | 54 |

```
horaires: 7h-13h
```
"""


def pdf_bytes(pages: list[list[str]], font: str = "Helvetica", encrypt: str | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    if font == CJK_FONT:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    for lines in pages:
        pdf.setFont(font, 12)
        for i, line in enumerate(lines):
            pdf.drawString(72, 740 - 20 * i, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_pdf_bytes() -> bytes:
    """A PDF whose page is a picture only (no text layer), as a scanner makes."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(72, 600, 200, 100, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_member(docx: bytes, name: str, data: bytes) -> bytes:
    """The zip ``docx`` with one more member (deflated)."""
    buffer = io.BytesIO(docx)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()
