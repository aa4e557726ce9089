"""The answerability model with the signs of its weights fixed by what each feature means: more
similarity, more of the question's terms, the LLM's yes, agreement of the retrievers can only
raise the probability that the evidence answers. Today's unconstrained fit learnt from its mix of
sources that a sentence holding the question's words is *less* likely to answer (score −1.14,
overlap −0.46 in the ``llm`` model: NoMIRACL's hard negatives repeat the query's words), and so
refused "Where was Durov arrested?" (0.59 < 0.70) over the sentence saying it, where the LLM
read 0.78. Same rows, folds and source weights as ``python -m assistant.evals.answerability``;
out-of-fold AUC per source and, at the cut for each false-refusal target, false refusal and false
answer per source. Writes signs.md.

    .venv/bin/python evals/tuning/answerability/signs.py
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.preprocessing import StandardScaler

from assistant.answer import answerable
from assistant.evals.answerability import SEED, _metrics, _models, out_of_fold, source_weights, thresholds

HERE = Path(__file__).parent
# +1: may only raise P(answers); -1: may only lower it; 0: free
SIGNS = {"cosine": 1, "cosine_2": 1, "score": 1, "overlap": 1, "overlap_best": 1, "key_terms": 1, "has_key_terms": 0,
         "margin": 1, "chunk_cosine": 1, "agreement": 1, "asks_number_has": 1, "asks_number_lacks": -1,
         "asks_entity_has": 1, "cross_language": 0, "llm_yes": 1}


class SignedLogistic:
    """L2 logistic regression (sklearn's C=1 objective) on standardised features, each weight's
    sign bounded by ``SIGNS``."""

    def __init__(self, names: list[str]):
        self.names = names

    def fit(self, x, y, sample_weight):
        self.scaler = StandardScaler().fit(x)
        z = self.scaler.transform(x)
        w = sample_weight

        def loss(theta):
            coef, b = theta[:-1], theta[-1]
            m = z @ coef + b
            p = 1 / (1 + np.exp(-m))
            nll = np.sum(w * (np.logaddexp(0, m) - y * m))
            grad = np.concatenate([z.T @ (w * (p - y)) + coef, [np.sum(w * (p - y))]])
            return nll + 0.5 * coef @ coef, grad

        bounds = [(0, None) if SIGNS[n] > 0 else (None, 0) if SIGNS[n] < 0 else (None, None) for n in self.names]
        result = minimize(loss, np.zeros(len(self.names) + 1), jac=True, method="L-BFGS-B", bounds=bounds + [(None, None)])
        self.coef_, self.intercept_ = result.x[:-1], result.x[-1]
        return self

    def predict_proba(self, x):
        p = 1 / (1 + np.exp(-(self.scaler.transform(x) @ self.coef_ + self.intercept_)))
        return np.column_stack([1 - p, p])


def evaluate(rows: list[dict], names: list[str]) -> dict:
    x = np.array([[r[n] for n in names] for r in rows], dtype=float)
    y = np.array([r["label"] for r in rows])
    w = source_weights(rows)
    strata = [f"{r['source']}:{r['label']}" for r in rows]
    out = {}
    for name, make in (("today (unconstrained)", _models()["logistic"]), ("signs fixed", lambda: SignedLogistic(names))):
        p = out_of_fold(make, x, y, w, strata)
        table = thresholds(y, p, w)
        out[name] = {"cv": _metrics(y, p, w, rows),
                     "at": {rate: _metrics(y, p, w, rows, table[rate])["by_source"] for rate in ("0.1", "0.2", "0.3")}}
        final = make()
        final.fit(x, y, **({"logisticregression__sample_weight": w} if hasattr(final, "steps") else {"sample_weight": w}))
        coef = final.named_steps["logisticregression"].coef_[0] if hasattr(final, "steps") else final.coef_
        out[name]["coef"] = {n: round(float(c), 3) for n, c in zip(names, coef)}
    return out


def main() -> None:
    lines = ["# Sign-constrained answerability model (written by signs.py)", ""]
    for model, path, names in (("base", "features.jsonl", list(answerable.FEATURES)),
                               ("llm", "llm_features.jsonl", list(answerable.FEATURES) + ["llm_yes"])):
        rows = [json.loads(line) for line in (HERE / path).open(encoding="utf-8")]
        result = evaluate(rows, names)
        lines += [f"## `{model}` model ({len(rows)} rows)", "",
                  "| fit | AUC all | AUC seeds | AUC NoMIRACL | AUC XQuAD |", "|---|---|---|---|---|"]
        for name, r in result.items():
            s = r["cv"]["by_source"]
            lines.append(f"| {name} | {r['cv']['auc']} | {s['seeds']['auc']} | {s['nomiracl']['auc']} | {s['xquad']['auc']} |")
        lines += ["", "False refusal / false answer per source at the cut for each target (out of fold):", "",
                  "| fit | target | seeds | NoMIRACL | XQuAD |", "|---|---|---|---|---|"]
        for name, r in result.items():
            for rate, by in r["at"].items():
                cells = [f"{by[s]['false_refusal']} / {by[s]['false_answer']}" for s in ("seeds", "nomiracl", "xquad")]
                lines.append(f"| {name} | {rate} | " + " | ".join(cells) + " |")
        lines += ["", "Weights (standardised features):", "", "| feature | " + " | ".join(result) + " |",
                  "|---|" + "---|" * len(result)]
        for n in names:
            lines.append(f"| {n} | " + " | ".join(str(r["coef"][n]) for r in result.values()) + " |")
        lines.append("")
    (HERE / "signs.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    np.random.seed(SEED)
    main()
