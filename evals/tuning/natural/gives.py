"""The bundled model's P(yes) that the French bail sentence gives a Chinese answer, the amount
written five ways (``Judge.gives``, what ``verify.value_support`` asks; kept from 0.7)."""
from assistant import Assistant
from assistant.answer.judge import judge_for_settings

SENTENCE = "Durov, libéré sous caution de 5 millions d’euros, doit se présenter à la police deux fois par semaine."
QUESTION = "杜罗夫的保释金是多少？"
ANSWERS = ["杜罗夫的保释金是5000000欧元。", "杜罗夫的保释金是500万欧元。", "杜罗夫的保释金是5 millions d’euros。",
           "杜罗夫的保释金是5,000,000欧元。", "杜罗夫的保释金是五百万欧元。"]

if __name__ == "__main__":
    reader = judge_for_settings(Assistant().settings)
    for answer in ANSWERS:
        print(round(reader.gives(QUESTION, answer, SENTENCE), 3), answer)
