"""How should the extractive backend pick a sentence for each thing a question asks? Seeds dev,
answerable questions that ask two things (``questions.parts``), three ways, each sentence once,
only above ``ranking.MIN_ANSWER_RANK``, counted only when two or more sentences are picked:

- ``part``: the best by the learned ranking for the part alone, parts in the order asked;
- ``mean``: the best by the mean of its rank for the part and for the whole question (adopted);
- ``joint``: the distinct sentences, among each part's three best by that mean, whose sum is highest;
- ``greedy`` (stop 39): (part, sentence) pairs by that mean, best first, each part and each sentence
  taken once: a sentence goes to the part it rates best for ("Berapa usia Durov" took the bail
  sentence, rated far better for "berapa jaminan …?", and the bail part was left with nothing).

Scored against gold: whether the sentences state every answer group, and how many overlap gold
evidence. Output: probe_dev.txt.

    .venv/bin/python evals/tuning/parts/probe.py > evals/tuning/parts/probe_dev.txt
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

from assistant import Assistant
from assistant.answer import answerable
from assistant.answer.questions import parts
from assistant.answer.ranking import MIN_ANSWER_RANK
from assistant.evals.scoring import contains

ROOT = Path(__file__).resolve().parents[3]


def states(text: str, case: dict) -> bool:
    return all(any(contains(text, a) for a in group) for group in case["answers"])


def on_gold(c, case: dict) -> bool:
    return any(e["source"] == c.hit.chunk.source and c.start < e["end"] and e["start"] < c.end for e in case["evidence"])


def pick(way: str, ranked_parts: list[list], whole: dict) -> list:
    rate = (lambda c: c.rank) if way == "part" else (lambda c: (c.rank + whole[c.id]) / 2)
    if way == "joint":
        tops = [sorted(r, key=rate, reverse=True)[:3] for r in ranked_parts]
        combos = [combo for combo in itertools.product(*tops) if len({c.id for c in combo}) == len(combo)]
        best = max(combos, key=lambda combo: sum(rate(c) for c in combo), default=())
        return [c for c in best if rate(c) >= MIN_ANSWER_RANK]
    if way == "greedy":
        pairs = sorted(((rate(c), i, c) for i, r in enumerate(ranked_parts) for c in r), key=lambda x: -x[0])
        taken: dict[int, object] = {}
        for rating, i, c in pairs:
            if rating >= MIN_ANSWER_RANK and i not in taken and all(c.id != o.id for o in taken.values()):
                taken[i] = c
        return [taken[i] for i in sorted(taken)]
    chosen = []
    for ranked in ranked_parts:
        left = [c for c in ranked if all(c.id != o.id for o in chosen)]
        top = max(left, key=rate, default=None)
        if top is not None and rate(top) >= MIN_ANSWER_RANK:
            chosen.append(top)
    return chosen


def main() -> None:
    bot = Assistant()
    context = bot.answer_context()
    cases = [c for c in map(json.loads, (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8"))
             if c["split"] == "dev" and c["answerable"] and not c.get("followup_of") and len(parts(c["question"])) > 1]
    tally = {way: [0, 0, 0, 0] for way in ("part", "mean", "joint", "greedy")}  # answered by parts, states all, on gold, cited
    for case in cases:
        hits = bot.retrieve(case["question"], language=case["language"])
        whole = {c.id: c.rank for c in answerable.score(context, case["question"], case["language"], hits)}
        ranked_parts = [answerable.score(context, p, case["language"], hits) for p in parts(case["question"])]
        for way in tally:
            chosen = pick(way, ranked_parts, whole)
            if len(chosen) < 2:
                continue
            right = states(" ".join(c.text for c in chosen), case)
            t = tally[way]
            t[0], t[1], t[2], t[3] = t[0] + 1, t[1] + right, t[2] + sum(on_gold(c, case) for c in chosen), t[3] + len(chosen)
            print(f"{way:5s} {case['id']} states all: {right}; " + " | ".join(
                f"{'gold' if on_gold(c, case) else 'off'} {c.text[:50]}" for c in chosen))
    print(f"\n{len(cases)} two-part answerable dev questions")
    print("| way | answered by parts | state every answer | citations on gold evidence |\n|---|---|---|---|")
    for way, (n, right, gold, cited) in tally.items():
        print(f"| {way} | {n} | {right} | {gold}/{cited} |")


if __name__ == "__main__":
    main()
