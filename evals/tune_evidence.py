"""How much evidence the LLM's prompt should hold: tuned on the seeds' dev split, no LLM needed.

    .venv/bin/python evals/tune_evidence.py --split dev

For each setting of ``prompt.select_evidence`` (token budget, most sentences) over the
candidates in the learned order the LLM backends use (``ranking.py``) and, for comparison, in the
hand-set order they used before (``answerable.by_score``), over the answerable gold questions
(follow-ups left out: they need the LLM to condense), retrieved and scored as the backends do:

- ``gold_in_prompt`` = cases whose prompt evidence holds a sentence overlapping gold evidence;
- ``answer_in_prompt`` = cases whose prompt evidence states an alias of every answer group
  (the answer is there to be read, in some language);
- ``tokens_p50`` = prompt evidence tokens (the cost: about 63 tokens/s on 2 cores).

Writes ``evals/tuning/evidence-<split>.json`` (not an eval report: a tuning table) and prints it.
"""
from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from assistant import Assistant
from assistant.answer.answerable import by_score
from assistant.answer.answerable import score as evidence_candidates
from assistant.answer.prompt import select_evidence
from assistant.evals.scoring import contains, overlaps
from assistant.ingest.language import detect
from assistant.ingest.split import count_tokens

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = [(order, budget, most) for order in ("learned", "hand-set") for budget in (300, 400, 500)
            for most in (4, 6, 10, 14)]


def scored_candidates(bot: Assistant, question: str):
    language = detect(question)
    return evidence_candidates(bot.answer_context(), question, language, bot.retrieve(question, language=language))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    cases = [json.loads(line) for line in (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8")]
    cases = [c for c in cases if c["split"] == args.split and c["answerable"] and c["type"] != "followup"]
    bot = Assistant()
    scored = [(case, scored_candidates(bot, case["question"])) for case in cases]
    rows = []
    for order, budget, most in SETTINGS:
        gold = answer = 0
        tokens = []
        for case, candidates in scored:
            chosen = select_evidence(candidates if order == "learned" else by_score(candidates), budget, most)
            gold += any(e["source"] == s.hit.chunk.source and overlaps((s.start, s.end), (e["start"], e["end"]))
                        for s in chosen for e in case["evidence"])
            text = " ".join(s.text for s in chosen)
            answer += all(any(contains(text, a) for a in group) for group in case["answers"])
            tokens.append(sum(count_tokens(s.text) for s in chosen))
        rows.append({"order": order, "budget": budget, "most": most, "n": len(scored),
                     "gold_in_prompt": round(gold / len(scored), 3),
                     "answer_in_prompt": round(answer / len(scored), 3),
                     "tokens_p50": statistics.median(tokens)})
        print(json.dumps(rows[-1]))
    out = ROOT / "evals" / "tuning" / f"evidence-{args.split}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"split": args.split, "settings": rows}, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
