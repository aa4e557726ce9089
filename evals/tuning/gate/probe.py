"""Which sentences should the gate's judge read? Seeds dev: the three best by the hand-set score
(today) or by the learned ranking; gold evidence among them, and the judge's P(yes) for each.

    .venv/bin/python evals/tuning/gate/probe.py [--judge] > evals/tuning/gate/probe_dev.txt
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant import Assistant
from assistant.answer import answerable
from assistant.evals.scoring import overlaps

ROOT = Path(__file__).resolve().parents[3]


def on_gold(c, case) -> bool:
    return any(e["source"] == c.hit.chunk.source and overlaps((c.start, c.end), (e["start"], e["end"])) for e in case["evidence"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", action="store_true")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    bot = Assistant()
    context = bot.answer_context()
    judge = None
    if args.judge:
        from assistant.answer.judge import judge_for_settings
        judge = judge_for_settings(bot.settings)
    cases = [c for c in map(json.loads, (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8"))
             if c["split"] == args.split and not c.get("followup_of")]
    for case in cases:
        hits = bot.retrieve(case["question"], language=case["language"])
        scored = answerable.score(context, case["question"], case["language"], hits)
        by_score, by_rank = answerable.by_score(scored)[:3], scored[:3]
        row = {"id": case["id"], "answerable": case["answerable"], "language": case["language"],
               "gold_score": any(on_gold(c, case) for c in by_score), "gold_rank": any(on_gold(c, case) for c in by_rank)}
        if judge:
            row["p_score"] = round(judge.answers(case["question"], [c.text for c in by_score]), 4)
            row["p_rank"] = round(judge.answers(case["question"], [c.text for c in by_rank]), 4)
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.exit(main())
