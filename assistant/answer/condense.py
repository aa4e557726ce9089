"""Follow-ups as standalone questions: "And his bail?" means nothing to retrieval on its own.

A question is a follow-up when it points back (``is_followup``); one that stands on its own is
answered as asked, whatever came before. A follow-up is rewritten by an LLM with the
conversation in view when one is used; otherwise the previous question is retrieved together
with the new one, so that "his" still finds Durov.
"""
from __future__ import annotations

import logging
import re

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


def _named(text: str, first_word: bool = True) -> bool:
    """Whether ``text`` names someone or something; ``first_word``: a capitalised first word counts
    ("Durov a-t-il ..."), unless it is a question word."""
    return any(m.group(0).lower() not in _OPENERS and (first_word or m.start() > 0) for m in _NAME.finditer(text))


def is_followup(question: str) -> bool:
    """Whether ``question`` points back to an earlier turn (measured on the gold set's chats:
    ``tests/test_chat.py``)."""
    if _OPENS.search(question) or _DEMONSTRATIVE.search(question) or _POINTER.search(question):
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
    previous = [m["content"] for m in history if m["role"] == "user"]
    return Followup(previous[-1], question) if previous else question
