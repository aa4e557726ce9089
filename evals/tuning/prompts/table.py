"""Prompt experiments on the seeds dev split, each against a baseline run on the same machine:

    .venv/bin/python evals/tuning/prompts/table.py

Each ``dev-<name>.json`` is the report of ``assistant eval --suite seeds --split dev --backend
llamacpp`` with ``<name>.diff`` applied to a3e46c7 (none was adopted: the diffs are kept, not the
code); the baseline is ``evals/reports/seeds-dev-llamacpp-epyc`` (a3e46c7 as it is, same CPU).
``dev-evidence3.json``: ``evidence3.diff`` applied to 66d2ee1 and run with
``ASSISTANT_EVIDENCE_SENTENCES=3`` (the best 3 sentences in the prompt instead of 6) on stop 42's
Intel Xeon; its baseline is ``dev-xeon-66d2ee1.json`` (66d2ee1 as it is, the same Xeon, the same hour).
Three sentences cut the eval's median by 4.8 s, but of the 35 questions the baseline answered right
(one by the extractive overrule) 4 became wrong and 1 a refusal, none was gained, and two
look-alikes were answered: not adopted (a small model reads the answer better with the sentences
around it). The Xeon's baseline answers more, and more often right, than the EPYC's a3e46c7
(accuracy 0.382 against 0.292, reject recall 0.909 against 0.864), cites a little less precisely
(0.921 against 0.939) and is slower: the code of stops 38-41 and the CPU are not told apart.
Writes ``README.md`` beside this script.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import runs_table  # noqa: E402  (evals/tuning/runs_table.py)

HERE = Path(__file__).resolve().parent
BASE = HERE.parents[1] / "reports" / "seeds-dev-llamacpp-epyc" / "report.json"
RUNS = {
    "baseline (a3e46c7)": BASE,
    "fewshot: four worked examples after the rules (made-up story, 4 languages, one refusal)": HERE / "dev-fewshot.json",
    "focusall: the second try from the best sentences on every miss above the cut, not only confident ones":
        HERE / "dev-focusall.json",
    "quote: the model copies the answering sentence after 'Quote:', then answers after 'Answer:'":
        HERE / "dev-quote.json",
    "baseline on an Intel Xeon (66d2ee1)": HERE / "dev-xeon-66d2ee1.json",
    "evidence3: the best 3 evidence sentences instead of 6 (66d2ee1, the same Xeon)": HERE / "dev-evidence3.json",
}
KEYS = ("accuracy", "citation_precision", "reject_recall", "answerable_recall", "language_match", "fallback_rate",
        "latency_ms_p50")


def main() -> None:
    print(runs_table.write(HERE, "Prompt experiments (seeds dev, bundled model)", __doc__.split("\n\n")[2], RUNS, KEYS), end="")


if __name__ == "__main__":
    main()
