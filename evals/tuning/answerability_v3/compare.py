"""Does training on the plain questions' dev split help the answerability model?

    .venv/bin/python evals/tuning/answerability_v3/compare.py > evals/tuning/answerability_v3/compare.txt

For each model (``base``: retrieval features; ``llm``: with the bundled model's P(yes)), on the
rows ``add_natural.py`` wrote here: the plain questions' rows
(group ``natural``) scored by the model fitted without them (as shipped before), and out of fold
by the training script's own cross-validation with them (which flatters them: the same fact asked
in another language may be in the training folds) and by folds of whole facts (each fact's rows
scored by a model fitted on every other row); the gold set's seeds dev rows out of fold both
ways. AUC, and at the 0.3 false-refusal cut each fit chooses: the share of answerable rows
refused and of unanswerable rows answered.
"""
import gzip
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from assistant.answer import answerable
from assistant.evals import answerability as training

HERE = Path(__file__).parent
NATURAL = Path("evals/gold/natural")


def read(name):
    with gzip.open(HERE / f"{name}.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def rates(y, p, cut):
    y, p = np.asarray(y), np.asarray(p)
    return {"n": len(y), "auc": round(roc_auc_score(y, p), 3),
            "false_refusal": round(float(((p < cut) & (y == 1)).sum() / max(1, (y == 1).sum())), 3),
            "false_answer": round(float(((p >= cut) & (y == 0)).sum() / max(1, (y == 0).sum())), 3)}


def by_fact(rows, natural, names):
    """Each plain question's probability from a fit on every row but those of its fact's fold."""
    from sklearn.model_selection import GroupKFold

    from assistant.evals.seeds import load_cases

    fact = {c["question"]: c["fact"] for c in load_cases(NATURAL, "dev")}
    out = np.zeros(len(natural))
    for _, held in GroupKFold(5).split(natural, groups=[fact[rows[i]["question"]] for i in natural]):
        drop = {natural[k] for k in held}
        model, _, _ = training.fit_one([r for i, r in enumerate(rows) if i not in drop], names)
        for k in held:
            out[k] = answerable.probability({n: rows[natural[k]][n] for n in names}, model)
    return out


def main():
    for name, rows, names in (("base", read("features.jsonl"), list(answerable.FEATURES)),
                              ("llm", read("llm_features.jsonl"), list(answerable.FEATURES) + ["llm_yes"])):
        natural = [i for i, r in enumerate(rows) if r["group"] == "natural"]
        gold = [i for i, r in enumerate(rows) if r["source"] == "seeds" and r["group"] != "natural"]
        without = [r for r in rows if r["group"] != "natural"]
        model, _, (_, oof_without) = training.fit_one(without, names)
        cut = model["thresholds"]["0.3"]
        shipped = [answerable.probability({n: rows[i][n] for n in names}, model) for i in natural]
        with_model, _, (y, oof_with) = training.fit_one(rows, names)
        cut_with = with_model["thresholds"]["0.3"]
        kept = [i for i, r in enumerate(rows) if r["group"] != "natural"]
        at = {i: k for k, i in enumerate(kept)}
        print(f"== {name} (cut at 0.3: {cut} without, {cut_with} with)")
        print(" plain dev, fitted without them:", rates([rows[i]["label"] for i in natural], shipped, cut))
        print(" plain dev, out of fold with   :", rates(y[natural], oof_with[natural], cut_with))
        print(" plain dev, folds of facts with:", rates(y[natural], by_fact(rows, natural, names), cut_with))
        print(" gold dev,  out of fold without:", rates(y[gold], [oof_without[at[i]] for i in gold], cut))
        print(" gold dev,  out of fold with   :", rates(y[gold], oof_with[gold], cut_with))
        print(" all, out of fold with: AUC", round(roc_auc_score(y, oof_with), 3),
              " without (its rows):", round(roc_auc_score([rows[i]["label"] for i in kept], oof_without), 3))


if __name__ == "__main__":
    main()
