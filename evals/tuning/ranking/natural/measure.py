"""Would the learned ranking put the right sentence first more often for plain questions if it
were trained on them too? A measure only: nothing here changes the shipped weights.

    .venv/bin/python evals/tuning/ranking/natural/measure.py > evals/tuning/ranking/natural/measure.txt

Rows: the committed training rows (``../features.jsonl.gz``: XQuAD dev, the gold set's seeds dev)
and the candidate sentences of the plain questions' dev split (``evals/gold/natural``, answerable,
a candidate overlapping a gold evidence span is a positive; written to ``rows.jsonl.gz`` here).
For the plain questions, the share whose first sentence is a positive: under the shipped weights
(never trained on them), and by folds of whole facts (each fact's questions ranked by a model
fitted on every other row, the training script's model and source weights).
"""
import gzip
import json
from pathlib import Path

import numpy as np

from assistant.answer import ranking
from assistant.evals import ranking as training

HERE = Path(__file__).parent
NATURAL = Path("evals/gold/natural")


def natural_rows() -> list[dict]:
    path = HERE / "rows.jsonl.gz"
    if not path.exists():
        from assistant.core import Assistant
        from assistant.evals.run import assistant_factory

        rows = training.seeds_rows(assistant_factory(Assistant()), NATURAL, Path("seeds"), Path("evals/work/ranking"))
        rows = [{**r, "source": "seeds", "group": r["group"].replace("seeds:", "natural:")} for r in rows]
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return training.load_rows(path)


def top1(rows, scores) -> tuple[int, int]:
    questions = training._questions(rows)
    asked = [idx for idx in questions.values() if any(rows[i]["label"] for i in idx)]
    return sum(rows[max(idx, key=lambda i: scores[i])]["label"] for idx in asked), len(asked)


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    names = list(ranking.FEATURES)
    base, plain = training.load_rows(training.OUT / "features.jsonl.gz"), natural_rows()
    shipped = ranking.load()
    right, asked = top1(plain, [ranking.logit({n: r[n] for n in names}, shipped) for r in plain])
    old = top1(plain, [r["old_score"] for r in plain])
    print(f"plain dev questions with a positive candidate: {asked}")
    print(f"first sentence a positive, hand-set score:                {old[0]}/{asked} = {old[0] / asked:.3f}")
    print(f"first sentence a positive, shipped weights:               {right}/{asked} = {right / asked:.3f}")
    rows = base + plain
    x = np.array([[r[n] for n in names] for r in rows], dtype=float)
    y = np.array([r["label"] for r in rows])
    w = training.source_weights(rows)
    at = len(base)
    scores = np.zeros(len(plain))
    facts = [r["group"] for r in plain]
    for _, held in GroupKFold(5).split(plain, groups=facts):
        keep = np.ones(len(rows), bool)
        keep[at + held] = False
        model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))
        model.fit(x[keep], y[keep], logisticregression__sample_weight=w[keep])
        scores[held] = model.decision_function(x[at + held])
    right, asked = top1(plain, list(scores))
    print(f"first sentence a positive, trained with the others' facts: {right}/{asked} = {right / asked:.3f}")


if __name__ == "__main__":
    main()
