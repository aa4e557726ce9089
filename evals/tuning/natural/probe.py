"""Questions a user would ask of the seeds, outside the gold set, through one backend:
``.venv/bin/python evals/tuning/natural/probe.py extractive|llamacpp > probe-<backend>.txt``."""
import sys
import time

from assistant import Assistant

QUESTIONS = [
    ("en", "Where was Durov arrested?"),
    ("en", "What is Telegram accused of?"),
    ("en", "Who is Alex Stamos?"),
    ("en", "What is Durov's net worth?"),
    ("en", "Has Durov been convicted?"),
    ("fr", "Quelle est la nationalité de Durov ?"),
    ("fr", "Combien d'utilisateurs Telegram compte-t-il ?"),
    ("fr", "Quel est le salaire de Durov ?"),
    ("id", "Di mana Durov ditangkap?"),
    ("id", "Apa tanggapan Durov terhadap penangkapannya?"),
    ("id", "Kapan Telegram didirikan?"),
    ("zh", "杜罗夫在哪里被捕？"),
    ("zh", "杜罗夫的保释金是多少？"),
    ("zh", "谁是 Telegram 的首席技术官？"),
    ("en", "What did the South Korean regulator ask Telegram to remove?"),
    ("fr", "Pourquoi Durov a-t-il été arrêté ?"),
]


def main(backend: str) -> None:
    bot = Assistant()
    for language, question in QUESTIONS:
        started = time.time()
        a = bot.ask(question, backend=backend)
        by = a.backend
        print(f"\n## [{language}] {question}  ({time.time() - started:.1f}s, by {by}, abstained={a.abstained})")
        print("A:", a.text)
        for c in a.citations:
            print(f"   [{c.n}] {c.source} p.{c.page} :: {c.quote[:140]}")
        for w in a.warnings:
            print("   warn:", w[:200])
        for d in a.dropped:
            print("   dropped:", d[:200])


if __name__ == "__main__":
    main(sys.argv[1])
