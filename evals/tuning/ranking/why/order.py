"""The learned order of the candidate sentences for each question on the command line (stop 45).
Output for "Why was Durov arrested?" in four languages: ``order.txt``."""
import sys

from assistant.answer import answerable
from assistant.core import Assistant
from assistant.ingest.language import detect


def main() -> None:
    bot = Assistant()
    context = bot.answer_context()
    for question in sys.argv[1:]:
        language = detect(question)
        scored = answerable.score(context, question, language, bot.retrieve(question, language=language))
        print("==", question, language)
        for c in scored[:6]:
            print(f"  {c.rank:6.2f} {c.hit.chunk.source[:3]} {c.text[:110]!r}")


if __name__ == "__main__":
    main()
