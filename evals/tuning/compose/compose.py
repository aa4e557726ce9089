"""Two ways to join the bundled model's answer with the extractive quote, measured from eval
reports already written (nothing is generated again; needs the seeds index, ``assistant index``):

    .venv/bin/python evals/tuning/compose/compose.py > evals/tuning/compose/compose.txt

1. ``parts``: for a question that asks two things, the LLM's answer followed by the extractive
   backend's sentence for each part (``extractive.by_parts``) that its citations leave out —
   the dev split's LLM run against the gold answers and evidence.
2. ``order``: the LLM's own answer when it gave one, else the extractive answer (``auto`` trying
   llamacpp, then extractive, on every question) — per split, from the two backends' reports.
Scores on gold, as in ``assistant/evals/seeds.py``; nothing reuses the product's own checks.
"""
from __future__ import annotations

import json
from pathlib import Path

from assistant import Assistant
from assistant.answer import answerable, extractive
from assistant.answer.questions import asked_parts
from assistant.evals import seeds
from assistant.evals.scoring import strip_markers
from assistant.ingest.language import detect

ROOT = Path(__file__).resolve().parents[3]
REPORTS = ROOT / "evals" / "reports"
GOLD = {c["id"]: c for c in map(json.loads, (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8"))}


def cases(name: str) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads((REPORTS / name / "report.json").read_text(encoding="utf-8"))["cases"]}


def states(text: str, case: dict) -> bool:
    return all(seeds.matched_groups(text, case["answers"]))


def on_gold(source: str, start: int, end: int, case: dict) -> bool:
    return seeds._on_evidence(source, start, end, case["evidence"])


def parts(report: str) -> None:
    bot = Assistant()
    context = bot.answer_context()
    tally = {"two-part questions the LLM answered": 0, "right before": 0, "right after": 0,
             "sentences added": 0, "added on gold evidence": 0, "answers now in another language": 0}
    for row in cases(report).values():
        case = GOLD[row["id"]]
        asked = asked_parts(case["question"])
        if row["type"] == "followup" or row["abstained"] or not row["own"] or len(asked) < 2:
            continue
        tally["two-part questions the LLM answered"] += 1
        hits = bot.retrieve(case["question"], language=case["language"])
        scored = answerable.score(context, case["question"], case["language"], hits)
        chosen = extractive.by_parts([answerable.score(context, p, case["language"], hits) for p in asked], scored)
        cited = {(c["source"], c["start"]) for c in row["citations"]}
        missing = [c for c in chosen if (c.hit.chunk.source, c.start) not in cited]
        text = " ".join([row["answer"], *(c.text for c in missing)])
        tally["right before"] += case["answerable"] and states(row["answer"], case)
        tally["right after"] += case["answerable"] and states(text, case)
        tally["sentences added"] += len(missing)
        tally["added on gold evidence"] += sum(on_gold(c.hit.chunk.source, c.start, c.end, case) for c in missing)
        tally["answers now in another language"] += bool(missing) and detect(strip_markers(text)) != case["language"]
        for c in missing:
            print(f"  {row['id']} {case['question'][:60]!r} + {c.text[:90]!r} "
                  f"({'on' if on_gold(c.hit.chunk.source, c.start, c.end, case) else 'off'} gold)")
    print(f"parts, {report}:")
    for key, value in tally.items():
        print(f"  {key}: {value}")


SHOWN = ("accuracy", "citation_precision", "reject_recall", "answerable_recall", "language_match")


def scores(rows: list[dict]) -> dict[str, float]:
    """The seeds suite's own scores (``seeds.metrics``: an overrule is neither right nor an abstention)."""
    found = seeds.metrics(rows)
    return {key: found[key] for key in SHOWN}


def order(llm: str, quotes: str) -> None:
    first, then = cases(llm), cases(quotes)
    joined = [r if r["own"] and not r["abstained"] else then[i] for i, r in first.items()]
    print(f"order, {llm} then {quotes}:")
    for name, rows in (("llamacpp alone (its own answers)", list(first.values())), ("extractive alone", list(then.values())),
                       ("llamacpp, else extractive", joined)):
        print(f"  {name}: {scores(rows)}")


if __name__ == "__main__":
    parts("seeds-dev-llamacpp-value")
    order("seeds-dev-llamacpp-value", "seeds-dev-extractive")
    order("seeds-test-llamacpp", "seeds-test-extractive")
