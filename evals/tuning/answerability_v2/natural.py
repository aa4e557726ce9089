"""The answerability_v2 weights (fitted here from this folder's rows) over questions a new user asks
first, through the default extractive backend with the model's yes/no. Needs ``features.diff``
applied; writes only under /tmp.

    git apply evals/tuning/answerability_v2/features.diff
    .venv/bin/python evals/tuning/answerability_v2/natural.py; git checkout assistant/
"""
import functools
import json
from pathlib import Path

from compare import read  # this folder's rows, read as compare.py reads them

from assistant.answer import answerable
from assistant.core import Assistant
from assistant.evals.answerability import fit

OUT = Path("/tmp/answerability_v2")
QUESTIONS = [
    "Why was Durov arrested?", "What is Durov accused of?", "Où Durov a-t-il été arrêté ?", "Berapa uang jaminan Durov?",
    "杜罗夫为什么被捕？", "When was Durov released?", "What does Durov say about the accusations?", "Qui est Pavel Durov ?",
    "Who won the 2022 FIFA World Cup?", "How many users does Telegram have?", "Quelle est la capitale de l'Australie ?",
    "Siapa presiden Brasil saat ini?", "How much is Durov paying his defence lawyers?",
]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    fit(read("features.jsonl.gz"), read("llm_features.jsonl.gz"), OUT, OUT / "answerable.json")
    weights = json.loads((OUT / "answerable.json").read_text(encoding="utf-8"))
    answerable.load = functools.lru_cache(maxsize=4)(lambda path=None: weights)
    bot = Assistant()
    for question in QUESTIONS:
        a = bot.ask(question)
        verdict = a.answerability
        print(f"p={verdict.get('probability')} cut={verdict.get('threshold')} "
              f"{'REFUSED' if a.abstained else 'answered'} | {question}")


if __name__ == "__main__":
    main()
