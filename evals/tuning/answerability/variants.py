"""Answerability experiments not adopted, from the committed rows of this folder:

    .venv/bin/python evals/tuning/answerability/variants.py

1. Refits of the model without the LLM (``features.jsonl``), changing only the training data or
   the features: whether any separates the seeds' look-alike questions better than today's.
2. Four ways of asking the bundled model (``judge_prompts.py`` → ``judge_prompts_dev.jsonl``).

Writes ``variants.md`` beside this script.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from assistant.answer import answerable  # noqa: E402
from assistant.evals import answerability as A  # noqa: E402

FEATURES = list(answerable.FEATURES)
REFITS = {
    "today (every feature, each source weighing the same)": (None, FEATURES, {}),
    "without the hand-set score (its weight is negative)": (None, [f for f in FEATURES if f != "score"], {}),
    "seeds weighing three times more": (None, FEATURES, {"seeds": 3}),
    "without NoMIRACL (XQuAD and seeds only)": ("nomiracl", FEATURES, {}),
    "seven features (cosines, margin, language, key terms, agreement)":
        (None, ["cosine", "cosine_2", "chunk_cosine", "margin", "cross_language", "key_terms", "agreement"], {}),
}


def refit(rows, names, boost) -> tuple[dict, dict]:
    x = np.array([[r[n] for n in names] for r in rows], dtype=float)
    y = np.array([r["label"] for r in rows])
    w = A.source_weights(rows) * np.array([boost.get(r["source"], 1) for r in rows])
    p = A.out_of_fold(A._models()["logistic"], x, y, w, [f"{r['source']}:{r['label']}" for r in rows])
    cut = A.thresholds(y, p, w)["0.3"]
    return A._metrics(y, p, w, rows)["by_source"], A._metrics(y, p, w, rows, cut)["by_source"]


def main() -> None:
    rows = [json.loads(line) for line in (HERE / "features.jsonl").open(encoding="utf-8")]
    lines = ["# Answerability experiments not adopted", "", "Written by `evals/tuning/answerability/variants.py`.", "",
             "## Refits without the LLM", "",
             "Out-of-fold (5 folds) AUC per source, and at the cut for a 0.3 false-refusal target (the extractive "
             "default) the seeds' false refusal / false answer (1 − reject recall).", "",
             "| refit | AUC seeds | AUC NoMIRACL | AUC XQuAD | seeds false refusal | seeds false answer |",
             "|---|---|---|---|---|---|"]
    for name, (drop, names, boost) in REFITS.items():
        data = [r for r in rows if r["source"] != drop]
        auc, at = refit(data, names, boost)
        lines.append(f"| {name} | {auc['seeds']['auc']} | {auc.get('nomiracl', {}).get('auc', '–')} | {auc['xquad']['auc']} | "
                     f"{at['seeds']['false_refusal']} | {at['seeds']['false_answer']} |")
    from sklearn.metrics import roc_auc_score

    judged = [json.loads(line) for line in (HERE / "judge_prompts_dev.jsonl").open(encoding="utf-8")]
    y = [r["label"] for r in judged]
    lines += ["", "## Asking the bundled model (seeds dev, P(answerable) alone)", "",
              f"{len(judged)} questions, {y.count(0)} unanswerable; see `judge_prompts.py` for each way.", "",
              "| way | AUC |", "|---|---|"]
    for key in ("v1", "v2_max", "v4_none", "v5_top5"):
        lines.append(f"| {key} | {round(roc_auc_score(y, [r[key] for r in judged]), 3)} |")
    (HERE / "variants.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
