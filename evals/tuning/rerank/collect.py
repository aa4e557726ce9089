"""Would the bundled model's yes/no, asked of each of the best candidate sentences, put the one
that states the answer first? Collects, for the answerable gold questions of a split, the learned
ranking's top candidates, whether each overlaps gold evidence, and the model's P(yes) that it
answers the question (asked one sentence at a time, the question before the sentence so that its
tokens stay evaluated across the candidates).

    .venv/bin/python evals/tuning/rerank/collect.py --split dev --out evals/tuning/rerank/seeds_dev.jsonl
    .venv/bin/python evals/tuning/rerank/collect.py --split dev --prompt gate --out evals/tuning/rerank/seeds_dev_gate.jsonl

Tune on dev (``analyse.py``); the test split only once a rule is chosen.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from assistant import Assistant, Settings
from assistant.answer import answerable
from assistant.answer.judge import READER, shared_judge
from assistant.evals import seeds

ROOT = Path(__file__).resolve().parents[3]
ONE = ("Does this passage state the answer to the question? Answer Yes only if the passage gives the answer "
       "itself; a passage on the same topic that does not give it is No. The question may be in another "
       "language than the passage.\n\n")


def decisions(split: str, answerable_only: bool = True):
    """(case, its query, the gate's decision without the LLM, the shared judge) for each gold case
    of ``split``, asked as the eval asks it (a follow-up after its question)."""
    assistant = Assistant(Settings(corpus_dir=ROOT / "seeds", llm_reader=False))
    by_id = {c["id"]: c for c in seeds.load_cases(ROOT / "evals" / "gold")}
    context = assistant.answer_context()
    judge = shared_judge(context)
    for case in seeds.load_cases(ROOT / "evals" / "gold", split):
        if case["answerable"] or not answerable_only:
            answer = assistant.ask(case["question"], seeds._history(case, by_id), "extractive")
            query = answer.query or case["question"]
            yield case, query, answerable.assess(context, query, answer.language, answer.hits), judge


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev")
    parser.add_argument("--top", type=int, default=4)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--prompt", choices=("one", "gate"), default="one",
                        help="one: the question, then the sentence (ONE); gate: the gate's own prompt with this "
                        "sentence alone, so that its instruction stays evaluated after the gate's call")
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        for case, query, decision, judge in decisions(args.split):
            rows = []
            for c in decision.scored[: args.top]:
                started = time.perf_counter()
                if args.prompt == "gate":
                    p = judge.answers(query, [c.text])
                else:
                    p = judge._p_yes(READER, ONE, f"Question: {case['question']}\nPassage: {c.text}\nAnswer Yes or No.")
                rows.append({"text": c.text, "source": c.hit.chunk.source, "rank": round(c.rank, 4),
                             "score": round(c.score, 4), "p_yes": round(p, 4),
                             "seconds": round(time.perf_counter() - started, 3),
                             "on_evidence": seeds._on_evidence(c.hit.chunk.source, c.start, c.end, case["evidence"])})
            out.write(json.dumps({"id": case["id"], "question": case["question"], "language": case["language"],
                                  "type": case["type"], "abstained": not decision.answerable,
                                  "probability": decision.probability, "candidates": rows},
                                 ensure_ascii=False) + "\n")
            out.flush()


if __name__ == "__main__":
    main()
