"""The readers (assistant/ingest/readers/), one format each, on documents made here in English,
French, Indonesian and Chinese; then a folder of them indexed through the real ``Assistant``
(embedded Chroma, e5): hits and citations carry the right page, and every quote is the stored
extracted text at the cited offsets."""
from __future__ import annotations

import json

import pytest

from assistant import UsageError
from assistant.cli import _print_answer
from assistant.index.store import texts_name
from assistant.ingest import readers
from assistant.ingest.read import read_corpus
from assistant.ingest.readers import Limits, page_at, read_document
from assistant.web import render, source_card

from .conftest import make_assistant
from .fixture_documents import (
    CJK_FONT,
    EN_PAGES,
    FR_PAGES,
    HTML_PAGE,
    ID_PARAGRAPHS,
    ID_TABLE,
    MARKDOWN,
    ZH_PAGES,
    docx_bytes,
    pdf_bytes,
)


def page_texts(doc):
    return [doc.text[start:end] for _, start, end in doc.pages]


# -- one reader each ---------------------------------------------------------------------------
def test_pdf_is_read_page_by_page_with_a_page_map():
    doc = read_document("board.pdf", pdf_bytes(EN_PAGES), Limits())
    assert page_texts(doc) == ["\n".join(lines) for lines in EN_PAGES]
    assert [p for p, _, _ in doc.pages] == [1, 2, 3]
    assert doc.text == "\n\n".join("\n".join(lines) for lines in EN_PAGES)  # pages joined by a blank line
    start = doc.text.index("41 million")
    assert page_at(doc.pages, start) == 2 and doc.page_at(0) == 1 and doc.page_at(len(doc.text) - 1) == 3


def test_pdf_in_french_and_chinese_keeps_accents_and_cjk():
    fr = read_document("phare.pdf", pdf_bytes(FR_PAGES), Limits())
    assert page_texts(fr)[1] == "Le phare de Kermorvan mesure 37 mètres de haut.\n" \
                                "Sa lanterne a été allumée pour la première fois en 1849."
    zh = read_document("图书馆.pdf", pdf_bytes(ZH_PAGES, CJK_FONT), Limits())
    assert page_texts(zh) == ["\n".join(lines) for lines in ZH_PAGES]
    assert zh.page_at(zh.text.index("六万三千册")) == 2


def test_docx_paragraphs_and_table_rows_in_order():
    doc = read_document("koperasi.docx", docx_bytes(ID_PARAGRAPHS, ID_TABLE), Limits())
    assert doc.text == ("Laporan tahunan koperasi nelayan Tanjung Lestari.\n\n"
                        "Koperasi Tanjung Lestari memiliki 318 anggota nelayan.\n\n"
                        "Tahun | Hasil tangkapan\n2022 | 740 ton\n2023 | 812 ton")
    assert doc.pages == ((1, 0, len(doc.text)),)


def test_html_main_text_without_navigation_scripts_or_styles():
    doc = read_document("museum.html", HTML_PAGE.encode(), Limits())
    assert doc.text == ("The Hollins mill museum\n\nThe Hollins mill museum displays 27 restored looms.\n\n"
                        "It opened to visitors in 2004.\n\nDay | Hours\n\nSunday | 10 to 16")
    for boilerplate in ("script words", "written by script", "stylesheet", "Menu", "header", "footer", "Mill museum"):
        assert boilerplate not in doc.text


def test_markdown_is_read_as_the_text_a_reader_sees():
    doc = read_document("marche.md", MARKDOWN.encode(), Limits())
    assert doc.text == ("Le marché de Vasselin\n\nLe marché couvert de Vasselin compte 86 étals.\n\n"
                        "Il ouvre le mardi et le samedi.\n\nIl a été rénové en 2011.\n\n"
                        "Jour | Étals\nmardi | 54\n\nhoraires: 7h-13h")
    assert "**" not in doc.text and "https://" not in doc.text and doc.pages == ((1, 0, len(doc.text)),)


def test_markdown_drops_raw_html_scripts():
    doc = read_document("notes.md", b"Intro line.\n\n<script>steal()</script>\n\n<div>Kept words</div>\n", Limits())
    assert doc.text == "Intro line.\n\nKept words"


def test_text_files_read_as_before_with_legacy_encodings():
    text = "La bibliothèque de Quimperlé possède 48 500 livres anciens, rénovée en 2018 grâce à un don.\n"
    doc = read_document("legacy.txt", text.encode("latin-1"), Limits())
    assert (doc.text, doc.encoding, doc.pages) == (text, "cp1252", ((1, 0, len(text)),))
    assert read_document("no_suffix", b"plain words\r\n", Limits()).text == "plain words\n"


def test_registry_is_keyed_by_suffix_and_everything_else_is_text():
    table = readers.readers()
    assert {".pdf", ".docx", ".docm", ".html", ".htm", ".md", ".markdown"} <= set(table)
    assert table[".pdf"].__module__ == "assistant.ingest.readers.pdf"
    assert read_document("UPPER.PDF", pdf_bytes(EN_PAGES), Limits()).pages[-1][0] == 3  # suffix case ignored


# -- indexed through the real Assistant ---------------------------------------------------------
FOLDER = {
    "board.pdf": lambda: pdf_bytes(EN_PAGES),
    "phare.pdf": lambda: pdf_bytes(FR_PAGES),
    "tushuguan.pdf": lambda: pdf_bytes(ZH_PAGES, CJK_FONT),
    "koperasi.docx": lambda: docx_bytes(ID_PARAGRAPHS, ID_TABLE),
    "museum.html": lambda: HTML_PAGE.encode(),
    "marche.md": lambda: MARKDOWN.encode(),
    "notes.txt": lambda: b"The Ashworth tram line is 14 kilometres long and opened in 1911.\n",
}


@pytest.fixture(scope="module")
def documents(tmp_path_factory, e5):
    base = tmp_path_factory.mktemp("documents")
    corpus = base / "corpus"
    corpus.mkdir()
    for name, make in FOLDER.items():
        (corpus / name).write_bytes(make())
    assistant = make_assistant(corpus, base / "index", e5)
    report = assistant.index()
    assert not report.skipped and sorted(report.changed) == sorted(FOLDER)
    return assistant


@pytest.mark.parametrize("question,source,page,fact", [
    ("How much water does the Kestrel reservoir hold?", "board.pdf", 2, "41 million cubic metres"),
    ("How many people does the Kestrel Valley water board employ?", "board.pdf", 3, "212 people"),
    ("Quelle est la hauteur du phare de Kermorvan ?", "phare.pdf", 2, "37 mètres"),
    ("青川县图书馆藏书多少册？", "tushuguan.pdf", 2, "六万三千册"),
    ("Berapa anggota koperasi Tanjung Lestari?", "koperasi.docx", 1, "318 anggota"),
    ("How many restored looms does the Hollins mill museum display?", "museum.html", 1, "27 restored looms"),
    ("Combien d'étals compte le marché couvert de Vasselin ?", "marche.md", 1, "86 étals"),
    ("How long is the Ashworth tram line?", "notes.txt", 1, "14 kilometres"),
], ids=["en-pdf-p2", "en-pdf-p3", "fr-pdf", "zh-pdf", "id-docx", "en-html", "fr-md", "en-txt"])
def test_answers_cite_the_right_page_and_quote_the_extracted_text(documents, question, source, page, fact):
    answer = documents.ask(question, backend="extractive")
    [citation] = [c for c in answer.citations if c.source == source][:1]
    assert fact in citation.quote and citation.page == page
    text, _ = documents.extracted_text(source)
    assert text[citation.start : citation.end] == citation.quote
    hit = next(h for h in answer.hits if h.chunk.id == citation.chunk_id)
    assert hit.chunk.page == page and text[hit.chunk.start : hit.chunk.end] == hit.chunk.text
    assert answer.to_json()["citations"][0]["page"] == answer.citations[0].page


def test_english_question_answered_from_page_2_of_a_french_pdf(documents):
    answer = documents.ask("How tall is the Kermorvan lighthouse?", backend="extractive")
    assert not answer.abstained
    first = answer.citations[0]
    assert (first.source, first.page) == ("phare.pdf", 2) and "37 mètres" in first.quote
    assert documents.extracted_text("phare.pdf")[0][first.start : first.end] == first.quote


def test_every_chunk_lies_on_one_page_of_the_stored_text(documents):
    files = {f.source: f for f in read_corpus(documents.settings.corpus_dir)[0]}
    collection = documents.store.active()
    rows = collection.get(where={"kind": "chunk"}, include=["documents", "metadatas"])
    for text, m in zip(rows["documents"], rows["metadatas"]):
        file = files[m["source"]]
        assert file.text[m["start"] : m["end"]] == text
        [(page, _, _)] = [p for p in file.page_map if p[1] <= m["start"] and m["end"] <= p[2]]
        assert m["page"] == page
    assert {m["page"] for m in rows["metadatas"] if m["source"] == "board.pdf"} == {1, 2, 3}


def test_stored_text_is_used_and_no_pdf_is_parsed_again_on_a_question(documents, monkeypatch):
    from assistant.ingest.readers import pdf

    def no_parsing(*args):
        raise AssertionError("a PDF was parsed again at question time")

    monkeypatch.setitem(readers._READERS, ".pdf", no_parsing)
    monkeypatch.setattr(pdf, "read", no_parsing)
    answer = documents.ask("How much water does the Kestrel reservoir hold?", backend="extractive")
    c = answer.citations[0]
    text, _ = documents.extracted_text(c.source)
    assert c.source == "board.pdf" and text[c.start : c.end] == c.quote
    card = source_card(answer, 1, documents.settings.corpus_dir, c.n, documents.extracted_text)
    assert "page 2 ·" in card and "<mark>" + c.quote + "</mark>" in card and "changed since" not in card


def test_extracted_text_of_an_index_without_stored_texts_is_extracted_again(documents):
    texts = documents.store.client.get_collection(
        texts_name(documents.settings, documents.store.active().name))
    [board_hash] = texts.get(where={"source": "board.pdf"}, include=[])["ids"]
    saved = texts.get(ids=[board_hash], include=["documents", "metadatas", "embeddings"])
    texts.delete(ids=[board_hash])
    try:
        text, file_hash = documents.extracted_text("board.pdf")
        assert file_hash == board_hash and text == read_document("board.pdf", pdf_bytes(EN_PAGES), Limits()).text
    finally:
        texts.add(ids=saved["ids"], documents=saved["documents"], metadatas=saved["metadatas"],
                  embeddings=saved["embeddings"])


def test_pages_are_shown_in_json_cli_and_the_page(documents, capsys):
    answer = documents.ask("How many people does the Kestrel Valley water board employ?", backend="extractive")
    c = answer.citations[0]
    assert json.loads(json.dumps(answer.to_json()))["citations"][0]["page"] == 3
    _print_answer(answer)
    assert f"[{c.n}] board.pdf p. 3 {c.start}-{c.end}" in capsys.readouterr().out
    assert f'[{c.n}]</a> p. 3' in render(answer, 1)


def test_a_second_index_run_keeps_stored_texts_and_drops_those_of_removed_files(documents, tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(documents.settings.corpus_dir, corpus)
    assistant = make_assistant(corpus, tmp_path / "index", documents.embedding)
    assistant.index()
    (corpus / "marche.md").unlink()
    assert assistant.index().removed == ["marche.md"]
    active = assistant.store.active()
    texts = assistant.store.client.get_collection(texts_name(assistant.settings, active.name))
    assert sorted(m["source"] for m in texts.get(include=["metadatas"])["metadatas"]) == sorted(set(FOLDER) - {"marche.md"})
    rebuilt = assistant.index(rebuild=True)  # a new generation: the old one's texts go with it
    names = [c.name for c in assistant.store.client.list_collections()]
    assert len(names) == 2 and rebuilt.collection in names


def test_stored_texts_are_shared_through_a_chroma_server(tmp_path, e5, chroma_server):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "phare.pdf").write_bytes(pdf_bytes(FR_PAGES))
    (corpus / "notes.txt").write_bytes(FOLDER["notes.txt"]())
    writer = make_assistant(corpus, tmp_path / "unused", e5, chroma_url=chroma_server)
    writer.index()
    reader = make_assistant(corpus, tmp_path / "unused", e5, chroma_url=chroma_server)  # another process
    answer = reader.ask("How tall is the Kermorvan lighthouse?", backend="extractive")
    c = answer.citations[0]
    assert (c.source, c.page) == ("phare.pdf", 2)
    texts = reader.store.client.get_collection(
        texts_name(reader.settings, reader.store.active().name))
    [stored] = texts.get(where={"source": "phare.pdf"}, include=["documents"])["documents"]
    assert stored[c.start : c.end] == c.quote == reader.extracted_text("phare.pdf")[0][c.start : c.end]


def test_an_uploaded_pdf_is_read_like_an_indexed_one(tmp_path, e5):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_bytes(FOLDER["notes.txt"]())
    assistant = make_assistant(corpus, tmp_path / "index", e5)
    assistant.index()
    entry = assistant.add_document("phare.pdf", pdf_bytes(FR_PAGES))  # what POST /v1/documents calls
    assert entry["state"] == "indexed"
    c = assistant.ask("How tall is the Kermorvan lighthouse?", backend="extractive").citations[0]
    assert (c.source, c.page) == ("phare.pdf", 2)
    assert assistant.extracted_text("phare.pdf")[0][c.start : c.end] == c.quote
    with pytest.raises(UsageError, match="password-protected PDF"):
        assistant.add_document("locked.pdf", pdf_bytes(FR_PAGES, encrypt="pw"))
