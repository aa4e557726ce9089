"""The dev split's LLM sentences that verification dropped and that state a value (a number, a
date): for each, its terms besides its values that the question does not hold (``new``, their
share ``share``), and every candidate sentence of the retrieved hits that holds its numbers, dates,
names and places, with its best learned rank for the question or one of its parts, its place in
that order (``top``), whether it is gold evidence, and the bundled model's P(yes) that the sentence
gives this answer to the question (asked when the rank is at least -1.25). The first version of
this probe, before ``verify.value_support`` existed, wrote probe_dev.txt (with the claim-alone
P(yes) of ``Judge.__call__``); this one, over seeds-dev-llamacpp-epyc after it, probe_dev_after.txt
(what it still drops: right claims read 0.62-0.68, wrong ones 0.47-0.66).

    .venv/bin/python evals/tuning/values/probe.py evals/reports/seeds-dev-llamacpp-epyc/report.json \\
        evals/reports/seeds-dev-llamacpp/report.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant import Assistant
from assistant.answer import answerable
from assistant.answer.facts import dates, quantities, without_values
from assistant.answer.generate import sources_for
from assistant.answer.judge import judge_for_settings
from assistant.answer.questions import parts
from assistant.answer.verify import MARKER, _passage_fault, answers, check, places_supported
from assistant.evals.scoring import contains, overlaps
from assistant.ingest.analysis import terms

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "evals"))
from reverify import written  # noqa: E402  (evals/ is no package)


def main() -> None:
    gold = {c["id"]: c for c in map(json.loads, (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8"))}
    bot = Assistant()
    context = bot.answer_context()
    judge = judge_for_settings(bot.settings)
    seen = set()
    for report in sys.argv[1:]:
        for row in json.loads(Path(report).read_text(encoding="utf-8"))["cases"]:
            case = gold[row["id"]]
            if row["type"] == "followup" or (row["abstained"] and not row.get("dropped")):
                continue
            question, language = case["question"], case["language"]
            hits = bot.retrieve(question, language=language)
            sources = sources_for(context, question, language, hits, None, rescue=judge)
            asked = [question] + (parts(question) if len(parts(question)) > 1 else [])
            orders = [answerable.score(context, q, language, hits) for q in asked]
            for claim, _ in written(row, hits):
                if (row["id"], claim.text) in seen or answers(claim, check(claim, sources), sources).ok:
                    continue
                seen.add((row["id"], claim.text))
                text = MARKER.sub("", claim.text)
                if not (quantities(text)[0] or dates(text)):
                    continue
                said = terms(without_values(text), language)
                new = [t for t in said if t not in set(terms(question, language))]
                right = case["answerable"] and any(any(contains(text, a) for a in g) for g in case["answers"])
                tag = "RIGHT" if right else ("wrong" if case["answerable"] else "UNANS")
                print(f"{tag} {row['id']} new={new} share={len(new) / max(len(said), 1):.2f} | {text[:90]}")
                for c in sources.candidates:
                    if _passage_fault(text, c.text, question) or not places_supported(text, c.text):
                        continue
                    rank = max(next((o.rank for o in order if o.id == c.id), -9.0) for order in orders)
                    top = min(next((i for i, o in enumerate(order) if o.id == c.id), 99) for order in orders)
                    on_gold = any(e["source"] == c.hit.chunk.source and overlaps((c.start, c.end), (e["start"], e["end"]))
                                  for e in case.get("evidence", []))
                    p = round(judge.gives(question, text, c.text), 3) if rank >= -1.25 else None
                    print(f"      top={top} rank={rank:.2f} gold={on_gold} p={p} {c.hit.chunk.language} | {c.text[:80]}")


if __name__ == "__main__":
    main()
