"""The bundled model asked one part at a time (``Settings.llm_parts``) on the seeds questions that
ask several things, against a full eval run's rows for the same questions (asked as one).

    .venv/bin/python evals/tuning/parts_llm/probe.py dev BASELINE_REPORT.json > evals/tuning/parts_llm/dev.txt

Each question that ``questions.asked_parts`` splits is asked through the llamacpp backend and scored
by the seeds suite's own ``run_case`` (gold answers and evidence); the baseline is the same row of
``BASELINE_REPORT`` (``assistant eval --suite seeds --backend llamacpp``, code without this setting,
or ``ASSISTANT_LLM_PARTS=false``). Prints each question before and after, then the totals.
"""
import json
import sys
import time
from pathlib import Path

from assistant.answer.questions import asked_parts
from assistant.core import Assistant
from assistant.evals.seeds import load_cases, run_case

GOLD = Path("evals/gold")


def summary(rows: list[dict]) -> dict:
    cited = [c for r in rows if not r["abstained"] and r["own"] for c in r["citations"]]
    return {"n": len(rows), "correct": sum(r["own"] and r["correct"] for r in rows),
            "abstained": sum(r["abstained"] for r in rows), "fallback": sum(not r["own"] for r in rows),
            "citations": len(cited), "on_evidence": sum(c["on_evidence"] for c in cited)}


def main(split: str, baseline: Path) -> None:
    before = {r["id"]: r for r in json.loads(baseline.read_text(encoding="utf-8"))["cases"]}
    by_id = {c["id"]: c for c in load_cases(GOLD)}
    cases = [c for c in load_cases(GOLD, split) if len(asked_parts(c["question"])) > 1]
    bot = Assistant(backend="llamacpp")
    after, seconds = [], []
    for case in cases:
        start = time.perf_counter()
        row = run_case(bot, case, by_id, "llamacpp")
        seconds.append(time.perf_counter() - start)
        after.append(row)
        old = before[case["id"]]
        print(f"{case['id']} {case['language']} {'right' if old['correct'] else 'wrong'} -> "
              f"{'right' if row['correct'] else 'wrong'} ({seconds[-1]:.1f} s) {case['question'][:90]}\n"
              f"    before: {old['answer'][:220]!r}\n    after:  {row['answer'][:220]!r}", flush=True)
    print("before", summary([before[c["id"]] for c in cases]))
    print("after ", summary(after))
    print("seconds p50", sorted(seconds)[len(seconds) // 2])


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
