"""Could each part of a two-part question be gated by the answerability model, so that an
unanswerable half gets no look-alike quote? Per part: the ``llm`` model's probability, the
bundled model's P(yes) alone, and the ``base`` model's probability, for the dev split's answerable
two-part questions and six written for this probe whose second half the corpus does not answer
(x1-x6). Output: gate_dev.txt.

    .venv/bin/python evals/tuning/parts/gate.py > evals/tuning/parts/gate_dev.txt
"""
# ruff: noqa: E501  (a probe: its data lines are long)
from __future__ import annotations

import json
from pathlib import Path

from assistant import Assistant
from assistant.answer import answerable
from assistant.answer.judge import judge_for_settings
from assistant.answer.questions import parts

ROOT = Path(__file__).resolve().parents[3]
HALF_UNANSWERABLE = [
    ("x1", "Berapa usia Durov, dan berapa lama hukuman penjaranya?", "id"),
    ("x2", "How much was Durov's bail, and who paid it?", "en"),
    ("x3", "Quel âge a Durov, et qui est son avocat ?", "fr"),
    ("x4", "杜罗夫的保释金是多少？他被判了几年徒刑？", "zh"),
    ("x5", "How many users does Telegram have, and how much is Telegram worth?", "en"),
    ("x6", "Di mana Durov ditangkap, dan berapa denda yang harus dibayarnya?", "id"),
]


def main() -> None:
    bot = Assistant()
    context, judge, models = bot.answer_context(), judge_for_settings(bot.settings), answerable.load()
    gold = [json.loads(line) for line in (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8")]
    asked = [(c["id"], c["question"], c["language"], "answerable") for c in gold if c["split"] == "dev"
             and c["answerable"] and not c.get("followup_of") and len(parts(c["question"])) > 1]
    asked += [(i, q, lang, "second half unanswerable") for i, q, lang in HALF_UNANSWERABLE]
    print("id | kind | per part: (llm model P, model's P(yes), base model P) | question")
    for case_id, question, language, kind in asked:
        hits = bot.retrieve(question, language=language)
        read = []
        for part in parts(question):
            scored = answerable.score(context, part, language, hits)
            values = answerable.features(part, language, hits, scored)
            base = answerable.probability(values, models["base"])
            values["llm_yes"] = answerable.llm_yes(judge, part, scored)
            read.append((round(answerable.probability(values, models["llm"]), 3), round(values["llm_yes"], 3), round(base, 3)))
        print(case_id, "|", kind, "|", read, "|", question, flush=True)


if __name__ == "__main__":
    main()
