"""Three prompt experiments on the seeds dev split, against a baseline run on the same machine:

    .venv/bin/python evals/tuning/prompts/table.py

Each ``dev-<name>.json`` is the report of ``assistant eval --suite seeds --split dev --backend
llamacpp`` with ``<name>.diff`` applied to a3e46c7 (none was adopted: the diffs are kept, not the
code); the baseline is ``evals/reports/seeds-dev-llamacpp-epyc`` (a3e46c7 as it is, same CPU).
Writes ``README.md`` beside this script.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = HERE.parents[1] / "reports" / "seeds-dev-llamacpp-epyc" / "report.json"
RUNS = {
    "baseline (a3e46c7)": BASE,
    "fewshot: four worked examples after the rules (made-up story, 4 languages, one refusal)": HERE / "dev-fewshot.json",
    "focusall: the second try from the best sentences on every miss above the cut, not only confident ones":
        HERE / "dev-focusall.json",
    "quote: the model copies the answering sentence after 'Quote:', then answers after 'Answer:'":
        HERE / "dev-quote.json",
}
KEYS = ("accuracy", "citation_precision", "reject_recall", "answerable_recall", "language_match", "fallback_rate",
        "latency_ms_p50")


def main() -> None:
    about = " ".join(__doc__.split("\n\n")[2].split())
    lines = ["# Prompt experiments (seeds dev, bundled model)", "", about, "",
             "Written by `evals/tuning/prompts/table.py` from the reports in this folder.", "",
             "| run | " + " | ".join(KEYS) + " |", "|---|" + "---|" * len(KEYS)]
    for name, path in RUNS.items():
        metrics = json.loads(path.read_text(encoding="utf-8"))["metrics"]
        lines.append(f"| {name} | " + " | ".join(str(metrics[k]) for k in KEYS) + " |")
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
