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

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import runs_table  # noqa: E402  (evals/tuning/runs_table.py)

HERE = Path(__file__).resolve().parent
RUNS = {"without the judgement (0.3)": HERE / "dev-without.json", "with it, target 0.1": HERE / "dev-reader-0.1.json",
        "with it, target 0.2": HERE / "dev-reader-0.2.json", "with it, target 0.3 (kept)": HERE / "dev-reader-0.3.json"}
KEYS = ("accuracy", "citation_precision", "reject_recall", "answerable_recall", "language_match", "latency_ms_p50")


def main() -> None:
    title = "The bundled model's judgement in the extractive backend's gate (seeds dev)"
    print(runs_table.write(HERE, title, __doc__.split("\n\n")[2], RUNS, KEYS), end="")


if __name__ == "__main__":
    main()
