"""Checks of the gold set evals/gold/seeds.jsonl against the seeds corpus (no model, stdlib + pytest).

Each ``*_errors`` function returns a list of messages (empty = fine), so the checks can also be run
on altered data; each test asserts its list is empty.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold" / "seeds.jsonl"
CORPUS = ROOT / "seeds"

KEYS = {"id", "fact", "split", "question", "language", "answerable", "type", "answers", "evidence",
        "gold_sources", "followup_of", "after", "note"}
EVIDENCE_KEYS = {"source", "start", "end", "group"}
LANGUAGES = {"en", "fr", "id", "zh"}
SPLITS = {"dev", "test"}
TYPES = {"single", "multi", "only_other_language", "why_how", "two_files", "followup", "new_topic", "conflict",
         "unanswerable"}

# Main language of each corpus file, by its name's prefix.  002 is mixed: Durov's English post and
# English bullet points, plus Chinese reposts (Simplified and one Traditional line) -- its Chinese
# sentences are told by script below, so its main language here is English.
FILE_LANGUAGE = {"000": "en", "001": "fr", "002": "en", "003": "id", "004": "en"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

MIN_CASES = 160
MIN_PER_TYPE = {"unanswerable": 40, "why_how": 20, "two_files": 20, "followup": 10, "new_topic": 10, "conflict": 10}
MIN_LANGUAGE_SHARE = 0.25
MIN_CROSS_LANGUAGE_SHARE = 0.40
SPLIT_SHARE = (0.40, 0.60)
SHOW = 25  # messages shown per failing check


def normalize(text: str) -> str:
    """Matching form: casefold, curly single quotes to ', runs of whitespace to one space."""
    return re.sub(r"\s+", " ", text.casefold().replace("\u2019", "'").replace("\u2018", "'"))


def normalized_with_offsets(text: str) -> tuple[str, list[int]]:
    """normalize(text) plus, for each of its characters, the index in ``text`` it comes from."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        piece = normalize(ch)
        if piece == " " and out and out[-1] == " ":
            continue
        out.extend(piece)
        offsets.extend([i] * len(piece))
    norm = "".join(out)
    assert norm == normalize(text), "normalize() is not character-wise"
    return norm, offsets


@cache
def load_corpus() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


@cache
def _normalized_corpus() -> dict[str, tuple[str, list[int]]]:
    return {name: normalized_with_offsets(text) for name, text in load_corpus().items()}


def load_cases(path: Path = GOLD) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def span_language(source: str, text: str) -> str:
    """A span's language: zh if it holds CJK characters, else its file's main language."""
    return "zh" if CJK.search(text) else FILE_LANGUAGE[source[:3]]


def _span_languages(case: dict, corpus: dict[str, str]) -> set[str]:
    return {span_language(e["source"], corpus[e["source"]][e["start"]:e["end"]]) for e in case["evidence"]}


def _valid_spans(case: dict, corpus: dict[str, str]) -> bool:
    return all(e["source"] in corpus and 0 <= e["start"] < e["end"] <= len(corpus[e["source"]])
               for e in case["evidence"])


def _fail(errors: list[str]) -> str:
    more = f"\n... and {len(errors) - SHOW} more" if len(errors) > SHOW else ""
    return "\n".join(errors[:SHOW]) + more


# ----------------------------------------------------------------------------------------------
# Checks


def schema_errors(cases: list[dict]) -> list[str]:
    errors = []
    for n, c in enumerate(cases):
        cid = c.get("id", f"line {n + 1}")
        if set(c) != KEYS:
            errors.append(f"{cid}: keys {sorted(set(c) ^ KEYS)} missing or unexpected")
            continue
        for key in ("id", "fact", "question", "note"):
            if not isinstance(c[key], str) or not c[key].strip():
                errors.append(f"{cid}: {key} must be a non-empty string")
        if "\n" in c["note"] or "\n" in c["question"]:
            errors.append(f"{cid}: note and question must be one line")
        if c["split"] not in SPLITS:
            errors.append(f"{cid}: split {c['split']!r}")
        if c["language"] not in LANGUAGES:
            errors.append(f"{cid}: language {c['language']!r}")
        if c["type"] not in TYPES:
            errors.append(f"{cid}: type {c['type']!r}")
        if not isinstance(c["answerable"], bool):
            errors.append(f"{cid}: answerable must be a bool")
        for key in ("followup_of", "after"):
            if c[key] is not None and not isinstance(c[key], str):
                errors.append(f"{cid}: {key} must be an id or null")
        if not isinstance(c["gold_sources"], list) or not all(isinstance(s, str) for s in c["gold_sources"]):
            errors.append(f"{cid}: gold_sources must be a list of file names")
        answers = c["answers"]
        if not isinstance(answers, list) or not all(isinstance(g, list) and g for g in answers):
            errors.append(f"{cid}: answers must be a list of non-empty alias groups")
            continue
        for g, group in enumerate(answers):
            seen = set()
            for alias in group:
                if not isinstance(alias, str) or not alias.strip() or alias != alias.strip():
                    errors.append(f"{cid}: group {g}: bad alias {alias!r}")
                    continue
                if normalize(alias) in seen:
                    errors.append(f"{cid}: group {g}: duplicate alias {alias!r}")
                seen.add(normalize(alias))
        if not isinstance(c["evidence"], list):
            errors.append(f"{cid}: evidence must be a list")
            continue
        for e in c["evidence"]:
            if not isinstance(e, dict) or set(e) != EVIDENCE_KEYS:
                errors.append(f"{cid}: evidence item {e!r} must have keys {sorted(EVIDENCE_KEYS)}")
            elif not (isinstance(e["source"], str) and all(type(e[k]) is int for k in ("start", "end", "group"))):
                errors.append(f"{cid}: evidence item {e!r}: source str, start/end/group int")
        if c["language"] == "zh" and not CJK.search(c["question"]):
            errors.append(f"{cid}: a zh question must be written in Chinese")
        if c["language"] != "zh" and CJK.search(c["question"]):
            errors.append(f"{cid}: a {c['language']} question holds Chinese characters")
    return errors


def id_errors(cases: list[dict]) -> list[str]:
    ids = [c["id"] for c in cases]
    expected = [f"s{i:03d}" for i in range(1, len(cases) + 1)]
    errors = [f"position {i + 1}: id {got!r}, expected {want!r}" for i, (got, want) in enumerate(zip(ids, expected))
              if got != want]
    errors += [f"duplicate id {i}" for i, n in Counter(ids).items() if n > 1]
    return errors


def answerability_errors(cases: list[dict]) -> list[str]:
    errors = []
    for c in cases:
        cid = c["id"]
        if c["answerable"] != (c["type"] != "unanswerable"):
            errors.append(f"{cid}: answerable={c['answerable']} but type {c['type']}")
        if c["answerable"]:
            if not c["answers"] or not c["evidence"]:
                errors.append(f"{cid}: an answerable case needs answers and evidence")
            groups = {e["group"] for e in c["evidence"]}
            for e in c["evidence"]:
                if not 0 <= e["group"] < len(c["answers"]):
                    errors.append(f"{cid}: evidence group {e['group']} has no alias group")
            for g in range(len(c["answers"])):
                if g not in groups:
                    errors.append(f"{cid}: alias group {g} has no evidence span")
        elif c["answers"] or c["evidence"] or c["gold_sources"]:
            errors.append(f"{cid}: an unanswerable case has answers/evidence/gold_sources")
        keyed = [(e["source"], e["start"], e["end"], e["group"]) for e in c["evidence"]]
        if len(keyed) != len(set(keyed)):
            errors.append(f"{cid}: duplicate evidence span")
    return errors


def span_errors(cases: list[dict], corpus: dict[str, str]) -> list[str]:
    errors = []
    for c in cases:
        for e in c["evidence"]:
            text = corpus.get(e["source"])
            if text is None:
                errors.append(f"{c['id']}: unknown source {e['source']!r}")
            elif not 0 <= e["start"] < e["end"] <= len(text):
                errors.append(f"{c['id']}: span {e['start']}:{e['end']} outside {e['source']} (len {len(text)})")
    return errors


def alias_in_span_errors(cases: list[dict], corpus: dict[str, str]) -> list[str]:
    errors = []
    for c in cases:
        if not _valid_spans(c, corpus):
            continue
        for e in c["evidence"]:
            if not 0 <= e["group"] < len(c["answers"]):
                continue
            span = normalize(corpus[e["source"]][e["start"]:e["end"]])
            if not any(normalize(a) in span for a in c["answers"][e["group"]]):
                errors.append(f"{c['id']}: span {e['source']} {e['start']}:{e['end']} holds no alias of group "
                              f"{e['group']}: {corpus[e['source']][e['start']:e['end']][:80]!r}")
    return errors


def specificity_errors(cases: list[dict], corpus: dict[str, str]) -> list[str]:
    """Every occurrence of every alias in the corpus must overlap one of the case's evidence spans."""
    errors = []
    normalized = _normalized_corpus() if corpus is load_corpus() else {
        name: normalized_with_offsets(text) for name, text in corpus.items()}
    for c in cases:
        spans = defaultdict(list)
        for e in c["evidence"]:
            spans[e["source"]].append((e["start"], e["end"]))
        for g, group in enumerate(c["answers"]):
            for alias in group:
                needle = normalize(alias)
                if not needle.strip():
                    continue
                for source, (norm, offsets) in normalized.items():
                    i = norm.find(needle)
                    while i >= 0:
                        start, end = offsets[i], offsets[i + len(needle) - 1] + 1
                        if not any(s < end and start < e for s, e in spans[source]):
                            context = corpus[source][max(0, start - 40):end + 40].replace("\n", " ")
                            errors.append(f"{c['id']} ({c['fact']}): alias {alias!r} (group {g}) occurs in {source} "
                                          f"at {start}:{end} outside the evidence: ...{context}...")
                        i = norm.find(needle, i + 1)
    return errors


def source_errors(cases: list[dict]) -> list[str]:
    return [f"{c['id']}: gold_sources {c['gold_sources']} != sorted evidence sources "
            f"{sorted({e['source'] for e in c['evidence']})}"
            for c in cases if c["gold_sources"] != sorted({e["source"] for e in c["evidence"]})]


def split_errors(cases: list[dict]) -> list[str]:
    errors = []
    splits = defaultdict(set)
    for c in cases:
        splits[c["fact"]].add(c["split"])
    errors += [f"fact {fact!r} is in both splits" for fact, s in splits.items() if len(s) > 1]
    # no alias group (a piece of an answer) is asked in both splits
    groups = defaultdict(set)
    for c in cases:
        for group in c["answers"]:
            groups[frozenset(normalize(a) for a in group)].add((c["split"], c["id"]))
    for key, where in groups.items():
        if len({s for s, _ in where}) > 1:
            errors.append(f"alias group {sorted(key)[:3]}... is answered in dev and test: {sorted(i for _, i in where)}")
    return errors


def pointer_errors(cases: list[dict]) -> list[str]:
    errors = []
    position = {c["id"]: n for n, c in enumerate(cases)}
    by_id = {c["id"]: c for c in cases}
    for n, c in enumerate(cases):
        cid = c["id"]
        wanted = {"followup_of": c["type"] == "followup", "after": c["type"] == "new_topic"}
        for key, needed in wanted.items():
            ref = c[key]
            if not needed:
                if ref is not None:
                    errors.append(f"{cid}: {key} set on a {c['type']} case")
                continue
            if ref is None:
                errors.append(f"{cid}: a {c['type']} case needs {key}")
            elif ref not in position:
                errors.append(f"{cid}: {key} {ref!r} is not a gold case")
            elif position[ref] >= n:
                errors.append(f"{cid}: {key} {ref!r} is not an earlier case")
            else:
                target = by_id[ref]
                if target["split"] != c["split"]:
                    errors.append(f"{cid}: {key} {ref} is in split {target['split']}, not {c['split']}")
                if key == "after" and target["fact"] == c["fact"]:
                    errors.append(f"{cid}: new_topic after {ref} which asks the same fact {c['fact']!r}")
                if key == "followup_of" and target["fact"] == c["fact"] and target["question"] == c["question"]:
                    errors.append(f"{cid}: follow-up repeats {ref}")
    return errors


def type_errors(cases: list[dict], corpus: dict[str, str]) -> list[str]:
    errors = []
    for c in cases:
        if not c["answerable"] or not _valid_spans(c, corpus):
            continue
        cid, t = c["id"], c["type"]
        sources = {e["source"] for e in c["evidence"]}
        langs = _span_languages(c, corpus)
        by_group = defaultdict(set)
        for e in c["evidence"]:
            by_group[e["group"]].add(e["source"])
        if t == "single" and (len(sources) != 1 or c["language"] not in langs):
            errors.append(f"{cid}: single needs one file with a span in the question's language")
        if t == "only_other_language" and (len(sources) != 1 or c["language"] in langs):
            errors.append(f"{cid}: only_other_language needs one file and no span in {c['language']}")
        if t == "multi" and len(sources) < 2:
            errors.append(f"{cid}: multi needs evidence in two files or more")
        if t == "two_files":
            if len(c["answers"]) < 2 or len(sources) < 2:
                errors.append(f"{cid}: two_files needs two alias groups and two files")
            elif any(all(s in by_group[g] for g in range(len(c["answers"]))) for s in sources):
                errors.append(f"{cid}: two_files but one file supports every group")
        if t == "conflict" and (len(c["answers"]) < 2 or len(sources) < 2
                                or len({frozenset(v) for v in by_group.values()}) < 2):
            errors.append(f"{cid}: conflict needs two versions (groups) supported by different files")
        if t == "why_how" and len(c["evidence"]) < 2:
            errors.append(f"{cid}: why_how needs at least two sentences of evidence")
    return errors


def composition(cases: list[dict], corpus: dict[str, str]) -> dict:
    cross = sum(1 for c in cases if c["evidence"] and _valid_spans(c, corpus)
                and c["language"] not in _span_languages(c, corpus))
    return {
        "total": len(cases),
        "type": Counter(c["type"] for c in cases),
        "language": Counter(c["language"] for c in cases),
        "split": Counter(c["split"] for c in cases),
        "split_type": Counter((c["split"], c["type"]) for c in cases),
        "split_language": Counter((c["split"], c["language"]) for c in cases),
        "cross_language": cross,
    }


def composition_errors(cases: list[dict], corpus: dict[str, str]) -> list[str]:
    comp = composition(cases, corpus)
    n = comp["total"]
    errors = []
    if n < MIN_CASES:
        errors.append(f"{n} cases, need >= {MIN_CASES}")
    for t, least in MIN_PER_TYPE.items():
        if comp["type"][t] < least:
            errors.append(f"{comp['type'][t]} {t} cases, need >= {least}")
    for lang in sorted(LANGUAGES):
        if comp["language"][lang] < MIN_LANGUAGE_SHARE * n:
            errors.append(f"{comp['language'][lang]} {lang} questions, need >= {MIN_LANGUAGE_SHARE:.0%} of {n}")
    if comp["cross_language"] < MIN_CROSS_LANGUAGE_SHARE * n:
        errors.append(f"{comp['cross_language']} questions asked in a language none of their evidence is in, "
                      f"need >= {MIN_CROSS_LANGUAGE_SHARE:.0%} of {n}")
    low, high = SPLIT_SHARE
    for split in sorted(SPLITS):
        if not low * n <= comp["split"][split] <= high * n:
            errors.append(f"split {split} has {comp['split'][split]} of {n} cases, not roughly half")
        for t in sorted(TYPES):
            if not comp["split_type"][(split, t)]:
                errors.append(f"split {split} has no {t} case")
        for lang in sorted(LANGUAGES):
            if not comp["split_language"][(split, lang)]:
                errors.append(f"split {split} has no {lang} question")
    return errors


# ----------------------------------------------------------------------------------------------
# Tests


def _cases() -> list[dict]:
    return load_cases()


def test_normalize():
    assert normalize("L\u2019A\u2018b  C\n\tD") == "l'a'b c d"
    norm, offsets = normalized_with_offsets("A\u2019 \n B")
    assert norm == "a' b" and offsets == [0, 1, 2, 5]


def test_schema_and_keys():
    errors = schema_errors(_cases())
    assert not errors, _fail(errors)


def test_ids_unique_and_ordered():
    errors = id_errors(_cases())
    assert not errors, _fail(errors)


def test_answerable_cases_have_answers_and_evidence():
    errors = answerability_errors(_cases())
    assert not errors, _fail(errors)


def test_evidence_spans_are_real_slices():
    errors = span_errors(_cases(), load_corpus())
    assert not errors, _fail(errors)


def test_each_span_holds_an_alias_of_its_group():
    errors = alias_in_span_errors(_cases(), load_corpus())
    assert not errors, _fail(errors)


def test_aliases_are_specific():
    errors = specificity_errors(_cases(), load_corpus())
    assert not errors, _fail(errors)


def test_gold_sources_match_evidence():
    errors = source_errors(_cases())
    assert not errors, _fail(errors)


def test_facts_and_answer_groups_stay_in_one_split():
    errors = split_errors(_cases())
    assert not errors, _fail(errors)


def test_followup_and_new_topic_pointers():
    errors = pointer_errors(_cases())
    assert not errors, _fail(errors)


def test_types_match_evidence():
    errors = type_errors(_cases(), load_corpus())
    assert not errors, _fail(errors)


def test_composition():
    errors = composition_errors(_cases(), load_corpus())
    assert not errors, _fail(errors)
