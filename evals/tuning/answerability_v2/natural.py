"""The answerability_v2 weights (fitted here from this folder's rows) over questions a new user asks first,
the default extractive backend with the model's yes/no. Needs features.diff applied (git apply); writes only
under /tmp.

    git apply evals/tuning/answerability_v2/features.diff
    .venv/bin/python evals/tuning/answerability_v2/natural.py; git checkout assistant/
"""
import functools
import gzip
import json
from pathlib import Path

from assistant.answer import answerable
from assistant.evals.answerability import fit

rows=[json.loads(l) for l in gzip.open("evals/tuning/answerability_v2/features.jsonl.gz","rt")]
judged=[json.loads(l) for l in gzip.open("evals/tuning/answerability_v2/llm_features.jsonl.gz","rt")]
out=Path("/tmp/answerability_v2"); out.mkdir(exist_ok=True)
fit(rows, judged, out, out/"answerable.json")
new=json.loads((out/"answerable.json").read_text())
answerable.load = functools.lru_cache(maxsize=4)(lambda path=None: new)
from assistant.core import Assistant

bot = Assistant()
qs = ["Why was Durov arrested?", "What is Durov accused of?", "Où Durov a-t-il été arrêté ?", "Berapa uang jaminan Durov?",
      "杜罗夫为什么被捕？", "When was Durov released?", "What does Durov say about the accusations?", "Qui est Pavel Durov ?",
      "Who won the 2022 FIFA World Cup?", "How many users does Telegram have?", "Quelle est la capitale de l'Australie ?",
      "Siapa presiden Brasil saat ini?", "How much is Durov paying his defence lawyers?"]
for q in qs:
    a = bot.ask(q)
    print(f"p={a.answerability.get('probability')} cut={a.answerability.get('threshold')} {'REFUSED' if a.abstained else 'answered'} | {q}")
