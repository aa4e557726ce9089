"""CI gate: the extractive backend on the dev split of the seeds gold set must not regress.

Thresholds sit a little under the values measured when they were set
(`assistant eval --suite seeds --split dev --backend extractive`: hit@5 0.895, accuracy 0.395,
citation validity 1.0, refusal score 0.598)."""
from assistant.evaluate import evaluate_seeds

GATE = {"retrieval_hit@5": 0.85, "accuracy": 0.35, "citation_validity": 1.0, "refusal_score": 0.55}


def test_extractive_dev_metrics_hold(seeds_assistant):
    report = evaluate_seeds(seeds_assistant, "dev", "extractive")
    assert report["n"] == 48 and set(report["per_language"]) == {"en", "fr", "id", "zh"}
    for name, floor in GATE.items():
        assert report["metrics"][name] >= floor, (name, report["metrics"])
    assert all(case["valid_citations"] for case in report["cases"])
