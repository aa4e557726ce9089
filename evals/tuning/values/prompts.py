"""Four ways to ask the bundled model whether a sentence gives a claim: the claim alone (today's
``Judge.__call__``), and with the question (``qa``, adopted as ``Judge.gives``; ``qa2``; ``qa_value``, the question with the claim's values alone, stop 34: not adopted). Pairs
from the dev split's LLM sentences (probe_dev.txt) and a few look-alikes written for this probe;
1 = right, 0 = wrong. Output: prompts_dev.txt.

    .venv/bin/python evals/tuning/values/prompts.py
"""
# ruff: noqa: E501  (a probe: its data and report lines are long)
from assistant.answer import facts
from assistant.answer.judge import judge_for_settings
from assistant.settings import Settings

judge = judge_for_settings(Settings())
B = "Durov, libéré sous caution de 5 millions d’euros, doit se présenter à la police deux fois par semaine et ne peut pas quitter le territoire français."
A39 = "The 39-year-old individual, originally from Russia but now a French citizen, was recently apprehended due to their involvement in various illegal activities"
G = "In 2022, Germany imposed fines of €5.1m (£3.7m) on Telegram for violating laws that govern major online platforms."
K = "韩国通信标准委员会 (KCSC) 表示,Telegram 东亚分公司代表已向该委员会发送了一封电子邮件,确认该公司已按照 KCSC 的要求从其平台上删除了 25 个深度伪造色情内容"
U = "Telegram, the popular messaging app with 950 million users, has been at the center of controversy"
S = "According to Mr. Durov, the sudden surge in Telegram’s user count to 950 million caused growing pains"
P = "Polisi Prancis menahan Durov dua minggu yang lalu setelah jet pribadinya mendarat di Bandara Paris-Le Bourget."
pairs = [
 (1,"Quel âge a Durov, et à combien s'élevait sa caution ?","Durov a 39 ans.",A39),
 (1,"Berapa dakwaan yang dikenakan kepada Durov, dan berapa uang jaminannya?","Uang jaminannya adalah 5 juta euro.",B),
 (1,"Berapa usia Durov, dan dengan berapa pelanggaran ia didakwa?","Durov adalah 39 tahun.",A39),
 (1,"德国是在哪一年对 Telegram 处以罚款的？Telegram 又是在哪几年被俄罗斯封锁的？","德国在2022年对Telegram处以罚款。",G),
 (1,"Pada tahun berapa Jerman mendenda Telegram, dan pada tahun berapa saja Telegram diblokir di Rusia?","Jerman mendenda Telegram pada tahun 2022.",G),
 (1,"Quelle amende l'Allemagne a-t-elle infligée à Telegram en 2022, et combien de contenus Telegram a-t-il retirés à la demande du régulateur sud-coréen ?","Telegram a retiré 25 contenus Telegram à la demande du régulateur sud-coréen.",K),
 (1,"Menurut regulator media Korea Selatan, berapa item materi eksploitasi seksual yang dihapus Telegram atas permintaannya?","Menurut regulator media Korea Selatan, Telegram telah menghapus 25 item materi eksploitasi seksual atas permintaannya.",K),
 (1,"Berapa usia Durov?","Durov adalah 39 tahun.",A39),
 (1,"How many users does Telegram have?","Telegram has 950 million users.",U),
 (0,"De combien d'infractions Durov a-t-il été inculpé ?","Durov a été inculpé de 2 infractions.",B),
 (0,"杜罗夫被指控了多少项罪名？","杜罗夫被指控了两项罪名。",B),
 (0,"Mengapa Jerman menjatuhkan denda kepada Telegram pada 2022?","Jerman menjatuhkan denda kepada Telegram pada 2022 karena Telegram telah menghapus konten yang tidak sesuai dengan kebijakan yang ada.",G),
 (0,"Combien de publications et de chaînes nuisibles Telegram supprime-t-il chaque jour ?","Durov supprime chaque jour 950 millions de publications et de chaînes nuisibles sur Telegram.",S),
 (0,"What prison sentence did the court give Durov?","The court handed down to Durov a sentence of two weeks' imprisonment.",P),
 (0,"How long was Durov's bail?","Durov's bail lasted two weeks.",P),
 (0,"How many times a week must Durov report to the police?","Durov must report to the police five times a week.",B),
 (0,"Quel âge a Durov ?","Durov a 29 ans.",A39),
 (0,"When did Germany fine Telegram?","Germany fined Telegram in 2022 for refusing to hand over encryption keys.",G),
]


def values(text: str) -> str:
    """The claim's values alone, as ``facts.without_values`` finds them ("Durov adalah 39 tahun." -> "39 tahun")."""
    found = []
    for pattern in [facts.SCALED, *(p for _, p in facts.SPANS), *(p for _, p in facts.WEEKDAY), *(p for _, p in facts.MONTH),
                    facts.DATES_ZH_MONTH, facts.ZH_NUMBER, facts.WORD, facts.NUMBER, facts.CURRENCIES]:
        found += [(m.start(), m.group(0)) for m in pattern.finditer(text)]
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return " ".join(v.strip() for _, v in sorted(found))


SYS = "You are a careful fact checker. Answer with one word: Yes or No."
V = {
 "current": None,
 "qa": ("Is the answer correct according to the source? Answer Yes only if the source itself gives this answer to the question: "
        "the same people, places, dates, numbers, causes and outcomes, and nothing added. The source, question and answer may be in different languages.\n\n",
        lambda q, c, s: f"Source: {s}\nQuestion: {q}\nAnswer: {c}\n"
                        "Is the answer correct according to the source? Answer Yes or No."),
 "qa_value": ("Is the answer correct according to the source? Answer Yes only if the source itself gives this answer to the question: "
        "the same people, places, dates, numbers, causes and outcomes, and nothing added. The source, question and answer may be in different languages.\n\n",
        lambda q, c, s: f"Source: {s}\nQuestion: {q}\nAnswer: {values(c)}\n"
                        "Is the answer correct according to the source? Answer Yes or No."),
 "qa2": ("Read the source, then the question and a proposed answer. Does the source say what the proposed answer says, as an answer to this question? "
        "Numbers must count the same thing (two times is not two charges). The texts may be in different languages.\n\n",
        lambda q, c, s: f"Source: {s}\nQuestion: {q}\nProposed answer: {c}\nAnswer Yes or No."),
}
print("values:", [values(c) for _, _, c, _ in pairs])
for name, way in V.items():
    read = []
    for label, question, claim, sentence in pairs:
        if way is None:
            p = judge(claim, sentence)
        else:
            p = judge._p_yes(SYS, way[0], way[1](question, claim, sentence))
        read.append((label, round(p, 3)))
    print(name, "pos", [p for label, p in read if label], "\n      neg", [p for label, p in read if not label])
