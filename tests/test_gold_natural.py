"""Checks of ``evals/gold/natural/seeds.jsonl`` — plain questions a user would ask first, written
apart from the gold set — against the seeds corpus: the gold set's own rules
(``tests/test_gold.py``), and no answer asked in one split here and the other in the gold set, so
that tuning on either dev split never sees a test answer."""
from __future__ import annotations

from collections import Counter

import pytest

from .test_gold import (
    ROOT,
    alias_in_span_errors,
    answerability_errors,
    load_cases,
    load_corpus,
    normalize,
    schema_errors,
    source_errors,
    span_errors,
    specificity_errors,
    split_errors,
    type_errors,
)

NATURAL = ROOT / "evals" / "gold" / "natural" / "seeds.jsonl"
TYPES = {"single", "multi", "only_other_language", "why_how", "unanswerable"}


def _cases() -> list[dict]:
    return load_cases(NATURAL)


@pytest.mark.parametrize("check", [schema_errors, answerability_errors, source_errors, split_errors])
def test_natural_questions_keep_the_gold_sets_rules(check):
    errors = check(_cases())
    assert not errors, "\n".join(errors[:25])


@pytest.mark.parametrize("check", [span_errors, alias_in_span_errors, specificity_errors, type_errors])
def test_natural_evidence_keeps_the_gold_sets_rules(check):
    errors = check(_cases(), load_corpus())
    assert not errors, "\n".join(errors[:25])


def test_ids_types_and_languages():
    cases = _cases()
    assert [c["id"] for c in cases] == [f"n{i:03d}" for i in range(1, len(cases) + 1)]
    assert {c["type"] for c in cases} <= TYPES
    languages = Counter(c["language"] for c in cases)
    assert set(languages) == {"en", "fr", "id", "zh"} and min(languages.values()) >= 10, languages
    answerable = [c for c in cases if c["answerable"]]
    other = sum(c["type"] == "only_other_language" for c in answerable)
    assert other >= 0.4 * len(answerable), "the answer only in another language is the hard case"
    assert {c["split"] for c in cases if not c["answerable"]} == {"dev", "test"}


def test_no_answer_crosses_the_gold_sets_splits():
    gold_split = {}
    for case in load_cases():
        for group in case["answers"]:
            for alias in group:
                gold_split.setdefault(normalize(alias), set()).add(case["split"])
    crossing = [f"{c['id']} ({c['split']}): {alias!r} is answered in the gold set's {gold_split[normalize(alias)]}"
                for c in _cases() for group in c["answers"] for alias in group
                if normalize(alias) in gold_split and gold_split[normalize(alias)] != {c["split"]}]
    assert not crossing, "\n".join(crossing[:25])
