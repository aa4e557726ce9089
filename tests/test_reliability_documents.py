"""Bad documents (PDF, DOCX, HTML, lying suffixes), each tried and recorded in docs/RELIABILITY.md:
each costs one warning line naming the file and the fix, and nothing else: the other files are
indexed, and nothing indexed before is lost."""
from __future__ import annotations

import logging

import pytest

from assistant.index.store import stored_metadata

from .conftest import make_assistant
from .fixture_corpus import write_corpus
from .fixture_documents import (
    EN_PAGES,
    FR_PAGES,
    HTML_PAGE,
    docx_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
    with_member,
)
from .test_cli import run

DOCUMENTS = "Bad input: documents"


def case(name):
    return pytest.mark.case(DOCUMENTS, name)


def truncated_pdf():
    raw = pdf_bytes(EN_PAGES)
    return raw[: len(raw) // 2]


def bomb_docx():
    """A genuine DOCX plus 150 MB of zeros that deflate to ~150 kB (over the 100 MB default)."""
    return with_member(docx_bytes(["Rapport."]), "word/media/image1.bin", bytes(150_000_000))


BAD = {  # name: (make the bytes, settings, words the warning must contain)
    "locked.pdf": (lambda: pdf_bytes(FR_PAGES, encrypt="s3cret"), {},
                   "password-protected PDF: remove the password (`qpdf --decrypt"),
    "truncated.pdf": (truncated_pdf, {}, "damaged or truncated PDF"),
    "long.pdf": (lambda: pdf_bytes([["Page de remplissage."]] * 30), {"max_pages": 10},
                 "30 pages, more than the limit of 10: split it, or raise ASSISTANT_MAX_PAGES"),
    "scan.pdf": (scanned_pdf_bytes, {}, "without a text layer (a scan?): OCR found no text in it"),
    "bomb.docx": (bomb_docx, {}, "more than the limit of 100 MB (a decompression bomb?): raise ASSISTANT_MAX_UNZIPPED_MB"),
    "macros.docm": (lambda: docx_bytes(["Laporan dengan makro."]), {},
                    "with macros (never run): save it as a .docx without macros"),
    "hidden_macros.docx": (lambda: with_member(docx_bytes(["Laporan."]), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0" * 64),
                           {}, "with macros (never run)"),
    "text_really.pdf": (lambda: b"Ceci n'est pas un PDF, seulement du texte.\n", {},
                        "named .pdf but its bytes are text or another format, not a PDF: rename it (to .txt"),
    "not_a_zip.docx": (lambda: b"Ini bukan dokumen Word.\n", {},
                       "named .docx but its bytes are text or another format, not a Word document"),
    "pdf_really.txt": (lambda: pdf_bytes(EN_PAGES), {}, "a PDF under another name: rename it to .pdf"),
    "archive.docx": (lambda: b"PK\x03\x04" + bytes(60), {}, "damaged Word document (not a readable zip)"),
}
NAMES = {
    "locked.pdf": "password-protected PDF", "truncated.pdf": "damaged (truncated) PDF",
    "long.pdf": "PDF over the page limit (ASSISTANT_MAX_PAGES=10, 30 pages)",
    "scan.pdf": "PDF without a text layer, nothing on it for OCR to read",
    "bomb.docx": "DOCX decompression bomb (unzips to 150 MB)",
    "macros.docm": "DOCX with macros (.docm)", "hidden_macros.docx": "DOCX with a vbaProject.bin inside",
    "text_really.pdf": "a .pdf that is really text", "not_a_zip.docx": "a .docx that is not a zip",
    "pdf_really.txt": "a PDF named .txt", "archive.docx": "a .docx that is a broken zip",
}


def rows(assistant) -> dict[str, dict]:
    return dict(stored_metadata(assistant.store.active()))


@pytest.fixture
def corpus(tmp_path, e5):
    """The fixture corpus plus a good PDF, indexed: (corpus folder, rows indexed before)."""
    folder = write_corpus(tmp_path / "corpus")
    (folder / "phare.pdf").write_bytes(pdf_bytes(FR_PAGES))
    before = make_assistant(folder, tmp_path / "index", e5)
    before.index()
    return folder, rows(before)


@pytest.mark.parametrize("name", [pytest.param(n, marks=case(NAMES[n]), id=n) for n in BAD])
def test_bad_document_costs_one_warning_line_and_nothing_else(tmp_path, e5, corpus, caplog, observed, name):
    folder, indexed = corpus
    make, settings, words = BAD[name]
    (folder / name).write_bytes(make())
    assistant = make_assistant(folder, tmp_path / "index", e5, **settings)
    with caplog.at_level(logging.WARNING):
        report = assistant.index()
    [warning] = [w for w in report.skipped if name in w]
    assert warning.startswith(f"skipped {name}: ") and words in warning, warning
    assert len(report.skipped) == 1
    assert [r.getMessage() for r in caplog.records if name in r.getMessage()] == [warning]  # one line printed
    stored = rows(assistant)
    assert set(indexed) <= set(stored)  # nothing indexed before was lost
    assert {m["source"] for m in stored.values()} == {m["source"] for m in indexed.values()}
    answer = assistant.ask("How tall is the Kermorvan lighthouse?", backend="extractive")
    assert answer.citations[0].source == "phare.pdf" and answer.citations[0].page == 2
    observed(f"{warning}; the other files stay indexed and answer")


@case("HTML page with scripts and styles")
def test_html_scripts_never_run_and_their_text_is_not_indexed(tmp_path, e5, observed):
    folder = write_corpus(tmp_path / "corpus")
    (folder / "museum.html").write_text(HTML_PAGE, encoding="utf-8")
    assistant = make_assistant(folder, tmp_path / "index", e5)
    report = assistant.index()
    assert not report.skipped and "museum.html" in report.changed
    stored = assistant.store.active().get(where={"source": "museum.html"}, include=["documents"])["documents"]
    text, _ = assistant.extracted_text("museum.html")
    for words in ("script words", "written by script", "tracker", "console.log", "stylesheet words", "Menu boilerplate"):
        assert words not in text and not any(words in d for d in stored)
    answer = assistant.ask("How many restored looms does the Hollins mill museum display?", backend="extractive")
    assert answer.citations[0].source == "museum.html" and "27 restored looms" in answer.citations[0].quote
    observed(f"indexed without a warning: {len(stored)} rows, none with script, style or navigation text; "
             f"answered {answer.citations[0].quote!r}")


@case("all the bad documents at once, through `assistant index`")
def test_bad_documents_through_the_cli_one_line_each(tmp_path, corpus, observed):
    folder, _ = corpus
    for name, (make, settings, _) in BAD.items():
        if not settings:
            (folder / name).write_bytes(make())
    result = run(["index"], corpus_dir=folder, index_dir=tmp_path / "index")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING: skipped")]
    expected = [n for n, (_, settings, _) in BAD.items() if not settings]
    assert sorted(w.split(":")[1].removeprefix(" skipped ") for w in warnings) == sorted(expected), result.stderr
    for name in expected:
        [line] = [w for w in warnings if w.startswith(f"WARNING: skipped {name}:")]
        assert BAD[name][2] in line
    assert "Traceback" not in result.stderr and result.stdout.startswith("index up to date")
    observed(f"{len(warnings)} warning lines, one per bad document; stdout: {result.stdout.strip()}")
