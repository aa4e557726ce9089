"""Does the learned ranking put a gold sentence first more often when a sentence that opens with a
pronoun counts the names of the sentence before it (``ranking.antecedent``)? The shipped weights,
not refitted; the seeds' dev split (the gold set) and the plain questions' dev split.

    .venv/bin/python evals/tuning/anaphora/probe.py > evals/tuning/anaphora/probe.txt
"""
from pathlib import Path

from assistant.answer import ranking
from assistant.core import Assistant
from assistant.evals import ranking as training
from assistant.evals.run import assistant_factory

SPLITS = {"gold set": Path("evals/gold"), "plain questions": Path("evals/gold/natural")}
WORK = Path("evals/work/anaphora")


def first(rows: list[dict]) -> dict[str, tuple[int, float]]:
    """Per question with a positive candidate: (whether the best-ranked candidate is a positive,
    the best positive's rank among the candidates)."""
    model, names = ranking.load(), list(ranking.FEATURES)
    out = {}
    for (_, question), idx in training._questions(rows).items():
        if not any(rows[i]["label"] for i in idx):
            continue
        logits = {i: ranking.logit({n: rows[i][n] for n in names}, model) for i in idx}
        order = sorted(idx, key=lambda i: -logits[i])
        out[question] = (rows[order[0]]["label"], next(k for k, i in enumerate(order) if rows[i]["label"]))
    return out


def main() -> None:
    make = assistant_factory(Assistant())
    for name, gold in SPLITS.items():
        runs = {}
        for on in (False, True):
            ranking.ANAPHORA = on
            runs[on] = first(training.seeds_rows(make, gold, Path("seeds"), WORK))
        before, after = runs[False], runs[True]
        print(f"{name}: {len(after)} dev questions with a gold sentence among the candidates")
        print(f"  a gold sentence first: without {sum(v[0] for v in before.values())}, "
              f"with the antecedent's names {sum(v[0] for v in after.values())}")
        for q in after:
            if before[q] != after[q]:
                print(f"  {q}\n    first {before[q][0]} -> {after[q][0]}, best gold at {before[q][1]} -> {after[q][1]}")


if __name__ == "__main__":
    main()
