"""Refits of the answerability model with and without three more features, from the training rows
(``evals/tuning/answerability/*.jsonl``, written by ``python -m assistant.evals.answerability
--features`` and ``--llm`` with ``features.diff`` applied to 91e01f9, on stop 43's Intel Xeon;
adopted in stop 44):

    .venv/bin/python evals/tuning/answerability_v2/compare.py > evals/tuning/answerability_v2/compare.txt

Out-of-fold AUC (5 folds, the training script's own ``fit_one``) overall and per source, and at the
cuts for a 0.1 and a 0.3 false-refusal target each source's (false refusal, false answer).
"""
import json
from pathlib import Path

from assistant.evals.answerability import fit_one

ROWS = Path(__file__).parents[1] / "answerability"
TODAY = ["cosine", "cosine_2", "score", "overlap", "overlap_best", "key_terms", "has_key_terms", "margin",
         "chunk_cosine", "agreement", "asks_number_has", "asks_number_lacks", "asks_entity_has", "cross_language"]
VARIANTS = {"without": TODAY, "+ranked_top": TODAY + ["ranked_top"],
            "+kind": TODAY + ["asks_kind_has", "asks_kind_lacks"],
            "+both": TODAY + ["ranked_top", "asks_kind_has", "asks_kind_lacks"]}


def read(name: str) -> list[dict]:
    with (ROWS / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def main() -> None:
    for label, data, extra in (("base", read("features.jsonl"), []), ("llm", read("llm_features.jsonl"), ["llm_yes"])):
        for variant, names in VARIANTS.items():
            _, report, _ = fit_one(data, names + extra)
            cv, at = report["cross_validated"]["logistic"], report["at_thresholds"]
            print(label, len(data), variant, "auc", cv["auc"], {s: m["auc"] for s, m in cv["by_source"].items()})
            for rate in ("0.1", "0.3"):
                print("    at", rate, {s: (m["false_refusal"], m["false_answer"]) for s, m in at[rate].items()})


if __name__ == "__main__":
    main()
