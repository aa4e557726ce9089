"""The same question as ``collect.py``, asked in one call that costs ~20 tokens after the gate's:
the gate's own prompt (the three best sentences by score, then the question) ending, instead of
"Answer Yes or No.", with "which passage states the answer? Reply with its number"; the
probabilities of the tokens 1, 2, 3 rank the three sentences. The evaluated prefix the two
prompts share (instruction, passages, question) is kept, so only the new ending is evaluated.

    .venv/bin/python evals/tuning/rerank/collect_choice.py --split dev --out evals/tuning/rerank/choice_dev.jsonl
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

from collect import decisions

from assistant.answer import answerable
from assistant.answer.judge import ANSWERS, READER
from assistant.evals import seeds

CHOOSE = "Which passage states the answer? Reply with its number: 1, 2 or 3."


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    digits = None
    with args.out.open("w", encoding="utf-8") as out:
        for case, query, decision, judge in decisions(args.split, answerable_only=False):
            if digits is None:
                digits = [judge._model().tokenize(d.encode(), add_bos=False, special=False)[0] for d in "123"]
            judged = answerable.by_score(decision.scored)[: answerable.TOP]
            if not judged:
                continue
            texts = [c.text for c in judged]
            p_yes = judge.answers(query, texts)
            started = time.perf_counter()
            listed = "\n".join(f"- {t}" for t in texts)
            logits = judge.logits(READER, f"Passages:\n{listed}\n\nQuestion: {query}\n{CHOOSE}", ANSWERS)
            seconds = time.perf_counter() - started
            top = max(float(logits[d]) for d in digits[: len(texts)])
            weights = [math.exp(float(logits[d]) - top) for d in digits[: len(texts)]]
            choice = {c.id: w / sum(weights) for c, w in zip(judged, weights)}
            rows = [{"text": c.text, "rank": round(c.rank, 4), "choice": round(choice.get(c.id, 0.0), 4),
                     "judged": c.id in choice,
                     "on_evidence": seeds._on_evidence(c.hit.chunk.source, c.start, c.end, case["evidence"])}
                    for c in decision.scored if c.id in choice or c is decision.scored[0]]
            out.write(json.dumps({"id": case["id"], "question": case["question"], "answerable": case["answerable"],
                                  "language": case["language"], "p_yes": round(p_yes, 4),
                                  "choice_seconds": round(seconds, 3), "candidates": rows},
                                 ensure_ascii=False) + "\n")
            out.flush()


if __name__ == "__main__":
    main()
