"""The shipped answerability model over questions a new user asks first, through the default
extractive backend with the model's yes/no (the weights of ``assistant/answer/answerable.json``,
since stop 44 with this folder's three features):

    .venv/bin/python evals/tuning/answerability_v2/natural.py

Before stop 44 it applied ``features.diff`` and fitted the weights itself; its output then is in
this folder's README.
"""
from assistant.core import Assistant

QUESTIONS = [
    "Why was Durov arrested?", "What is Durov accused of?", "Où Durov a-t-il été arrêté ?", "Berapa uang jaminan Durov?",
    "杜罗夫为什么被捕？", "When was Durov released?", "What does Durov say about the accusations?", "Qui est Pavel Durov ?",
    "Who won the 2022 FIFA World Cup?", "How many users does Telegram have?", "Quelle est la capitale de l'Australie ?",
    "Siapa presiden Brasil saat ini?", "How much is Durov paying his defence lawyers?",
]


def main() -> None:
    bot = Assistant()
    for question in QUESTIONS:
        a = bot.ask(question)
        verdict = a.answerability
        print(f"p={verdict.get('probability')} cut={verdict.get('threshold')} "
              f"{'REFUSED' if a.abstained else 'answered'} | {question}")
        if not a.abstained:
            print("    ", a.text.replace("\n", " ")[:200])


if __name__ == "__main__":
    main()
