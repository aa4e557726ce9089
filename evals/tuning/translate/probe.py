"""Could the bundled model translate an extractive answer's quote into the question's language?
Nine quotes of the seeds corpus, each into another corpus language, greedy; for each, the e5
cosine of quote and translation and the judge's P(yes) that the quote states the translation
(the checks a translation would have to pass). Output: probe.txt.

    .venv/bin/python evals/tuning/translate/probe.py > evals/tuning/translate/probe.txt
"""
# ruff: noqa: E501  (a probe: its data lines are long)
import numpy as np

from assistant import Assistant
from assistant.answer.judge import judge_for_settings
from assistant.answer.llms import load_llama

FR = "Durov, libéré sous caution de 5 millions d’euros, doit se présenter à la police deux fois par semaine."
EN = "The 39-year-old individual, originally from Russia but now a French citizen, was recently apprehended due to their involvement in various illegal activities."
DE = "In 2022, Germany imposed fines of €5.1m (£3.7m) on Telegram for violating laws that govern major online platforms."
ZH = "韩国通信标准委员会 (KCSC) 表示,Telegram 东亚分公司代表已向该委员会发送了一封电子邮件,确认该公司已按照 KCSC 的要求从其平台上删除了 25 项性剥削材料。"
ID = "Polisi Prancis menahan Durov dua minggu yang lalu setelah jet pribadinya mendarat di Bandara Paris-Le Bourget."
ASKED = [("English", FR), ("Indonesian", FR), ("Chinese", FR), ("Indonesian", EN), ("French", EN), ("Chinese", DE),
         ("English", ZH), ("French", ZH), ("English", ID), ("French", ID)]
SYSTEM = "You translate the user's text into {language}. Keep every name, number and date as the text gives it. Reply with the translation only."

bot = Assistant()
judge = judge_for_settings(bot.settings)
llama = load_llama(judge.model_path, 1024)
for language, quote in ASKED:
    reply = llama.create_chat_completion([{"role": "system", "content": SYSTEM.format(language=language)},
                                          {"role": "user", "content": quote}], temperature=0.0, max_tokens=200)
    text = reply["choices"][0]["message"]["content"].strip()
    cosine = float(np.dot(bot.embedding.get_text_embedding(quote), bot.embedding.get_text_embedding(text)))
    print(f"{language}: {text}\n    from: {quote}\n    e5 {cosine:.3f}, judge P(yes) {judge(text, quote):.3f}")
