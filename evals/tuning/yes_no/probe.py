"""The yes-or-no questions of both dev splits (the gold set's and the plain questions'), through
the bundled model, without and with ``prompt.YES_NO`` or the wordings given (every other
question's prompt is the same either way). Needs ``yes_no.diff`` applied (``git apply``): it was
not adopted (README.md).

    .venv/bin/python evals/tuning/yes_no/probe.py [WORDING ...] > evals/tuning/yes_no/probe.txt

Scored as ``assistant eval --suite seeds`` scores them (``seeds.run_case``).
"""
import sys
from pathlib import Path

from assistant.answer import prompt
from assistant.answer.questions import ASKS_YES_NO
from assistant.core import Assistant
from assistant.evals import seeds

GOLD = (Path("evals/gold"), Path("evals/gold/natural"))


def main() -> None:
    bot = Assistant()
    cases = [(gold, c) for gold in GOLD for c in seeds.load_cases(gold, "dev")]
    by_id = {c["id"]: c for _, c in cases}
    asked = [c for _, c in cases if ASKS_YES_NO.search(c["question"].strip())]
    instruction = prompt.YES_NO
    totals = {}
    wordings = sys.argv[1:] or [instruction]
    for name, text in [("without", ""), *((f"with: {w}", w) for w in wordings)]:
        prompt.YES_NO = text
        right = answered = 0
        print(f"== {name}")
        for case in asked:
            row = seeds.run_case(bot, case, by_id, "llamacpp")
            right += bool(row["correct"])
            answered += not row["abstained"]
            print(f"{case['id']} {'ans' if case['answerable'] else 'UNANS'} correct={row['correct']} "
                  f"by={row['answered_by']} | {case['question']}\n    {row['answer'][:240]}")
            for d in row.get("dropped") or []:
                print(f"    dropped: {str(d)[:200]}")
        totals[name] = (right, answered, len(asked))
    prompt.YES_NO = instruction
    for name, (right, answered, n) in totals.items():
        print(f"{name}: right {right} of {n}, answered {answered}")


if __name__ == "__main__":
    main()
