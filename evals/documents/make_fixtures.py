"""Write the document fixtures and their gold set: the five seed articles as other formats, and
the seeds gold questions with their evidence re-anchored into what the readers extract.

    PYTHONPATH=. python evals/documents/make_fixtures.py   # writes corpus/ and ../gold/documents.jsonl

- ``000`` (en) as an HTML page: navigation, header, footer and scripts around an ``<article>``;
- ``001`` (fr) as a PDF, one or two paragraphs a page (DejaVu Sans), so facts sit on pages 2, 3, ...;
- ``002`` (en + zh) as a PDF in reportlab's CID font STSong-Light, a few lines a page;
- ``003`` (id) as a DOCX, one Word paragraph per line;
- ``004`` (en) as Markdown.

Every fixture holds its seed's text, so the seeds gold rules (every alias occurs only inside its
case's evidence) still hold. Whitespace is what extraction changes (a PDF line break where a space
was, a blank line between paragraphs): the script checks that a fixture's extracted text equals
its seed's text once whitespace is dropped, then maps each seeds span through that equality. A
span's ``page`` is the page holding its ``start``; a span never crosses a page.

Deterministic: PDFs in reportlab's invariant mode, the DOCX rezipped with fixed timestamps.
"""
from __future__ import annotations

import html
import io
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CORPUS = Path(__file__).resolve().parent / "corpus"
GOLD = ROOT / "evals" / "gold"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CJK_FONT = "STSong-Light"
# characters STSong-Light cannot draw (an emoji and its variation selector): left out of the PDF
# and so of the comparison too
UNDRAWABLE = {"002": "\u2764\ufe0f"}
FORMATS = {"000": ".html", "001": ".pdf", "002": ".pdf", "003": ".docx", "004": ".md"}
LANGUAGE = {"000": "en", "001": "fr", "002": "en", "003": "id", "004": "en"}


def seed_path(number: str) -> Path:
    return next(SEEDS.glob(f"{number}_*.txt"))


def fixture_name(seed_name: str) -> str:
    stem = Path(seed_name).stem
    return stem + FORMATS[stem[:3]]


def paragraphs(text: str) -> list[str]:
    """Blank-line paragraphs if the seed has them (001), else one paragraph per line."""
    blocks = text.split("\n\n") if "\n\n" in text else text.split("\n")
    return [b.strip() for b in blocks if b.strip()]


def pages_of(paras: list[str], budget: int) -> list[list[str]]:
    """Paragraphs grouped into pages, at most ``budget`` width units a page (a CJK character
    counts two) and never more than two long paragraphs: a page holds whole paragraphs only."""
    pages, current, used = [], [], 0
    for p in paras:
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in p)
        if current and (used + width > budget or len([q for q in current if len(q) > 150]) >= 2):
            pages.append(current)
            current, used = [], 0
        current.append(p)
        used += width
    return pages + [current] if current else pages


# -- writers ---------------------------------------------------------------------------------

def pdf_bytes(pages: list[list[str]], font: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    if font == CJK_FONT:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    else:
        pdfmetrics.registerFont(TTFont("DejaVuSans", DEJAVU))
    style = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, spaceAfter=8,
                           wordWrap="CJK" if font == CJK_FONT else None)
    story = []
    for i, page in enumerate(pages):
        if i:
            story.append(PageBreak())
        story += [Paragraph(html.escape(p, quote=False), style) for p in page]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1, title="", author="", creator="").build(story)
    return buffer.getvalue()


def html_bytes(paras: list[str]) -> bytes:
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>World news</title>
<style>nav a {{ margin: 0 4px }}</style>
<script>window.analytics = {{page: "article", tracker: "boilerplate-script"}};</script></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/tech">Technology</a> <a href="/login">Sign in</a></nav>
<header><p>The Daily Wire Service: boilerplate header</p></header>
<aside><p>Trending now: boilerplate sidebar</p></aside>
<article>
{body}
</article>
<footer><p>Boilerplate footer: terms, privacy, cookies.</p></footer>
<script>document.write("boilerplate written by a script");</script>
</body></html>
"""
    return page.encode("utf-8")


def docx_bytes(paras: list[str]) -> bytes:
    import datetime

    import docx

    document = docx.Document()
    stamp = datetime.datetime(2024, 9, 1, 0, 0, 0)
    props = document.core_properties
    props.created = props.modified = props.last_printed = stamp
    props.author = props.last_modified_by = "fixtures"
    for p in paras:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return _rezip(buffer.getvalue())


def _rezip(raw: bytes) -> bytes:
    """The same zip with fixed member timestamps, so the bytes do not depend on the clock."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 9, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def markdown_bytes(paras: list[str]) -> bytes:
    return ("\n\n".join(paras) + "\n").encode("utf-8")


def fixture_bytes(number: str, text: str) -> bytes:
    for ch in UNDRAWABLE.get(number, ""):
        text = text.replace(ch, "")
    paras = paragraphs(text)
    if number == "000":
        return html_bytes(paras)
    if number == "001":
        return pdf_bytes(pages_of(paras, 700), "DejaVuSans")
    if number == "002":
        return pdf_bytes(pages_of(paras, 900), CJK_FONT)
    if number == "003":
        return docx_bytes(paras)
    return markdown_bytes(paras)


# -- mapping seeds spans into extracted text -------------------------------------------------

def key(text: str, drop: str = "") -> list[int]:
    """Offsets of the characters that count: not whitespace, not an undrawable character."""
    return [i for i, ch in enumerate(text) if not ch.isspace() and ch not in drop]


def span_map(seed: str, extracted: str, drop: str = ""):
    """``(start, end) -> (start, end)`` from the seed's text to the extracted text; raises if the
    two differ in anything but whitespace (and ``drop``)."""
    a, b = key(seed, drop), key(extracted)
    sa, sb = "".join(seed[i] for i in a), "".join(extracted[i] for i in b)
    if sa != sb:
        at = next((i for i, (x, y) in enumerate(zip(sa, sb)) if x != y), min(len(sa), len(sb)))
        raise ValueError(f"extracted text differs from the seed at {at}: {sa[at-20:at+20]!r} vs {sb[at-20:at+20]!r}")

    def move(start: int, end: int) -> tuple[int, int]:
        inside = [k for k, i in enumerate(a) if start <= i < end]
        if not inside:
            raise ValueError(f"span {start}-{end} holds no text")
        return b[inside[0]], b[inside[-1]] + 1

    return move


def documents_gold(seeds_cases: list[dict], documents: dict) -> list[dict]:
    """The seeds cases, ids ``d...``, with every span moved into its fixture and paged."""
    movers = {name: span_map(seed_path(name[:3]).read_text(encoding="utf-8"), doc.text,
                             UNDRAWABLE.get(name[:3], "")) for name, doc in documents.items()}
    cases = []
    for case in seeds_cases:
        evidence = []
        for e in case["evidence"]:
            name = fixture_name(e["source"])
            doc = documents[name]
            start, end = movers[name](e["start"], e["end"])
            page = doc.page_at(start)
            if doc.page_at(end - 1) != page:
                raise ValueError(f"{case['id']}: span {start}-{end} of {name} crosses a page")
            evidence.append({"source": name, "page": page, "start": start, "end": end, "group": e["group"]})
        ref = {k: ("d" + case[k][1:] if case[k] else None) for k in ("followup_of", "after")}
        cases.append({
            "id": "d" + case["id"][1:], "seed_id": case["id"], "fact": case["fact"], "split": case["split"],
            "question": case["question"], "language": case["language"], "answerable": case["answerable"],
            "type": case["type"], "answers": case["answers"], "evidence": evidence,
            "gold_sources": sorted({e["source"] for e in evidence}), **ref, "note": case["note"],
        })
    return cases


def main() -> int:
    from assistant.ingest.readers import Limits, read_document

    CORPUS.mkdir(parents=True, exist_ok=True)
    documents = {}
    for number in FORMATS:
        path = seed_path(number)
        name = fixture_name(path.name)
        raw = fixture_bytes(number, path.read_text(encoding="utf-8"))
        (CORPUS / name).write_bytes(raw)
        documents[name] = read_document(name, raw, Limits())
        print(f"{name}: {len(raw):,} bytes, {len(documents[name].pages)} page(s)", file=sys.stderr)
    seeds_cases = [json.loads(line) for line in (GOLD / "seeds.jsonl").open(encoding="utf-8") if line.strip()]
    cases = documents_gold(seeds_cases, documents)
    with (GOLD / "documents.jsonl").open("w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases -> {GOLD / 'documents.jsonl'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
