"""Why the money reading of "what was his bail" (5cd3702, reverted in cb233c7) lost the charges half
of "How many charges does Durov face, and what was his bail?": the learned ranking of each part's
candidates and of the whole question's, which ``extractive.by_parts`` averages, without and with
that reading.

    .venv/bin/python evals/tuning/natural/two_parts.py > evals/tuning/natural/two_parts.txt
"""
import re

from assistant.answer import answerable, questions
from assistant.core import Assistant

QUESTION = "How many charges does Durov face, and what was his bail?"
MONEY_READING = (r"|\b(what|quel(le)?)\s+(is|was|were|are|est|était|étaient|sont|a été)\b[^?？]*"
                 r"\b(bail|fines?|amount|price|cost|caution|amende|montant|prix|coût)\b")


def show(bot, tag: str) -> None:
    answer = bot.ask(QUESTION, backend="extractive")
    print(f"== {tag}: kinds asked {questions.asked(QUESTION)}, by part {[questions.asked(p) for p in questions.parts(QUESTION)]}")
    print("  quoted:", [c.quote[:60] for c in answer.citations])
    context, hits = bot.answer_context(), bot.retrieve(QUESTION, language="en")
    whole = {c.id: c.rank for c in answerable.score(context, QUESTION, "en", hits)}
    for part in questions.parts(QUESTION):
        print("  part:", part)
        for c in answerable.score(context, part, "en", hits)[:4]:
            average = (c.rank + whole.get(c.id, c.rank)) / 2
            print(f"    part {c.rank:+.2f} whole {whole.get(c.id, 0):+.2f} average {average:+.2f} | {c.text[:70]}")


def main() -> None:
    bot = Assistant()
    show(bot, "today")
    asks, _ = questions.ANSWER_TYPES["money"]
    questions._ASKS["money"] = re.compile(asks + MONEY_READING, re.IGNORECASE)
    show(bot, "with the money reading")


if __name__ == "__main__":
    main()
