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

from assistant import Assistant, Settings
from assistant.answer import answerable
from assistant.answer.judge import ANSWERS, READER, shared_judge
from assistant.evals import seeds

ROOT = Path(__file__).resolve().parents[3]
CHOOSE = "Which passage states the answer? Reply with its number: 1, 2 or 3."


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    assistant = Assistant(Settings(corpus_dir=ROOT / "seeds", llm_reader=False))
    cases = seeds.load_cases(ROOT / "evals" / "gold", args.split)
    by_id = {c["id"]: c for c in seeds.load_cases(ROOT / "evals" / "gold")}
    context = assistant.answer_context()
    judge = shared_judge(context)
    llama = judge._model()
    digits = [llama.tokenize(d.encode(), add_bos=False, special=False)[0] for d in "123"]
    with args.out.open("w", encoding="utf-8") as out:
        for case in cases:
            answer = assistant.ask(case["question"], seeds._history(case, by_id), "extractive")
            query = answer.query or case["question"]
            decision = answerable.assess(context, query, answer.language, answer.hits)
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
