"""The document-formats gold set (``evals/gold/documents.jsonl`` over ``evals/documents/corpus``):
every span is a slice of what the readers extract, on the page it names. No model, no index."""
from __future__ import annotations

import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from assistant.evals.scoring import normalize, unwrap_cjk
from assistant.ingest.readers import Limits, read_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "evals" / "documents" / "corpus"
GOLD = ROOT / "evals" / "gold" / "documents.jsonl"
SEEDS_GOLD = ROOT / "evals" / "gold" / "seeds.jsonl"
MAIN_LANGUAGE = {"000": "en", "001": "fr", "002": "en", "003": "id", "004": "en"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


CASES = _lines(GOLD)
DOCUMENTS = {p.name: read_document(p.name, p.read_bytes(), Limits()) for p in sorted(CORPUS.iterdir())}


def span_language(e: dict) -> str:
    return "zh" if CJK.search(DOCUMENTS[e["source"]].text[e["start"]:e["end"]]) else MAIN_LANGUAGE[e["source"][:3]]


def test_every_format_and_language_is_a_fixture():
    assert {Path(n).suffix for n in DOCUMENTS} == {".html", ".pdf", ".docx", ".md"}
    assert sum(p.stat().st_size for p in CORPUS.iterdir()) < 300_000
    pdfs = [d for n, d in DOCUMENTS.items() if n.endswith(".pdf")]
    assert len(pdfs) == 2 and all(len(d.pages) >= 4 for d in pdfs)
    assert any(CJK.search(d.text) for d in pdfs)


def test_html_boilerplate_is_not_extracted():
    text = DOCUMENTS["000_186d9d6d1e53edb1.html"].text
    assert "boilerplate" not in text and "Sign in" not in text and "tracker" not in text


def test_composition():
    languages = defaultdict(int)
    for c in CASES:
        languages[c["language"]] += 1
    assert len(CASES) >= 40
    assert set(languages) == {"en", "fr", "id", "zh"} and min(languages.values()) >= 10
    assert sum(not c["answerable"] for c in CASES) >= 6
    other = [c for c in CASES if c["answerable"]
             and all(span_language(e) != c["language"] for e in c["evidence"])]
    assert len(other) >= 8
    # an English question answered on page 2 or later of the French PDF only
    assert any(c["language"] == "en" and c["gold_sources"] == ["001_5013dce6bab0cf53.pdf"]
               and all(e["page"] >= 2 for e in c["evidence"]) for c in other)
    assert {Path(e["source"]).suffix for c in CASES for e in c["evidence"]} == {".html", ".pdf", ".docx", ".md"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spans_are_slices_on_their_page(case):
    assert bool(case["evidence"]) == case["answerable"] == bool(case["answers"])
    assert case["gold_sources"] == sorted({e["source"] for e in case["evidence"]})
    for e in case["evidence"]:
        doc = DOCUMENTS[e["source"]]
        assert 0 <= e["start"] < e["end"] <= len(doc.text)
        span = doc.text[e["start"]:e["end"]]
        assert span == span.strip()
        assert doc.page_at(e["start"]) == e["page"] == doc.page_at(e["end"] - 1)
        # as tests/test_gold.py: an alias is a substring (a PDF line break inside Chinese aside)
        assert any(normalize(a) in normalize(unwrap_cjk(span)) for a in case["answers"][e["group"]])


def test_spans_hold_the_seeds_evidence():
    """Each span says what its seeds span says: the same characters, whitespace aside."""
    seeds = {c["id"]: c for c in _lines(SEEDS_GOLD)}
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}

    def bare(text: str) -> str:
        return "".join(ch for ch in text if not ch.isspace() and ch not in "\u2764\ufe0f")

    for case in CASES:
        seed = seeds[case["seed_id"]]
        assert (case["question"], case["answers"], case["fact"], case["split"]) == \
               (seed["question"], seed["answers"], seed["fact"], seed["split"])
        assert len(case["evidence"]) == len(seed["evidence"])
        for e, s in zip(case["evidence"], seed["evidence"]):
            assert e["source"][:3] == s["source"][:3] and e["group"] == s["group"]
            assert bare(DOCUMENTS[e["source"]].text[e["start"]:e["end"]]) == bare(texts[s["source"][:3]][s["start"]:s["end"]])


def test_split_by_fact_without_leak():
    by_id = {c["id"]: c for c in CASES}
    splits_of_fact, splits_of_group = defaultdict(set), defaultdict(set)
    for c in CASES:
        assert c["split"] in ("dev", "test")
        splits_of_fact[c["fact"]].add(c["split"])
        for group in c["answers"]:
            splits_of_group[tuple(sorted(normalize(a) for a in group))].add(c["split"])
    assert all(len(s) == 1 for s in splits_of_fact.values())
    assert all(len(s) == 1 for s in splits_of_group.values())
    order = {c["id"]: i for i, c in enumerate(CASES)}
    for c in CASES:
        for key in ("followup_of", "after"):
            if c[key]:
                assert order[c[key]] < order[c["id"]] and by_id[c[key]]["split"] == c["split"]
    for split in ("dev", "test"):
        rows = [c for c in CASES if c["split"] == split]
        assert {c["language"] for c in rows} == {"en", "fr", "id", "zh"}
        assert any(not c["answerable"] for c in rows)


def test_committed_fixtures_are_what_the_script_makes():
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "evals" / "documents" / "make_fixtures.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    for number in make.FORMATS:
        seed = make.seed_path(number)
        committed = (CORPUS / make.fixture_name(seed.name)).read_bytes()
        assert make.fixture_bytes(number, seed.read_text(encoding="utf-8")) == committed, number
    cases = make.documents_gold(_lines(SEEDS_GOLD), DOCUMENTS)
    assert cases == CASES
