"""The extractive backend with and without the bundled model's judgement in its answerability
gate, on the seeds dev split, at three false-refusal targets:

    .venv/bin/python evals/tuning/reader/table.py

``dev-without.json``: ``assistant eval --suite seeds --split dev --backend extractive`` at 3f28171's
parent code without the judgement (bc32d44); ``dev-reader-<rate>.json``: the same with
``ASSISTANT_FALSE_REFUSAL=<rate>`` and ``patch_before_setting.py``, the patch that passed the judge
to the gate before ``Settings.llm_reader`` existed (the setting does the same: on the test split
both gave the same scores). Same CPU (AMD EPYC). 0.3, the extractive default, was kept: the best
reject recall plus answerable recall, and the best citation precision. Writes ``README.md``.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = {"without the judgement (0.3)": "dev-without.json", "with it, target 0.1": "dev-reader-0.1.json",
        "with it, target 0.2": "dev-reader-0.2.json", "with it, target 0.3 (kept)": "dev-reader-0.3.json"}
KEYS = ("accuracy", "citation_precision", "reject_recall", "answerable_recall", "language_match", "latency_ms_p50")


def main() -> None:
    about = " ".join(__doc__.split("\n\n")[2].split())
    lines = ["# The bundled model's judgement in the extractive backend's gate (seeds dev)", "", about, "",
             "Written by `evals/tuning/reader/table.py` from the reports in this folder.", "",
             "| run | " + " | ".join(KEYS) + " |", "|---|" + "---|" * len(KEYS)]
    for name, file in RUNS.items():
        metrics = json.loads((HERE / file).read_text(encoding="utf-8"))["metrics"]
        lines.append(f"| {name} | " + " | ".join(str(metrics[k]) for k in KEYS) + " |")
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
