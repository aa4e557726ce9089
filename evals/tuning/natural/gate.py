"""What the answerability model makes of five "where was he arrested" questions and one about his
nationality, with the bundled model's yes/no: its probability, the learned order's best four
sentences, and the three sentences the model reads (the hand-set order's best)."""
from assistant import Assistant
from assistant.answer import answerable
from assistant.answer.judge import judge_for_settings

QUESTIONS = [("杜罗夫在哪里被捕？", "zh"), ("Quelle est la nationalité de Durov ?", "fr"),
             ("Where was Durov arrested?", "en"), ("Di mana Durov ditangkap?", "id"),
             ("Où Durov a-t-il été arrêté ?", "fr")]


def main() -> None:
    bot = Assistant()
    context, reader = bot.answer_context(), judge_for_settings(bot.settings)
    for question, language in QUESTIONS:
        hits = bot.retrieve(question, language=language)
        decision = answerable.assess(context, question, language, hits, reader, kind="llm")
        print("\n", question, "P", decision.probability, "cut", decision.threshold, decision.verdict)
        for c in decision.scored[:4]:
            print(f"   {c.score:.2f} {c.hit.chunk.source[:3]} {c.text[:100]}")
        for c in answerable.by_score(decision.scored)[:3]:
            print("   judge reads:", c.text[:100])


if __name__ == "__main__":
    main()
