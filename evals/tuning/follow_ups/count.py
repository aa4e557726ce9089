"""How many of ``evals/gold/follow_ups.jsonl`` (short follow-ups, six languages) ``condense.is_followup``
reads as follow-ups, per split and language: a follow-up it misses is retrieved alone when no LLM
rewrites it ("Pendant combien de temps ?" found a German "Last updated 2 Wochen" line).

    .venv/bin/python evals/tuning/follow_ups/count.py

Run at ec0edff (before the question-words rule) and after it: ``count.txt``.
"""
from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

from assistant.answer.condense import is_followup

ROOT = Path(__file__).resolve().parents[3]


def main() -> None:
    rows = [json.loads(line) for line in (ROOT / "evals" / "gold" / "follow_ups.jsonl").open(encoding="utf-8")]
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    changed = subprocess.run([*git, "status", "--porcelain", "assistant"], capture_output=True, text=True).stdout
    print(f"at {commit}{' with uncommitted changes to assistant/' if changed.strip() else ''}:")
    for split in ("dev", "test"):
        these = [r for r in rows if r["split"] == split]
        read = Counter(r["language"] for r in these if is_followup(r["question"]))
        total = Counter(r["language"] for r in these)
        per = ", ".join(f"{lang} {read[lang]}/{n}" for lang, n in sorted(total.items()))
        print(f"  {split}: {sum(read.values())} of {len(these)} read as follow-ups ({per})")


if __name__ == "__main__":
    main()
