"""Follow-ups as standalone questions: "And his bail?" means nothing to retrieval on its own.

A question is a follow-up when it points back (``is_followup``); one that stands on its own is
answered as asked, whatever came before. A follow-up is rewritten by an LLM with the
conversation in view when one is used; otherwise it is retrieved together with the question it
follows (``without_llm``), so that "his" still finds Durov.
"""
from __future__ import annotations

import logging
import re

from ..ingest.language import FUNCTION_WORDS
from ..ingest.split import is_cjk
from . import backends
from .context import Context
from .prompt import condense_messages
from .questions import Followup

log = logging.getLogger(__name__)


# What points back to an earlier turn, in the languages of the corpus:
# - a question opening with "and", "then" ("And his bail?", "Et sa caution ?", "Lalu ...", "那...");
# - a demonstrative before a noun ("that fine", "cette amende", "pemblokiran itu", "该机构");
# - "there" (not "there is"), "y" before a French verb, a closing "so" ("says so"), "le dit";
# - a personal pronoun with no name before it: "did he" points back, "Durov ... his" does not.
_OPENS = re.compile(r"(?i)^\W*(and|also|then|so|what about|how about|et|alors|puis|dan|lalu|terus|kemudian|"
                    r"dan bagaimana)\b|^\W*(那|那么|还有|而|另外|然后)")
_DEMONSTRATIVE = re.compile(r"(?i)\b(this|these|those|cette|cet|ces|(?<!apa )itu|tersebut)\b(?! is\b| was\b)"
                            # "did that company", "in that country"; not the "that" of a relative clause
                            r"|\b(did|does|do|is|are|was|were|about|in|of|for|from|on|with|by|to|at|after|before|"
                            r"against|during|since)\s+that\b(?!\s+(the|a|an|he|she|it|they|we|you|his|her|its|their|"
                            r"is|was)\b)(?!\s+(?-i:[A-Z]))"
                            r"|\b(ce|cet) (?!que|qui|dont|qu)\w+|(该|这|那|此|上述)")
_POINTER = re.compile(r"(?i)\bthere\b(?!\s+(is|are|was|were|be|been|has|have)\b)|\by (?=[a-zéèê]\w+)"
                    r"|\bso\s*[?.!]*$"  # "Which file says so?"
                    r"|\b(le|la|les|l')\s*(dit|disent|confirme|mentionne|précise|affirme|rapporte|raconte)\b"
                    r"|\b(begitu|demikian)\b|\b(di|ke|dari) sana\b|\blà-bas\b")
_PRONOUN = re.compile(r"(?i)\b(he|him|she|it|they|them|il|elle|ils|elles|lui|leur|dia|ia|mereka|beliau)\b"
                      r"|-(il|elle|ils|elles)\b|(他|她|它|他们|她们|它们|其)")
_POSSESSIVE = re.compile(  # "its critics ... Telegram"; Indonesian "jaminannya" (his bail), not "akhirnya" (finally)
    r"(?i)\b(his|her|its|their|son|sa|ses|leurs?)\b|\b(?!(sebelum|akhir|lain|selanjut|biasa|sebenar|kira|rupa|"
    r"tentu|seharus|semesti|setidak|sesungguh|umum|khusus|terutama|seterus|sehingga)nya\b)\w{3,}nya\b")
_NAME = re.compile(r"\b[A-Z][\w-]+|[\u4e00-\u9fff]{2,}(?:夫|斯|尔|克|姆)")
# Capitalised because they open the question, not because they name someone.
_OPENERS = set("""who what when where why how which whose whom is are was were do does did can could will would
should has have had in on at for from after before according qui que quoi quand où pourquoi comment quel quelle
quels quelles combien est selon dans pour après avant apa siapa kapan di mana dimana mengapa kenapa bagaimana berapa
dari menurut pada sejak untuk""".split())


# A question made only of question and function words names nothing it could be about on its own:
# after another question, "Pendant combien de temps ?", "Pourquoi ?", "Berapa lama?", "为什么？" ask
# about it (alone, "Pendant combien de temps ?" found a German "Last updated 2 Wochen" line).
_ASKING = set("""for long much many often old since until till next else ago time times happened happen then
year day date month by with not really true pendant temps depuis ensuite après avant fois longtemps alors année
jour mois par avec pour sur selon dans pas vraiment vrai ça cela lama sejak kali lagi setelah sebelum terjadi
kemudian tahun hari tanggal bulan oleh dengan benar sungguh""".split())
_ASKING |= {word for words in FUNCTION_WORDS.values() for word in words.split()}
_ASKING_HAN = re.compile(r"为什么|为何|什么|时候|多久|多长|时间|多少|哪里|哪儿|何时|怎么|怎样|如何|然后|之后|以前|"
                         r"[谁几哪呢吗吧啊了是的有在说真岁不]")
_WORDS = re.compile(r"[^\W\d_]+")


def _content_free(question: str) -> bool:
    """Whether ``question`` has no word but question and function words ("Why?", "Et quand ?")."""
    if is_cjk(question):
        return not re.search(r"[\u4e00-\u9fff]", _ASKING_HAN.sub("", question))
    words = _WORDS.findall(question.lower())
    return bool(words) and not re.search(r"\d", question) and all(w in _ASKING for w in words)


def _named(text: str, first_word: bool = True) -> bool:
    """Whether ``text`` names someone or something; ``first_word``: a capitalised first word counts
    ("Durov a-t-il ..."), unless it is a question word."""
    return any(m.group(0).lower() not in _OPENERS and (first_word or m.start() > 0) for m in _NAME.finditer(text))


def is_followup(question: str) -> bool:
    """Whether ``question`` points back to an earlier turn (measured on the gold set's chats:
    ``tests/test_chat.py``)."""
    if _OPENS.search(question) or _DEMONSTRATIVE.search(question) or _POINTER.search(question):
        return True
    if _content_free(question):
        return True
    pronoun = _PRONOUN.search(question)
    if pronoun and not _named(question[: pronoun.start()]):
        return True
    return bool(_POSSESSIVE.search(question)) and not _named(question, first_word=False)


def condense(question: str, history: list[dict], backend: str, language: str, context: Context) -> str:
    if not is_followup(question):
        return question
    for name in backends.condensers(backend):
        try:
            llm = backends.llm_for(name, context)
            reply = llm.chat(condense_messages(history, question, language)).message.content or ""
        except Exception as e:  # an unreachable LLM only costs the rewrite
            log.warning("%s could not rewrite the follow-up: %s", name, e)
            continue
        rewritten = reply.strip().splitlines()[0].strip(' "\'') if reply.strip() else ""
        if 3 <= len(rewritten) <= 2 * len(question) + 200:
            return rewritten
    return without_llm(question, [m["content"] for m in history if m["role"] == "user"])


def without_llm(question: str, previous: list[str]) -> str:
    """A follow-up retrieved together with what the questions before it asked (``previous``, the
    user's turns): the last that stood on its own, and the follow-ups after it. "Where was Durov
    arrested?", "Which file says so?", "And when?" retrieves all three; with the one before alone,
    "Which file says so? And when?" found nothing to answer."""
    if not previous or not is_followup(question):
        return question
    return Followup(without_llm(previous[-1], previous[:-1]), question)
