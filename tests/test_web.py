"""The chat page in a real headless browser (Debian's chromium driven by Playwright)."""
import re
import shutil
from pathlib import Path

import pytest

import harness.page

from .conftest import FRENCH, ROOT, SERVER_ENV, make_assistant

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="make test installs chromium")


def start_server(corpus, index_dir, env=SERVER_ENV):
    """``assistant serve`` over the corpus (no Ollama: ``auto`` falls back), its log beside the index."""
    return harness.page.start_server(corpus, index_dir, index_dir.parent / "serve.log", env)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def seeds_page(seeds_assistant):
    s = seeds_assistant.settings
    proc, url = start_server(s.corpus_dir, s.index_dir, env={})  # the page as shipped
    yield url
    proc.terminate()
    proc.wait(20)


def ask(page, question, answers_before):
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(
        f"document.querySelectorAll('#chat .sources-list, #chat .message-wrap [class*=bot]').length > 0 && "
        f"document.querySelectorAll('#chat .sources-list').length > {answers_before}",
        timeout=120_000)


def test_answer_from_the_french_file_and_its_highlighted_source(browser, seeds_page):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(seeds_page, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    notice = page.locator("#extractive-notice")  # the page as shipped: quotes, judged by the bundled model
    assert notice.is_visible() and "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf judges whether" in notice.inner_text()
    ask(page, "How much was Durov's bail?", 0)
    assert "5 millions" in page.locator("#chat").inner_text()
    page.locator("#chat a.cite").first.click()
    card = page.locator(".source-card.shown")
    card.wait_for(timeout=10_000)
    assert card.get_attribute("data-source") == FRENCH
    assert "5 millions d’euros" in card.locator("mark").inner_text()
    assert "fr" in card.inner_text()
    page.locator("#trace-accordion").click()
    page.wait_for_selector("#trace table", state="attached")
    assert "Standalone query" in page.locator("#trace").inner_text()
    assert re.search(r"Answerable: p = 0\.\d\d \(answers from 0\.\d\d\)", page.locator("#trace").inner_text())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "answered.png"), full_page=True)
    page.close()


def test_follow_up_question(browser, seeds_page):
    page = browser.new_page()
    page.goto(seeds_page, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    ask(page, "Où Durov a-t-il été arrêté ?", 0)
    ask(page, "Et quel était le montant de sa caution ?", 1)
    last = page.locator("#chat .sources-list").last
    assert FRENCH in last.inner_text()
    assert "5 millions" in page.locator("#chat").inner_text()
    page.close()


def test_phone_width_has_no_sideways_scroll(browser, seeds_page):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(seeds_page, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    # the trace of an Indonesian question answered from the French file: every passage readable,
    # as wide as the phone allows, none pushed out of view
    ask(page, "Berapa kali seminggu Durov harus melapor ke polisi?", 0)
    page.locator("#trace-accordion").click()
    page.wait_for_selector("#trace table", state="attached")
    cells = page.locator("#trace tr td:last-child")
    assert cells.count() >= 3
    for k in range(cells.count()):
        box = cells.nth(k).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 392 and box["width"] >= 250, box
    assert max(len(cells.nth(k).inner_text()) for k in range(cells.count())) > 150  # passages, not stubs
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone.png"), full_page=True)
    page.close()


def test_desktop_trace_gives_the_passage_most_of_the_width(browser, seeds_page):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(seeds_page, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    ask(page, "杜罗夫的保释金是多少？", 0)
    page.locator("#trace-accordion").click()
    page.wait_for_selector("#trace table", state="attached")
    table = page.locator("#trace table").bounding_box()
    passage = page.locator("#trace tr td:last-child").first.bounding_box()
    assert passage["width"] >= 0.8 * table["width"], (passage, table)
    assert passage["x"] + passage["width"] <= table["x"] + table["width"] + 1
    page.close()


def test_html_in_documents_is_shown_as_text_not_run(browser, tmp_path, e5):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        "The harbour of Tanjung Priok handled 7 million containers in 2023. "
        "<script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> "
        "Its new terminal opened in 2016.\n", encoding="utf-8")
    shutil.copy(ROOT / "seeds" / FRENCH, corpus / FRENCH)
    make_assistant(corpus, tmp_path / "index", e5).index()
    proc, url = start_server(corpus, tmp_path / "index")
    try:
        page = browser.new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("#question textarea", timeout=60_000)
        ask(page, "How many containers did Tanjung Priok handle in 2023? <img src=y onerror=\"window.__pwned=3\">", 0)
        page.locator("#chat a.cite").first.click()
        page.locator(".source-card.shown").wait_for(timeout=10_000)
        assert "<script>" in page.locator(".source-card.shown").inner_text()
        assert page.evaluate("window.__pwned") is None
        page.close()
    finally:
        proc.terminate()
        proc.wait(20)


def test_documents_tab_upload_two_ask_remove_one(browser, tmp_path, e5):
    """Upload two files from the Documents tab (the French seed and a Chinese note), ask about
    them in English (answers only in those files), remove the French one (and its file), and see
    its citations gone."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "seeds" / "000_186d9d6d1e53edb1.txt", corpus)
    make_assistant(corpus, tmp_path / "index", e5).index()
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    shutil.copy(ROOT / "seeds" / FRENCH, uploads / FRENCH)
    note = uploads / "港口.txt"
    note.write_text("丹戎不碌港在 2023 年处理了 700 万个集装箱。它的新码头于 2016 年启用。\n", encoding="utf-8")
    proc, url = start_server(corpus, tmp_path / "index")
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("#question textarea", timeout=60_000)
        page.get_by_role("tab", name="Documents").click()
        page.wait_for_selector("#documents", timeout=30_000)
        assert "000_186d9d6d1e53edb1.txt" in page.locator("#documents").inner_text()
        page.locator("#upload input[type=file]").set_input_files([str(uploads / FRENCH), str(note)])
        page.wait_for_function("document.querySelector('#documents-status').innerText.split('✓').length == 3",
                               timeout=120_000)
        listed = page.locator("#documents").inner_text()
        assert FRENCH in listed and "港口.txt" in listed and "fr" in listed and "zh" in listed
        assert (corpus / FRENCH).is_file() and (corpus / "港口.txt").is_file()

        page.get_by_role("tab", name="Chat").click()
        ask(page, "How much was Durov's bail?", 0)
        assert FRENCH in page.locator("#chat .sources-list").last.inner_text()
        ask(page, "How many containers did the port of Tanjung Priok handle in 2023?", 1)
        assert "港口.txt" in page.locator("#chat .sources-list").last.inner_text()

        page.get_by_role("tab", name="Documents").click()
        page.locator("#remove-choice input").click()
        page.get_by_role("option", name=FRENCH).click()
        page.locator("#delete-file input").check()
        page.locator("#remove").click()
        page.locator("#confirm-remove").click()
        page.wait_for_function("document.querySelector('#documents-status').innerText.includes('removed')",
                               timeout=60_000)
        assert FRENCH not in page.locator("#documents").inner_text()
        assert not (corpus / FRENCH).exists()

        page.get_by_role("tab", name="Chat").click()
        page.fill("#question textarea", "How much was Durov's bail?")
        page.press("#question textarea", "Enter")
        page.wait_for_function("document.querySelector('#chat').innerText.includes('does not say') || "
                               "document.querySelectorAll('#chat .sources-list').length > 2", timeout=120_000)
        lists = page.locator("#chat .sources-list")
        assert lists.count() == 2 or FRENCH not in lists.last.inner_text()  # abstained, or cited another file
        page.screenshot(path=str(ARTIFACTS / "documents.png"), full_page=True)
        page.close()
    finally:
        proc.terminate()
        proc.wait(20)


def test_a_pdf_citation_shows_its_page_with_the_cited_lines_highlighted(browser, tmp_path, e5):
    """An English question answered from page 2 of a French PDF: the source card names page 2
    and shows that page's picture, the cited line painted over."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    from .fixture_documents import FR_PAGES, pdf_bytes

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "phare.pdf").write_bytes(pdf_bytes(FR_PAGES))
    make_assistant(corpus, tmp_path / "index", e5).index()
    proc, url = start_server(corpus, tmp_path / "index")
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("#question textarea", timeout=60_000)
        ask(page, "How tall is the Kermorvan lighthouse?", 0)
        assert "p. 2" in page.locator("#chat .sources-list").last.inner_text()
        page.locator("#chat a.cite").first.click()
        card = page.locator(".source-card.shown")
        card.wait_for(timeout=10_000)
        assert "page 2" in card.inner_text() and "37 mètres" in card.locator("mark").inner_text()
        image = card.locator("img.page-image")
        image.wait_for(timeout=10_000)
        assert image.bounding_box()["width"] > 200  # drawn, not a broken image
        src = image.get_attribute("src")
        rgb = np.asarray(Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB")).astype(int)
        assert ((rgb[..., 0] > 200) & (rgb[..., 1] > 170) & (rgb[..., 2] < 150)).sum() > 1000  # the highlight
        page.screenshot(path=str(ARTIFACTS / "pdf_citation.png"), full_page=True)
        page.close()
    finally:
        proc.terminate()
        proc.wait(20)
