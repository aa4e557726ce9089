"""How often ``ingest/language.detect`` names a question's language, on the gold question sets and
every fourth XQuAD dev question (articles 0-23) in its seven languages; and how often
``ingest/language.follow_up`` names a follow-up's, on ``evals/gold/follow_ups.jsonl``: asked first
(no conversation before it), in a conversation in its own language, and in a conversation in each
other language of the seeds (en, fr, id, zh: the user switched), as are the short and entity
questions:

    .venv/bin/python evals/languages.py

Prints and writes ``evals/reports/languages.json``: per set, the share right, per language,
and every question read otherwise.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from assistant.ingest.language import detect, follow_up

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold"
XQUAD = ROOT.parent / "shared" / "benchmarks" / "xquad"
XQUAD_LANGUAGES = ("de", "en", "es", "ru", "th", "vi", "zh")
OUT = ROOT / "evals" / "reports" / "languages.json"  # a file: the folders there are eval runs


def gold(name: str) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in (GOLD / name).open(encoding="utf-8")]
    return [(r["language"], r["question"]) for r in rows]


def xquad_dev() -> list[tuple[str, str]]:
    out = []
    for language in XQUAD_LANGUAGES:
        articles = json.loads((XQUAD / f"xquad.{language}.json").read_text(encoding="utf-8"))["data"][:24]
        questions = [qa["question"] for a in articles for p in a["paragraphs"] for qa in p["qas"]]
        out += [(language, q) for q in questions[::4]]
    return out


SWITCHED_FROM = ("en", "fr", "id", "zh")


def score(questions: list[tuple[str, str]], read=lambda question, language: detect(question)) -> dict:
    """``read(question, language)`` names the question's language (``language``: the true one)."""
    read_as = [(language, read(q, language), q) for language, q in questions]
    wrong = [(language, got, q) for language, got, q in read_as if got != language]
    per = Counter(language for language, _ in questions)
    missed = Counter(language for language, _, _ in wrong)
    return {"n": len(questions), "right": round(1 - len(wrong) / len(questions), 4),
            "per_language": {lang: round(1 - missed[lang] / n, 4) for lang, n in sorted(per.items())},
            "wrong": [{"language": lang, "detected": got, "question": q} for lang, got, q in wrong]}


def main() -> None:
    sets = {"short_questions (dev)": gold("short_questions.jsonl"), "entity_questions": gold("entity_questions.jsonl"),
            "seeds gold": gold("seeds.jsonl"), "xquad dev, every fourth": xquad_dev()}
    report = {name: score(questions) for name, questions in sets.items()}
    for split in ("dev", "test"):
        rows = [r for r in map(json.loads, (GOLD / "follow_ups.jsonl").open(encoding="utf-8")) if r["split"] == split]
        asked = [(r["language"], r["question"]) for r in rows]
        report[f"follow-ups ({split}), asked first"] = score(asked)
        report[f"follow-ups ({split}), in a conversation in their language"] = score(asked, read=follow_up)
        sets[f"follow-ups ({split})"] = asked
    for name in ("follow-ups (dev)", "follow-ups (test)", "short_questions (dev)", "entity_questions"):
        for prior in SWITCHED_FROM:
            others = [(lang, q) for lang, q in sets[name] if lang != prior]
            report[f"{name}, after a question in {prior}"] = score(others, read=lambda q, _, p=prior: follow_up(q, p))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, r in report.items():
        print(f"{name}: {r['right']} of {r['n']}; wrong: {[w['question'] for w in r['wrong']]}")
    print(f"saved {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
