"""The answerability model's training rows with the plain questions' dev split added
(``evals/gold/natural``, group ``natural`` of source ``seeds``), written here beside the
committed ones without building those again:

    .venv/bin/python evals/tuning/answerability_v3/add_natural.py

Starts from ``evals/tuning/answerability/features.jsonl`` and ``llm_features.jsonl`` (the code they
were written with computes the same features today) and puts the new rows where
``python -m assistant.evals.answerability --features --llm`` would (after the gold set's seeds
rows), into ``features.jsonl.gz`` and ``llm_features.jsonl.gz`` here; ``answerable.json`` here is
``answerability.fit`` on them. Measured by ``compare.py`` and two dev runs (README.md).
"""
import gzip
import json
import sys
from pathlib import Path

from assistant.answer.judge import judge_for_settings
from assistant.core import Assistant
from assistant.evals import answerability, seeds
from assistant.evals.run import assistant_factory

HERE = Path(__file__).parent
WORK = Path("evals/work/answerability")
NATURAL = Path("evals/gold/natural")


def insert(committed: Path, new: list[dict], out: Path) -> list[dict]:
    """The committed rows with ``new`` after their last seeds row."""
    rows = [json.loads(line) for line in committed.open(encoding="utf-8")]
    at = max(i for i, r in enumerate(rows) if r["source"] == "seeds") + 1
    rows[at:at] = new
    with gzip.open(out, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    print(f"{out}: {len(rows)} rows, {len(new)} natural", file=sys.stderr)
    return rows


def main() -> None:
    base = Assistant()
    bot = assistant_factory(base)(Path("seeds"), WORK / "seeds" / "index")
    cases = seeds.load_cases(NATURAL, "dev")
    rows = answerability.rows_for(bot, [(c["question"], c["language"], c["answerable"]) for c in cases],
                                  "seeds", "natural")
    judged = answerability.llm_rows(base, rows, WORK, {"seeds": 1}, judge_for_settings(base.settings))
    rows = insert(answerability.OUT / "features.jsonl", rows, HERE / "features.jsonl.gz")
    judged = insert(answerability.OUT / "llm_features.jsonl", judged, HERE / "llm_features.jsonl.gz")
    answerability.fit(rows, judged, Path("/tmp"), HERE / "answerable.json")


if __name__ == "__main__":
    main()
