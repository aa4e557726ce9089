"""Evidence groups of the seeds' answerable questions that the hits cover: the whole question's
hits, and those with each part's hits added (what `retrieve_parts.diff` did in `core.py`).
Retrieval only, on the seeds index of the project (`assistant index` first).

    .venv/bin/python evals/tuning/parts/retrieve_parts.py [dev|test]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant import Assistant
from assistant.answer.questions import asked_parts
from assistant.evals.scoring import overlaps

ROOT = Path(__file__).resolve().parents[3]


def covered(hits, case: dict) -> tuple[int, int]:
    """(groups some hit overlaps, groups)."""
    groups = {e["group"] for e in case["evidence"]}
    found = {e["group"] for e in case["evidence"] for h in hits
             if h.chunk.source == e["source"] and overlaps((h.chunk.start, h.chunk.end), (e["start"], e["end"]))}
    return len(found), len(groups)


def main(split: str = "dev") -> None:
    bot = Assistant()
    cases = [c for c in map(json.loads, (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8"))
             if c["split"] == split and c["answerable"] and not c["followup_of"]]
    whole_total = merged_total = groups_total = 0
    for case in cases:
        question, language = case["question"], case["language"]
        hits = bot.retrieve(question, language=language)
        merged = list(hits)
        parts = asked_parts(question)
        if len(parts) > 1:
            for part in parts:
                merged += [h for h in bot.retrieve(part, language=language)
                           if all(h.chunk.id != m.chunk.id for m in merged)]
        whole, groups = covered(hits, case)
        with_parts = covered(merged, case)[0]
        whole_total, merged_total, groups_total = whole_total + whole, merged_total + with_parts, groups_total + groups
        if whole != with_parts or (len(parts) > 1 and whole < groups):
            print(case["id"], case["type"], whole, with_parts, groups, question)
    print(f"evidence groups covered: whole question {whole_total}, with each part {merged_total}, of {groups_total}")


if __name__ == "__main__":
    main(*sys.argv[1:])
