"""What a question asks for, read in the languages of the seeds and XQuAD: a number or a date,
a person or a place, an age, an amount of money, a time, a duration, how often, a name, a reason; whether a
sentence holds that kind of answer; and which of its words a passage that answers must hold.

>>> bool(ASKS_NUMBER.search("Berapa uang jaminan Durov?")), key_terms("Who won the 2022 FIFA World Cup?")
(True, ['2022', 'fifa', 'world', 'cup'])
>>> asked("Quel âge a Durov ?"), held("Durov, libéré sous caution de 5 millions d'euros, ...")
({'age'}, {'money'})
"""
from __future__ import annotations

import re

from ..ingest.split import is_cjk

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
# Questions answered yes or no, which an answer may restate ("Apakah Telegram masih diblokir di
# Iran?" -> "Telegram masih diblokir di Iran."): English and French openings ("est-ce que", not
# "qu'est-ce que", which asks what), markers in id and zh, and a French inversion with no question
# word ("Durov a-t-il été libéré ?").
ASKS_YES_NO = re.compile(
    r"(?i)^\W*(is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b|"
    r"\b(apakah|whether)\b|(?<!qu['’])\best-ce que\b|是否|是不是|有没有|吗\s*[?？]|"
    r"^(?!.*\b(qui|que|quoi|quel|quelle|quels|quelles|où|quand|comment|pourquoi|combien|lequel|laquelle)\b)"
    r".*-(t-)?(il|elle|ils|elles|on)\b")
# Questions asking how something is done, not how much, many, long, old or often: "How does Durov
# say Telegram deals with harmful content?", "Comment Telegram peut-il …", "Bagaimana …", "如何…".
ASKS_MANNER = re.compile(
    r"(?i)\bhow\b(?!\s+(much|many|long|old|often|far|big|large|soon|come|frequently)\b)|\bcomment\b|"
    r"\bde quelle (manière|façon)\b|\b(bagaimana|dengan cara apa)\b|如何|怎么|怎样|怎麼|以何种方式")
# Key terms: numbers, quoted words, capitalised words that do not open a sentence.
KEY = re.compile(r"\d+(?:[.,]\d+)*|[\"“«「](.+?)[\"”»」]|(?<!^)(?<![.?!]\s)\b[A-ZÀ-ÖØ-ÞА-Я][\w'’-]+")
NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-ZÀ-ÖØ-ÞА-Я][\w'’-]+")

# Kinds of answer: what asks for one (in the question), what holds one (in a sentence). A number
# alone does not tell them apart: "Durov, libéré sous caution de 5 millions d'euros, doit se
# présenter à la police deux fois par semaine" holds digits, but no age and no number of days.
_NUMBER_WORD = (r"(\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a dozen|"
                r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|satu|dua|tiga|empat|lima|"
                r"enam|tujuh|delapan|sembilan|sepuluh|beberapa|several|plusieurs)")
_UNIT = (r"(hours?|days?|weeks?|months?|years?|heures?|jours?|semaines?|mois|ans|années|jam|hari|minggu|"
         r"bulan|tahun)")
ANSWER_TYPES = {
    "age": (
        r"\bhow old\b|\bage\b|\bâge\b|\b(usia|umur)\b|多大|几岁|年龄|年纪|岁数",
        r"\d+[- ]years?[- ]old|\baged \d+|\b\d+ ans\b|\b(berusia|umur|usia) \d+|\d+ ?岁|, \d{2},",
    ),
    "money": (
        # an amount asked ("how much", "combien", "berapa", "多少") of something paid
        r"(?=.*(\b(how much|what amount|combien|quel montant|berapa)\b|多少))"
        r".*(\b(money|bail|fines?|cost|price|paid|pay|amount|caution|amende|montant|prix|coût|payé|jaminan|"
        r"denda|biaya|harga|uang|dibayar)\b|钱|金额|保释金|罚款|罚金|费用|价格)",
        r"[€$£¥]|\b(euros?|dollars?|dolar|pounds?|yuan|rupiah|usd|eur)\b|欧元|美元|英镑|万元|亿元",
    ),
    "time": (
        r"\b(when|what (year|day|month|date)|which (year|day|month|date)|since when|quand|quel(le)? "
        r"(année|jour|mois|date)|en quelle année|depuis quand|kapan|tahun berapa|hari apa|bulan apa|"
        r"tanggal berapa|sejak kapan)\b|什么时候|何时|哪一年|哪年|哪天|哪一天|星期几|几月|哪个月|几号",
        r"\b(1[89]|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|"
        r"november|december|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
        r"décembre|januari|februari|maret|april|mei|juni|juli|agustus|oktober|desember|monday|tuesday|"
        r"wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
        r"senin|selasa|rabu|kamis|jumat|sabtu|minggu|yesterday|today|ago|last (week|month|year)|"
        r"earlier this year|hier|aujourd['’]hui|dernier|dernière|kemarin|lalu)\b|\d+ ?[年月日号]|"
        r"星期[一二三四五六日天]|周[一二三四五六日]|今年|去年|上周|上个月",
    ),
    "duration": (
        r"\b(how long|how many (hours|days|weeks|months|years)|combien de (temps|jours|semaines|mois|"
        r"années|ans|heures)|pendant combien|berapa (lama|hari|minggu|bulan|tahun|jam))\b|多久(?![^？?]*一次)|多长时间|几天|"
        r"几周|几个月|几年|几小时",
        rf"\b{_NUMBER_WORD} {_UNIT}\b|[\d一二两三四五六七八九十几]+ ?(天|周|个月|年|小时)",
    ),
    "frequency": (
        r"\b(how often|how frequently|how many times|à quelle fréquence|combien de fois|seberapa sering|"
        r"berapa kali)\b|多久[^？?]*一次|多频繁|几次|频率",
        r"\b(twice|once|times (a|per)|per (day|week|month|year)|a (day|week|month)|fois par|par "
        r"(jour|semaine|mois|an)|kali (se|dalam|per)|(se|per) ?(hari|minggu|bulan|tahun))\b|每(天|日|周|星期|月|年)|[一两二三]次",
    ),
    "name": (  # "which country / agency / office": a name, not a number
        r"\b(which|what) (country|countries|city|company|firm|agency|organi[sz]ation|newspaper|body|office|"
        r"court|regulator|nationality|citizenship)\b|\bquel(le)?s? (pays|ville|entreprise|société|organisme|"
        r"organisation|journal|agence|bureau|tribunal|nationalité)\b|\b(negara|kota|perusahaan|lembaga|badan|"
        r"organisasi|surat kabar|kantor|pengadilan|regulator) (apa|mana)\b|哪个国家|哪国|哪些国家|哪座城市|哪个城市|"
        r"哪家|哪个机构|哪个组织|哪个办事处|哪个部门|什么机构|什么组织",
        r"(?-i:(?<![.?!]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\w'’-]+)|[\u4e00-\u9fff](国|委员会|机构|公司|组织|办事处|分公司|报|法院)",
    ),
    "reason": (
        r"\b(why|how come|what (led|caused|made)|reason|pourquoi|pour quelle raison|raison|mengapa|kenapa|"
        r"alasan|apa sebab)\b|为什么|为何|原因|理由",
        r"\b(because|since|due to|owing to|as a result|so that|in order to|parce qu['’]?e?|car|en raison|"
        r"à cause|afin|puisqu['’]?e?|karena|sebab|akibat|agar|supaya|alasan)\b|因为|由于|因此|所以|为了|原因",
    ),
}
# A number, in digits or in words ("quatre jours", "a dozen", "selusin", "十二项", "两次").
NUMBER = re.compile(
    r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|thousand|dozen|"
    r"twice|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|douzaine|vingt|trente|cent|mille|dua|tiga|"
    r"empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|selusin|puluh|ratus|ribu|juta)\b|"
    r"[一二两三四五六七八九十百千万]+ ?(个|项|次|天|年|名|人|周|月|岁|万|亿|倍)",
    re.IGNORECASE,
)
_ASKS = {kind: re.compile(q, re.IGNORECASE) for kind, (q, _) in ANSWER_TYPES.items()}
_HOLDS = {kind: re.compile(h, re.IGNORECASE) for kind, (_, h) in ANSWER_TYPES.items()}


def asked(question: str) -> set[str]:
    """The kinds of answer (``ANSWER_TYPES``) the question asks for."""
    return {kind for kind, pattern in _ASKS.items() if pattern.search(question)}


def held(sentence: str) -> set[str]:
    """The kinds of answer (``ANSWER_TYPES``) the sentence holds."""
    return {kind for kind, pattern in _HOLDS.items() if pattern.search(sentence)}


def explains(question: str) -> bool:
    """Whether the question asks for an explanation: a reason or a manner ("why", "how does")."""
    return "reason" in asked(question) or bool(ASKS_MANNER.search(question))


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


# Where a question asks a second thing: "..., and how much was his bail?", "..., et pendant quelles
# années ?", "..., dan berapa uang jaminannya?", or a second question mark ("...几岁？他的保释金是多少？").
_SECOND = (r"how|what|which|why|when|where|who|whom|whose|for how|is|are|was|were|does|did|has|have|"
           r"à |a-t|quel|quelle|quels|quelles|combien|pourquoi|comment|où|quand|qu['’]|que|qui|pendant|depuis|"
           r"est-ce|berapa|apa|apakah|siapa|kapan|di mana|dimana|mengapa|kenapa|bagaimana|seberapa|pada|dengan|menurut")
# Without the comma only a question word, after a preposition or not, and one word more open a
# second question: "How old is Durov and how much was his bail?", "… dan berapa lama?", "… and
# for how long?", "… et à combien s'élevait sa caution ?", but not "Is Telegram encrypted and is …"
# nor "Where was he arrested and when?".
_WH = (r"how|what|which|why|when|where|who|combien|pourquoi|comment|où|quand|quel|quelle|quels|quelles|"
       r"berapa|siapa|kapan|mengapa|kenapa|bagaimana|di mana|seberapa")
_BEFORE_WH = r"for|since|until|à|pendant|depuis|jusqu['’]à|selama|sejak|sampai"
_ASKS_SECOND = re.compile(rf"(?i),\s+(?:and|et|dan)\s+(?=(?:{_SECOND})\b)|(?<=[?？；;])\s*(?=\S)"
                          rf"|\s+(?:and|et|dan)\s+(?=(?:(?:{_BEFORE_WH})\s+)?(?:{_WH})\s+[^\s?？])")
# A Chinese question asks in place: after a comma, a clause with a question word of its own is a
# second question when the clause before it has one too ("杜罗夫在哪里被捕，什么时候获释？"), not
# when it sets the scene ("除俄罗斯外，Telegram 还在哪个国家遭到封禁？").
_ZH_ASKS = re.compile(r"谁|什么|哪|几(?!乎)|多少|多久|多大|多长|为什么|为何|怎么|如何|何时")
# What makes a clause a question (with a yes-no opening, ``ASKS_YES_NO``): a question word or mark
_QUESTION_WORD = re.compile(rf"(?i)\b(?:{_WH}|qui|que|quoi|lequel|laquelle|apa|apakah|whom|whose)\b|qu['’]|"
                            rf"{_ZH_ASKS.pattern}|[?？]")


def parts(question: str) -> list[str]:
    """The things one question asks: "How many offences was Durov charged with, and how much was
    his bail?" → ["How many offences was Durov charged with", "how much was his bail?"];
    "杜罗夫今年几岁？他的保释金是多少？" → two; a question that asks one thing → [question]."""
    found = [p.strip() for piece in _ASKS_SECOND.split(question.strip()) for p in _zh_clauses(piece) if p.strip()]
    # "Where and when was Durov arrested?" asks one thing twice over: a part is a question of its own;
    # "A screwdriver cocktail is orange juice, ice and which spirit?" opens with no question at all
    if len(found) < 2 or any(len(p.split()) < 2 and not is_cjk(p) for p in found) or not _is_question(found[0]):
        return [question]
    return found


def _is_question(clause: str) -> bool:
    return bool(_QUESTION_WORD.search(clause) or ASKS_YES_NO.search(clause))


def _zh_clauses(piece: str) -> list[str]:
    """A Chinese question cut at each comma between two clauses that each ask something."""
    if not is_cjk(piece):
        return [piece]
    out, start = [], 0
    for comma in re.finditer(r"[，,]", piece):
        clause, following = piece[start : comma.start()], re.split(r"[，,]", piece[comma.end():])[0]
        if _ZH_ASKS.search(clause) and _ZH_ASKS.search(following):
            out.append(clause)
            start = comma.end()
    return [*out, piece[start:]]


class Followup(str):
    """A follow-up retrieved together with the question before it, when no LLM rewrote it
    (``condense.py``): "Où Durov a-t-il été arrêté ? Et sa caution ?" finds Durov where "Et sa
    caution ?" alone would not. The text is both; ``asked`` is the follow-up alone, what is asked."""

    asked: str

    def __new__(cls, previous: str, asked: str):
        query = super().__new__(cls, f"{previous} {asked}")
        query.asked = asked
        return query


def asked_parts(query: str) -> list[str]:
    """The things a query asks, each to be answered: its ``parts``, or those of the follow-up
    alone when it was retrieved with the question before it (``Followup``)."""
    return parts(getattr(query, "asked", query))
