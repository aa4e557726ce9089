"""How often the first quoted sentence overlaps gold evidence when the learned ranking's best
candidates are reordered with the bundled model's judgement; writes ``README.md`` beside it.

    .venv/bin/python evals/tuning/rerank/analyse.py

- ``seeds_dev.jsonl``, ``seeds_dev_gate.jsonl`` (``collect.py``, prompts ``one`` and ``gate``):
  the top K by rank reordered by ``rank + w * logit(P(yes))`` (w = 0: today's order), for every
  question or only when the best two rank within ``gap`` of each other.
- ``choice_dev.jsonl`` (``collect_choice.py``): the gate's three sentences reordered by
  ``rank + w * log P(choice)``.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

HERE = Path(__file__).parent
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 100.0)


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def first_right(cases: list[dict], k: int, w: float, gap: float = math.inf) -> tuple[float, int]:
    """The share of questions whose first sentence is on gold evidence, and how many were judged."""
    right = judged = 0
    for case in cases:
        top = case["candidates"][:k]
        if len(top) > 1 and top[0]["rank"] - top[1]["rank"] < gap:
            judged += 1
            top = [max(top, key=lambda c: c["rank"] + w * logit(c["p_yes"]))]
        right += bool(top) and top[0]["on_evidence"]
    return right / len(cases), judged


def choice_right(cases: list[dict], w: float) -> float:
    return sum(max(case["candidates"], key=lambda c: c["rank"] + w * math.log(max(c["choice"], 0.01)))["on_evidence"]
               for case in cases) / len(cases)


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).open(encoding="utf-8")]


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> None:
    lines = ["# Reordering the extractive backend's sentences with the bundled model (seeds dev): not adopted", "",
             "Written by `evals/tuning/rerank/analyse.py` from the rows in this folder (AMD EPYC, 2 cores, "
             "Qwen2.5-Coder-1.5B-Instruct Q4_K_M). Measured: the share of the dev split's answerable questions "
             "whose first candidate sentence overlaps gold evidence (what the extractive backend quotes first).", ""]
    for name, prompt in (("seeds_dev.jsonl", "the question, then the sentence (`ONE`)"),
                         ("seeds_dev_gate.jsonl", "the gate's own prompt with the sentence alone")):
        cases = load(name)
        among = {k: sum(any(c["on_evidence"] for c in case["candidates"][:k]) for case in cases) / len(cases)
                 for k in (1, 2, 3, 4)}
        seconds = [c["seconds"] for case in cases for c in case["candidates"]]
        lines += [f"## P(yes) of each sentence alone, asked as {prompt} (`{name}`)", "",
                  f"{len(cases)} questions; evidence among the top k: "
                  + ", ".join(f"k={k} {v:.3f}" for k, v in among.items())
                  + f"; one judgement: median {median(seconds):.2f} s (part of the run shared the CPU with CI).", "",
                  "| k | " + " | ".join(f"w={w}" for w in WEIGHTS) + " |", "|---" * (len(WEIGHTS) + 1) + "|"]
        for k in (2, 3, 4):
            lines.append(f"| {k} | " + " | ".join(f"{first_right(cases, k, w)[0]:.3f}" for w in WEIGHTS) + " |")
        lines += ["", "Only when the best two rank within `gap` (k = 3):", "",
                  "| gap | judged | w=0.5 | w=1.0 | w=2.0 |", "|---|---|---|---|---|"]
        for gap in (0.5, 1.0, 1.5):
            judged = first_right(cases, 3, 1.0, gap)[1]
            lines.append(f"| {gap} | {judged}/{len(cases)} | "
                         + " | ".join(f"{first_right(cases, 3, w, gap)[0]:.3f}" for w in (0.5, 1.0, 2.0)) + " |")
        lines.append("")
    gate = load("seeds_dev_gate.jsonl")
    today, chosen = first_right(gate, 3, 0.0)[0], first_right(gate, 3, 1.0, 1.0)[0]
    per_sentence = median([c["seconds"] for case in gate for c in case["candidates"]])
    rows = load("choice_dev.jsonl")
    cases = [r for r in rows if r["answerable"]]
    lines += ["## Which of the gate's three sentences answers? (`choice_dev.jsonl`)", "",
              f"The run was stopped after {len(rows)} questions ({len(cases)} answerable), as clearly worse; "
              f"its extra evaluation: median {median([r['choice_seconds'] for r in rows]):.2f} s.", "",
              "| " + " | ".join(f"w={w}" for w in WEIGHTS) + " |", "|---" * len(WEIGHTS) + "|",
              "| " + " | ".join(f"{choice_right(cases, w):.3f}" for w in WEIGHTS) + " |", "",
              "## Decision", "",
              f"Not adopted. Each sentence's own P(yes), asked with the gate's prompt, moves the first sentence onto "
              f"gold evidence for {round((chosen - today) * len(gate))} more of {len(gate)} questions ({today:.3f} → "
              f"{chosen:.3f} with k = 3, w = 1, gap 1.0; a grid's best is not a choice to trust on {len(gate)} "
              f"questions) at {per_sentence:.2f} s a sentence here, about {3 * per_sentence:.1f} s more on half the "
              "answered questions: the cold `assistant ask` would miss its 5 s again. Asking the model to name the "
              "passage is worse than the ranking alone (position bias). Worth another look if the gate's one joint "
              "call is replaced by per-sentence calls (about the same tokens), which needs the answerability "
              "model's LLM feature recomputed for its 871 training rows."]
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
