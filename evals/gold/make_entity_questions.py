"""Write ``entity_questions.jsonl``: short questions that are mostly a name, in eight languages.

    .venv/bin/python evals/gold/make_entity_questions.py

Every template below is filled with every name of its kind (six people, six organisations), so
that no question was picked for how a detector reads it: 8 languages x (2 x 6 + 3 x 6) = 240.
Names stay in Latin script in every language, as users type them ("Alex Stamos是谁？"). Written
when "Qu'est-ce que Telegram ?" was read as Spanish, "Siapa Alex Stamos?" as Portuguese and
"Alex Stamos是谁？" as Portuguese: a test set for ``ingest/language.detect``, not a dev set.
"""
from __future__ import annotations

import json
from pathlib import Path

PEOPLE = ("Pavel Durov", "Alex Stamos", "Emmanuel Macron", "Elon Musk", "Nikolai Durov", "Mark Zuckerberg")
ORGANISATIONS = ("Telegram", "WhatsApp", "SentinelOne", "KCSC", "NCMEC", "OpenAI")
# (templates about a person, templates about an organisation), per language
TEMPLATES = {
    "en": (("Who is {}?", "When was {} born?"), ("What is {}?", "Where is {} based?", "How many users does {} have?")),
    "fr": (("Qui est {} ?", "Quand {} est-il né ?"),
           ("Qu'est-ce que {} ?", "Où se trouve {} ?", "Combien d'utilisateurs {} a-t-il ?")),
    "id": (("Siapa {}?", "Kapan {} lahir?"), ("Apa itu {}?", "Di mana {} berada?", "Berapa jumlah pengguna {}?")),
    "zh": (("{}是谁？", "{}是哪一年出生的？"), ("{}是什么？", "{}在哪里？", "{}有多少用户？")),
    "de": (("Wer ist {}?", "Wann wurde {} geboren?"), ("Was ist {}?", "Wo sitzt {}?", "Wie viele Nutzer hat {}?")),
    "es": (("¿Quién es {}?", "¿Cuándo nació {}?"), ("¿Qué es {}?", "¿Dónde está {}?", "¿Cuántos usuarios tiene {}?")),
    "ru": (("Кто такой {}?", "Когда родился {}?"), ("Что такое {}?", "Где находится {}?", "Сколько пользователей у {}?")),
    "vi": (("{} là ai?", "{} sinh năm nào?"), ("{} là gì?", "{} ở đâu?", "{} có bao nhiêu người dùng?")),
}


def questions() -> list[dict]:
    rows = []
    for language, (about_people, about_organisations) in TEMPLATES.items():
        for templates, names in ((about_people, PEOPLE), (about_organisations, ORGANISATIONS)):
            for template in templates:
                rows += [{"language": language, "question": template.format(name)} for name in names]
    return [{"id": f"e{i:03d}", **row} for i, row in enumerate(rows, start=1)]


if __name__ == "__main__":
    out = Path(__file__).with_name("entity_questions.jsonl")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in questions()), encoding="utf-8")
    print(f"{out}: {len(questions())} questions")
