"""Checks of the verifier claim set evals/gold/claims.jsonl against the seeds corpus (stdlib + pytest, no model).

Each ``*_errors`` function takes the parsed rows and returns a list of messages (empty = fine), so the
checks can also be run on altered data; each test asserts its list is empty.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "evals" / "gold" / "claims.jsonl"
CORPUS = ROOT / "seeds"

KEYS = {"id", "label", "split", "kind", "question", "claim", "language", "source", "start", "end", "note"}
RIGHT_KINDS = {"verbatim", "paraphrase", "translation"}
WRONG_KINDS = {"invented_cause", "swapped_entity", "swapped_number", "swapped_date", "swapped_period", "negation", "lookalike",
               "unsupported_addition"}
LANGUAGES = {"en", "fr", "id", "zh"}

MIN_CLAIMS = 100
MIN_PER_LABEL = {"right": 50, "wrong": 50}
MIN_PER_KIND = {"verbatim": 10, "paraphrase": 15, "translation": 15, "invented_cause": 8, "swapped_entity": 8,
                "swapped_number": 8, "swapped_date": 6, "negation": 6, "lookalike": 8, "unsupported_addition": 4}
MIN_PER_LANGUAGE = 20
MIN_CROSS_LANGUAGE_SHARE = 0.40
SPLITS = ("dev", "test")
MIN_SPLIT_SHARE = 0.35  # each split holds 35-65 % of the claims, with both labels and every language
MIN_SPLIT_LABEL = 20
MIN_VERBATIM_OVERLAP = 0.6  # share of a verbatim claim's words (zh: characters) found in its cited sentence

# Main language of each corpus file, by its name's prefix.  002 mixes Durov's English post and bullets with
# Chinese reposts; its Chinese sentences are told by script (CJK -> zh), so its main language is English.
FILE_LANGUAGE = {"000": "en", "001": "fr", "002": "en", "003": "id", "004": "en"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TERMINAL = ".!?。！？…"
CLOSERS = "”\"’)）」』"
ABBREVIATIONS = ("Mr.", "U.S.", "U.N.")
CITATION_MARKER = re.compile(r"\[\d+\]")
SHOW = 25  # messages shown per failing check


@cache
def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def corpus_files() -> set[str]:
    return {p.name for p in CORPUS.glob("*.txt")}


def load(path: Path = CLAIMS) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def text_language(text: str, source: str) -> str:
    """Language of a corpus sentence: any CJK character -> zh, else the main language of its file."""
    return "zh" if CJK.search(text) else FILE_LANGUAGE[source[:3]]


def span_text(row: dict) -> str:
    return corpus_text(row["source"])[row["start"]:row["end"]]


def span_ok(row: dict) -> bool:
    """True when start/end can be used to slice the cited file (checked in detail by span_errors)."""
    if row.get("source") not in corpus_files():
        return False
    start, end = row.get("start"), row.get("end")
    if type(start) is not int or type(end) is not int:
        return False
    return 0 <= start < end <= len(corpus_text(row["source"]))


def is_cross_language(row: dict) -> bool:
    return row["language"] != text_language(span_text(row), row["source"])


def schema_errors(rows: list[dict]) -> list[str]:
    errors, files = [], corpus_files()
    for n, row in enumerate(rows, 1):
        where = f"row {n} ({row.get('id')})"
        if set(row) != KEYS:
            errors.append(f"{where}: keys {sorted(set(row) ^ KEYS)} missing or extra")
            continue
        if row["label"] == "right" and row["kind"] not in RIGHT_KINDS:
            errors.append(f"{where}: right claim with kind {row['kind']!r}")
        elif row["label"] == "wrong" and row["kind"] not in WRONG_KINDS:
            errors.append(f"{where}: wrong claim with kind {row['kind']!r}")
        elif row["label"] not in ("right", "wrong"):
            errors.append(f"{where}: label {row['label']!r}")
        if row["language"] not in LANGUAGES:
            errors.append(f"{where}: language {row['language']!r}")
        for key in ("question", "claim", "note"):
            if not isinstance(row[key], str) or not row[key].strip():
                errors.append(f"{where}: {key} is not a non-empty string")
            elif "\n" in row[key]:
                errors.append(f"{where}: {key} spans several lines")
        if row["source"] not in files:
            errors.append(f"{where}: source {row['source']!r} is not a file of {CORPUS.name}/")
        for key in ("start", "end"):
            if type(row[key]) is not int:
                errors.append(f"{where}: {key} is not an int")
    return errors


def id_errors(rows: list[dict]) -> list[str]:
    ids = [row.get("id") for row in rows]
    errors = [f"id {i!r} used {c} times" for i, c in Counter(ids).items() if c > 1]
    errors += [f"row {n}: id {i!r}, expected 'c{n:03d}'" for n, i in enumerate(ids, 1) if i != f"c{n:03d}"]
    return errors


def span_errors(rows: list[dict]) -> list[str]:
    errors = []
    for row in rows:
        where = row.get("id")
        if not span_ok(row):
            errors.append(f"{where}: span {row.get('start')}..{row.get('end')} is not a slice of {row.get('source')}")
            continue
        text, start, end = corpus_text(row["source"]), row["start"], row["end"]
        span = text[start:end]
        if not span.strip():
            errors.append(f"{where}: span is blank")
            continue
        if span != span.strip():
            errors.append(f"{where}: span has leading/trailing whitespace: {span[:40]!r}")
        if "\n" in span:
            errors.append(f"{where}: span crosses a line break: {span[:60]!r}")
        if start > 0 and not (text[start - 1].isspace() or text[start - 1] in TERMINAL):
            errors.append(f"{where}: span starts inside a sentence: ...{text[max(0, start - 15):start + 15]!r}")
        if not (span[-1] in TERMINAL + CLOSERS or end == len(text) or text[end] == "\n"):
            errors.append(f"{where}: span ends inside a sentence: {text[end - 15:end + 15]!r}...")
    return errors


def one_sentence(claim: str) -> bool:
    body = claim.strip()
    for abbreviation in ABBREVIATIONS:
        body = body.replace(abbreviation, "_" * len(abbreviation))
    body = re.sub(r"(?<=\d)[.,](?=\d)", "_", body)  # decimals: €5.1m, 9.5 亿
    if not body or body.rstrip(CLOSERS)[-1:] not in TERMINAL:
        return False
    inner = body.rstrip(CLOSERS)[:-1]
    return not any(ch in TERMINAL for ch in inner)


def claim_errors(rows: list[dict]) -> list[str]:
    errors = []
    for row in rows:
        where, claim, question = row.get("id"), row.get("claim", ""), row.get("question", "")
        if CITATION_MARKER.search(claim):
            errors.append(f"{where}: claim carries a [n] citation marker")
        if not one_sentence(claim):
            errors.append(f"{where}: claim is not exactly one sentence: {claim!r}")
        for key, value in (("claim", claim), ("question", question)):
            if (row.get("language") == "zh") != bool(CJK.search(value)):
                errors.append(f"{where}: {key} script does not match language {row.get('language')!r}")
        if claim.strip() == question.strip():
            errors.append(f"{where}: claim repeats the question")
        if row.get("label") == "wrong" and span_ok(row) and claim.strip() == span_text(row).strip():
            errors.append(f"{where}: wrong claim is the cited sentence itself")
    errors += [f"claim used {c} times: {t!r}" for t, c in Counter(r.get("claim") for r in rows).items() if c > 1]
    return errors


def overlap(claim: str, span: str, language: str) -> float:
    if language == "zh":
        units = [ch for ch in claim if CJK.match(ch) or ch.isalnum()]
        return sum(ch in span for ch in units) / max(1, len(units))
    words = re.findall(r"\w+", claim.lower())
    span_words = set(re.findall(r"\w+", span.lower()))
    return sum(w in span_words for w in words) / max(1, len(words))


def kind_language_errors(rows: list[dict]) -> list[str]:
    """translation <-> cross-language; verbatim claims mostly reuse the cited sentence's words."""
    errors = []
    for row in rows:
        if not span_ok(row) or row.get("language") not in LANGUAGES:
            continue
        where, kind, cross = row["id"], row.get("kind"), is_cross_language(row)
        if kind == "translation" and not cross:
            errors.append(f"{where}: translation claim in the same language as its cited sentence")
        if kind in ("verbatim", "paraphrase") and cross:
            errors.append(f"{where}: {kind} claim in another language than its cited sentence")
        if kind == "verbatim" and overlap(row["claim"], span_text(row), row["language"]) < MIN_VERBATIM_OVERLAP:
            errors.append(f"{where}: verbatim claim shares too little with its cited sentence")
    return errors


def composition_errors(rows: list[dict]) -> list[str]:
    errors = []
    if len(rows) < MIN_CLAIMS:
        errors.append(f"{len(rows)} claims, need >= {MIN_CLAIMS}")
    labels = Counter(row.get("label") for row in rows)
    errors += [f"{labels[k]} {k} claims, need >= {n}" for k, n in MIN_PER_LABEL.items() if labels[k] < n]
    kinds = Counter(row.get("kind") for row in rows)
    errors += [f"{kinds[k]} {k} claims, need >= {n}" for k, n in MIN_PER_KIND.items() if kinds[k] < n]
    languages = Counter(row.get("language") for row in rows)
    errors += [f"{languages[k]} {k} claims, need >= {MIN_PER_LANGUAGE}" for k in sorted(LANGUAGES)
               if languages[k] < MIN_PER_LANGUAGE]
    cross = sum(1 for row in rows if span_ok(row) and row.get("language") in LANGUAGES and is_cross_language(row))
    if not rows or cross / len(rows) < MIN_CROSS_LANGUAGE_SHARE:
        errors.append(f"{cross}/{len(rows)} claims cross languages, need >= {MIN_CROSS_LANGUAGE_SHARE:.0%}")
    return errors


def sentence_split(source: str, start: int) -> str:
    """The split of every claim citing the sentence at ``source:start``: the first byte of its sha1,
    even -> dev, odd -> test. Claims about one sentence never straddle the splits."""
    return SPLITS[hashlib.sha1(f"{source}:{start}".encode()).digest()[0] % 2]


def split_errors(rows: list[dict]) -> list[str]:
    errors = []
    for row in rows:
        if row.get("split") not in SPLITS:
            errors.append(f"{row.get('id')}: split {row.get('split')!r}, expected one of {SPLITS}")
        elif row["split"] != sentence_split(row.get("source"), row.get("start")):
            errors.append(f"{row.get('id')}: split {row['split']!r} breaks the rule (sha1 of source:start)")
    for split in SPLITS:
        part = [row for row in rows if row.get("split") == split]
        if len(part) < MIN_SPLIT_SHARE * len(rows):
            errors.append(f"{split}: {len(part)} of {len(rows)} claims, need >= {MIN_SPLIT_SHARE:.0%}")
        labels = Counter(row.get("label") for row in part)
        errors += [f"{split}: {labels[k]} {k} claims, need >= {MIN_SPLIT_LABEL}" for k in MIN_PER_LABEL
                   if labels[k] < MIN_SPLIT_LABEL]
        missing = LANGUAGES - {row.get("language") for row in part}
        if missing:
            errors.append(f"{split}: no claim in {sorted(missing)}")
    return errors


def check(errors: list[str]) -> None:
    assert not errors, f"{len(errors)} problem(s):\n" + "\n".join(errors[:SHOW])


def test_file_parses_and_is_not_empty():
    assert load(), f"{CLAIMS} holds no claims"


def test_schema():
    check(schema_errors(load()))


def test_ids_unique_and_ordered():
    check(id_errors(load()))


def test_spans_are_whole_sentences_of_the_corpus():
    check(span_errors(load()))


def test_claims_are_single_sentences_in_their_language():
    check(claim_errors(load()))


def test_kinds_match_languages():
    check(kind_language_errors(load()))


def test_split_by_cited_sentence():
    check(split_errors(load()))


def test_split_check_bites():
    rows = load()
    flipped = [dict(rows[0], split="test" if rows[0]["split"] == "dev" else "dev")] + rows[1:]
    assert any("breaks the rule" in e for e in split_errors(flipped))
    assert any("need >=" in e for e in split_errors([dict(r, split="dev") for r in rows]))
    assert any("split None" in e for e in split_errors([{k: v for k, v in rows[0].items() if k != "split"}]))


def test_composition():
    check(composition_errors(load()))
