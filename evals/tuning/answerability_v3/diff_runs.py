"""Two seeds reports side by side: their metrics, then each case whose decision, correctness or
citations differ (``python diff_runs.py BEFORE.json AFTER.json``)."""
import json
import sys

KEYS = ("accuracy", "answer_bearing", "citation_precision", "reject_recall", "answerable_recall",
        "language_match", "fallback_rate")


def cited(case: dict) -> list:
    return [(c["source"], c["start"]) for c in case["citations"]]


def main(before_path: str, after_path: str) -> None:
    before, after = (json.load(open(p, encoding="utf-8")) for p in (before_path, after_path))
    for k in KEYS:
        print(f"{k:20} {before['metrics'].get(k)} -> {after['metrics'].get(k)}")
    old = {c["id"]: c for c in before["cases"]}
    for c in after["cases"]:
        o = old.get(c["id"])
        if o and (o["abstained"], o["correct"], cited(o)) != (c["abstained"], c["correct"], cited(c)):
            print(c["id"], c["type"], c["language"], "ans" if c["answerable"] else "UNANS",
                  f"abst {o['abstained']}->{c['abstained']} correct {o['correct']}->{c['correct']}",
                  o["answerability"].get("probability"), "->", c["answerability"].get("probability"), c["question"][:70])


if __name__ == "__main__":
    main(*sys.argv[1:3])
