"""The bundled model on the two dev questions whose evidence gains the sentence that explains
(``evidence.txt``): run once at the code before (a worktree at 19ede61 on PYTHONPATH, the same
index) and once at this code, on the same CPU; no other dev question's prompt changes.

    .venv/bin/python evals/tuning/explain/llm_probe.py s027,s028 > evals/tuning/explain/llm-after.txt
"""
import json
import sys

from assistant.core import Assistant

assistant = Assistant()
ids = sys.argv[1].split(",")
for line in open("evals/gold/seeds.jsonl", encoding="utf-8"):
    case = json.loads(line)
    if case["id"] in ids:
        answer = assistant.ask(case["question"], backend="llamacpp")
        print(case["id"], case["question"], "\n  ->", answer.text, "| abstained", answer.abstained, "| by",
              answer.answered_by, "\n  dropped:", answer.dropped, flush=True)
