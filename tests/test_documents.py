"""``Assistant.documents()``: what the Documents tab and ``GET /v1/documents`` list — each file's
languages, pages, chunks, state (indexed, changed, missing, skipped and why, not yet indexed) and
whether it gives orders to an AI. Real readers, Chroma and e5; files in French, Indonesian,
Chinese and English."""
from __future__ import annotations

from .conftest import make_assistant
from .fixture_documents import CJK_FONT, FR_PAGES, ZH_PAGES, pdf_bytes
from .fixture_injections import INJECTED


def test_documents_list_pages_states_reasons_and_flags(tmp_path, e5):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "phare.pdf").write_bytes(pdf_bytes(FR_PAGES))  # French, 2 pages
    (corpus / "图书馆.pdf").write_bytes(pdf_bytes(ZH_PAGES, font=CJK_FONT))  # Chinese, 2 pages
    (corpus / "locked.pdf").write_bytes(pdf_bytes(FR_PAGES, encrypt="s3cret"))
    name, text = next(iter(INJECTED.items()))
    (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "catatan.txt").write_text("Pelabuhan Tanjung Lestari dibuka pada tahun 1911.\n", encoding="utf-8")
    bot = make_assistant(corpus, tmp_path / "index", e5)
    bot.index()
    (corpus / "later.txt").write_text("Written after the index run.\n", encoding="utf-8")
    (corpus / "catatan.txt").write_text("Pelabuhan Tanjung Lestari dibuka pada tahun 1912.\n", encoding="utf-8")
    listed = {d["source"]: d for d in bot.documents()}

    assert listed["phare.pdf"]["pages"] == 2 and listed["phare.pdf"]["languages"] == ["fr"]
    assert listed["图书馆.pdf"]["pages"] == 2 and listed["图书馆.pdf"]["languages"] == ["zh"]
    assert listed["phare.pdf"]["state"] == "indexed" and not listed["phare.pdf"]["flagged"]
    assert listed["locked.pdf"]["state"] == "skipped" and "remove the password" in listed["locked.pdf"]["why"]
    assert listed[name]["state"] == "indexed" and listed[name]["flagged"]
    assert listed["later.txt"]["state"] == "not indexed" and listed["later.txt"]["why"] == ""
    assert listed["catatan.txt"]["state"] == "changed" and listed["catatan.txt"]["languages"] == ["id"]


def test_the_documents_tab_shows_why_a_file_was_skipped_and_which_are_flagged(tmp_path, e5):
    from assistant.web import FLAGGED, document_rows

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "phare.pdf").write_bytes(pdf_bytes(FR_PAGES))
    (corpus / "text_really.pdf").write_bytes(b"Ceci n'est pas un PDF.\n")
    name, text = next(iter(INJECTED.items()))
    (corpus / name).write_text(text, encoding="utf-8")
    bot = make_assistant(corpus, tmp_path / "index", e5)
    bot.index()
    rows = {r[0]: r for r in document_rows(bot)}
    assert rows["phare.pdf"][2] == 2 and rows["phare.pdf"][5] == "indexed"
    assert rows["text_really.pdf"][5].startswith("skipped — named .pdf but its bytes are text")
    assert rows[name][5] == f"indexed; {FLAGGED}"
