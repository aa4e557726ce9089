"""Reject recall and answerable recall of the extractive backend's gate at every false-refusal
target, on the gold set's dev split and the plain questions' dev split, from the answerability
probability each case's report recorded (refused iff below the target's cut; the bundled model's
yes/no in the gate, the ``llm`` weights): ``python evals/tuning/natural/cuts.py > cuts.txt``."""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RUNS = {"gold dev": ROOT / "evals/tuning/answerability_v2/dev-extractive.json",
        "plain dev": ROOT / "evals/reports/natural-dev-extractive/report.json"}


def recalls(cases: list[dict], cut: float) -> tuple[float, float]:
    unanswerable = [c for c in cases if not c["answerable"]]
    answerable = [c for c in cases if c["answerable"]]
    refused = sum(c["answerability"]["probability"] < cut for c in unanswerable) / len(unanswerable)
    answered = sum(c["answerability"]["probability"] >= cut for c in answerable) / len(answerable)
    return refused, answered


def main() -> None:
    cuts = json.loads((ROOT / "assistant/answer/answerable.json").read_text())["llm"]["thresholds"]
    runs = {name: json.loads(path.read_text())["cases"] for name, path in RUNS.items()}
    print("| target | cut | " + " | ".join(f"{n}: reject, answerable, sum" for n in runs) + " | both sums |")
    print("|---|---|" + "---|" * (len(runs) + 1))
    for rate, cut in sorted(cuts.items(), key=lambda kv: float(kv[0])):
        cells, total = [], 0.0
        for cases in runs.values():
            refused, answered = recalls(cases, cut)
            total += refused + answered
            cells.append(f"{refused:.3f}, {answered:.3f}, {refused + answered:.3f}")
        print(f"| {rate} | {cut} | " + " | ".join(cells) + f" | {total:.3f} |")


if __name__ == "__main__":
    main()
