"""What a question asks for, read in the languages of the seeds and XQuAD: a number or a date,
a person or a place, and which of its words a passage that answers must hold.

>>> bool(ASKS_NUMBER.search("Berapa uang jaminan Durov?")), key_terms("Who won the 2022 FIFA World Cup?")
(True, ['2022', 'fifa', 'world', 'cup'])
"""
from __future__ import annotations

import re

# Questions whose answer is a number or a date, in the languages of the seeds and XQuAD.
ASKS_NUMBER = re.compile(
    r"\b(how (much|many|long|old)|when|what year|which year|combien|quand|quel(le)? année|"
    r"berapa|kapan|tahun berapa|cuánto|cuántos|cuándo|wie viel|wie viele|wann|сколько|когда|"
    r"bao nhiêu|khi nào|năm nào)\b|多少|几|何时|什么时候|哪一年|哪年|เท่าไร|เมื่อไร|กี่",
    re.IGNORECASE,
)

ASKS_ENTITY = re.compile(
    r"\b(who|whom|whose|where|qui|où|siapa|di mana|mana|wer|wo|quién|dónde|кто|где|ai|ở đâu)\b|谁|誰|哪里|哪儿|何处|在哪",
    re.IGNORECASE,
)
# Key terms: numbers, quoted words, capitalised words that do not open a sentence.
KEY = re.compile(r"\d+(?:[.,]\d+)*|[\"“«「](.+?)[\"”»」]|(?<!^)(?<![.?!]\s)\b[A-ZÀ-ÖØ-ÞА-Я][\w'’-]+")
NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-ZÀ-ÖØ-ÞА-Я][\w'’-]+")
# Questions for a day or a month (ASKS_NUMBER has "when" and the years).
ASKS_DATE = re.compile(r"\b((what|which) (day|month)|quel(le)? (jour|mois)|hari apa|bulan apa)\b|哪天|星期几|几月|哪个月",
                       re.IGNORECASE)


def key_terms(question: str) -> list[str]:
    """What a passage that answers must hold: numbers, quoted words, and names (capitalised
    words not opening the sentence, but in CJK text), lower-cased. "Who won the 2022 FIFA World Cup?" →
    ['2022', 'fifa', 'world', 'cup']."""
    question = question.strip()
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", question):
        question = " " + question  # in a CJK question a Latin word that opens it is a name too
    out = []
    for m in KEY.finditer(question):
        out.append(re.sub(r"['’]s$", "", (m.group(1) or m.group(0)).lower()))
    return list(dict.fromkeys(out))


_QUESTION_END = re.compile(r"(?<=[?？])\s*")


def questions(query: str) -> list[str]:
    """The questions of a query: "A? B?" → ["A?", "B?"]; one question → [query]. A follow-up
    retrieved with the question before it, when no LLM rewrites it, is such a query; its last
    question is what is asked."""
    parts = [p for p in _QUESTION_END.split(query.strip()) if p.strip()]
    return parts if len(parts) > 1 else [query]
