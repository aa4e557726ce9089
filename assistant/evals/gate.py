"""The CI gate: floors (and ceilings) on the scores of small, fixed eval runs.

Each bound sits within 0.05 of the value measured when it was set (the measured value is kept
beside it), so a real regression fails CI; ``tests/test_eval_gate.py`` also runs the gate on a
deliberately broken answer step to show that it fails then.
"""
from __future__ import annotations

# metric path -> (">=" or "<=", bound, measured when set)
# the seeds dev split, extractive, the features alone (tests/test_eval_gate.py; the model's yes/no off as in
# the in-process tests)
SEEDS_DEV_EXTRACTIVE = {
    "accuracy": (">=", 0.46, 0.506),
    "answer_bearing": (">=", 0.56, 0.607),
    "citation_precision": (">=", 0.63, 0.677),
    "reject_recall": (">=", 0.41, 0.455),
    "answerable_recall": (">=", 0.83, 0.876),
    # a verbatim quote is in its file's language: since the learned ranking (ranking.py) quotes the
    # sentence that answers, whatever its language, fewer quotes are in the question's (0.79 before);
    # fewer again since the answerability model answers more questions from other languages' files
    # (0.321 before stop 44's features)
    "language_match": (">=", 0.24, 0.289),
    "retrieval_hit@k": (">=", 0.84, 0.899),
}
# en + zh, XQuAD dev articles 0-1 indexed, article 23 held out as negatives (tests/test_eval_gate.py).
# Answer-bearing fell 0.577 -> 0.521 with stop 44's answerability features (the cut for the same
# false-refusal target refuses more of XQuAD's paragraphs, more of the seeds' questions answered).
XQUAD_SLICE = {
    "parallel.all.answer_bearing": (">=", 0.47, 0.521),
    "retrieval.hybrid.recall@5": (">=", 0.92, 0.961),
    "retrieval.hybrid.cross_lingual_recall@5": (">=", 0.88, 0.923),
    "cross_lingual.en->zh.hit@5": (">=", 0.95, 1.0),
    "cross_lingual.zh->en.hit@5": (">=", 0.95, 1.0),
    "negatives.all.negative_abstention": (">=", 0.95, 1.0),
}
# en + zh, queries 50-54 of each file (after those that trained the answerability model; five, not
# ten: indexing ten took 4-5 of make test's minutes). zh's hallucination rate
# has no bound: the extractive backend answers all five non-relevant zh queries (nine of ten before).
NOMIRACL_SLICE = {
    "metrics.en.HR": ("<=", 0.05, 0.0),
    "metrics.en.ER": ("<=", 0.25, 0.2),
    "metrics.zh.ER": ("<=", 0.05, 0.0),
}


def _value(report: dict, path: str):
    value = report
    for key in path.split("."):
        value = value[key]
    return value


def check(report: dict, bounds: dict) -> list[str]:
    """The bounds ``report`` breaks, one line each (empty when it passes)."""
    failures = []
    for path, (op, bound, measured) in bounds.items():
        value = _value(report, path)
        ok = value is not None and (value >= bound if op == ">=" else value <= bound)
        if not ok:
            failures.append(f"{path} = {value}, bound {op} {bound} (measured {measured} when set)")
    return failures
