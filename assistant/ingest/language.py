"""Language identification (ISO 639-1) with lingua, whose models ship inside its wheel.

Han text is ``zh`` whatever the script (Simplified or Traditional); kana means ``ja`` and hangul
``ko``. Text too short or too mixed to tell is ``und``. Lingua reads a question of a few words
badly, the more so when most of it is a name, so a short text is read without its names
(``without_names``; its script without its Latin names, ``without_latin_names``) and, at six
words or fewer, by its function words first (``by_function_words``). In a conversation a short
follow-up is read in the conversation's language unless it plainly is another (``conversation``).
Measured by ``evals/languages.py``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .split import is_cjk

UNDETERMINED = "und"
# The languages the detector chooses among: lingua is both faster and more accurate on short
# questions when it is not asked to consider all 75 of its languages. Malay is left out: short
# Indonesian questions were taken for Malay, and Indonesian serves Malay readers too.
LANGUAGES = (
    "ar de en es fa fr hi id it ja ko nl pl pt ru sv th tr uk vi zh".split()
)
_KANA = re.compile(r"[\u3040-\u30ff]")
# A capitalised word in Latin script: of "Alex Stamos是谁？" the script is read from "是谁？"
_LATIN_NAME = re.compile(r"\b[A-Z][A-Za-z'’-]*")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


# Lingua's low-accuracy mode loads in 0.3 s, its full models in 4.7 s: too long for a cold
# `assistant ask` (target 5 s). The fast detector decides when it is sure; the full one is
# loaded only for text it is unsure of. Measured on 1,422 XQuAD and gold questions: 98.7%
# right, with 3.9% of them sent to the full models (on the XQuAD questions alone: full models
# 98.96%, fast mode alone 97.33%).
SURE = 0.9


# Names, acronyms and numbers say little of a short question's language and mislead the detector
# ("Who won the 2022 FIFA World Cup?" was Vietnamese): a word after the first that begins with a
# capital, a word in capitals, a word with a digit.
_NAMES = re.compile(r"\S*\d\S*|\b[A-Z]{2,}\w*|(?<=\s)[A-Z][^\s?!.,;:]+")
SHORT_WORDS = 30
_WORD = re.compile(r"[^\W\d_]{2,}")


def without_names(text: str) -> str:
    """A short text without its names, acronyms and numbers, if two words or more remain; else as
    it is: of "Who won the 2022 FIFA World Cup?" the detector reads "Who won the ?".

    Languages detected right, before and after: ``evals/gold/short_questions.jsonl`` (240 short
    questions in 8 languages, full of names) 0.971 -> 0.988; the seeds gold questions 0.986 -> 1.0;
    every fourth XQuAD dev question in its 7 languages 0.991 -> 0.995 (``tests/test_ingest.py``)."""
    if len(text.split()) > SHORT_WORDS:
        return text
    rest = _NAMES.sub(" ", text)
    return rest if len(_WORD.findall(rest)) >= 2 else text


@lru_cache(maxsize=2)
def _detector(fast: bool):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    return (builder.with_low_accuracy_mode() if fast else builder).build()


def load_models() -> None:
    """Load both detectors now: a server does, so that no visitor waits for the full models."""
    _detector(fast=True)
    _detector(fast=False)


# The commonest question and function words of the Latin-script languages the detector chooses
# among. lingua's n-grams read two or three words badly ("Qu'est-ce que Telegram ?" as Spanish,
# "Was ist KCSC?" as English, "Siapa Alex Stamos?" as Portuguese): a question of FEW_WORDS or
# fewer, or a short one the fast models are unsure of, goes to the language most of its words
# belong to, when one language has more of them than any other. A word of several languages
# ("que", "was", "is") counts for each. Right before and after (``evals/languages.py``): the
# one-name questions 0.846 -> 1.0, the short questions 0.988 -> 1.0, every fourth XQuAD dev
# question 0.9946 -> 0.9991, the seeds gold questions 1.0. French "en ne pas sa son ses" were added
# for follow-ups ("Et en Iran ?" was Swedish, "Son âge ?" Spanish): the sets above unchanged.
FUNCTION_WORDS = {
    "en": "what who whom whose where when why how which is are was were does did do the a an of to in and has have "
          "many much",
    "fr": "qui que quoi quel quelle quels quelles où quand comment pourquoi combien qu est sont ce c le la les l un "
          "une des du de d et il elle ils a ont au aux se s en ne pas sa son ses",
    "id": "apa siapa mana dimana kapan mengapa kenapa bagaimana berapa yang dan di ke dari itu ini adalah dengan "
          "untuk pada dalam tidak sudah telah oleh berada",
    "es": "qué quién quiénes dónde cuándo cómo cuál cuáles cuánto cuántos cuánta cuántas por es son está el la "
          "los las le les lo un una de del al a y en que se su sus fue tiene",
    "pt": "o os as um uma quem quando onde como qual quais quanto quantos é são está foi do da dos das em no na e "
          "que não tem",
    "it": "chi che cosa dove quando come perché quale quali quanto quanti è sono il lo gli la le un una di del "
          "della e in non ha",
    "de": "wer was wo wann warum wie welche welcher welches ist sind war der die das ein eine und von zu mit nicht "
          "hat wurde",
    "nl": "wie wat waar wanneer waarom hoe welke is zijn was de het een en van niet heeft",
    "sv": "vem vad var när varför hur vilken vilket är en ett och av inte har det den",
    "pl": "kto co gdzie kiedy dlaczego jak który która które ile jest są był była i w z na nie się",
    "tr": "kim ne nerede neden nasıl hangi kaç bir ve bu mı mi mu mü için ile değil",
    "vi": "ai gì đâu khi nào tại sao thế bao nhiêu là của và có không được những các một người năm",
}
_FUNCTION_WORDS = {language: set(words.split()) for language, words in FUNCTION_WORDS.items()}
_ANY_FUNCTION_WORD = set().union(*_FUNCTION_WORDS.values())
_TOKEN = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]")
# Up to this many words (names left out) the function words decide before lingua: its confidence
# means little on so few ("WhatsApp là gì?" is Italian to it, at 0.99). Chosen on the short
# questions (dev) and XQuAD dev: at 5 or fewer "How do I reset my password?" stays Italian; at 8
# or more one more XQuAD question is read wrong.
FEW_WORDS = 6


def without_latin_names(text: str) -> str:
    """``text`` without its capitalised Latin-script words but for function words: what tells
    the script of "Alex Stamos是谁？" ("是谁？"), not of "Who is 杜罗夫?"."""
    return _LATIN_NAME.sub(lambda m: m.group() if m.group().lower() in _ANY_FUNCTION_WORD else " ", text)


def _function_words(words: list[str], language: str) -> int:
    """How many of ``words`` (lower case) are function words of ``language``."""
    return sum(w in _FUNCTION_WORDS.get(language, ()) for w in words)


def by_function_words(text: str) -> str | None:
    """The language with more of ``text``'s function words than any other, or None; None too for
    a text mostly in another script ("Los Angeles Clippers เป็นทีมของกีฬาประเภทใด?")."""
    if len(_LATIN_LETTER.findall(text)) * 2 <= len(_LETTER.findall(text)):
        return None
    tokens = _TOKEN.findall(text.lower())
    counts = sorted(((_function_words(tokens, language), language) for language in _FUNCTION_WORDS), reverse=True)
    (best, language), (second, _) = counts[0], counts[1]
    return language if best > second else None


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s main language, or ``und``."""
    short = len(text.split()) <= SHORT_WORDS
    if is_cjk(without_latin_names(text) if short else text):
        if _KANA.search(text):
            return "ja"
        return "ko" if _HANGUL.search(text) else "zh"
    if not re.search(r"[^\W\d_]{2,}", text):
        return UNDETERMINED
    text = without_names(text)
    voted = by_function_words(text) if short else None
    if voted and len(_TOKEN.findall(text)) <= FEW_WORDS:
        return voted
    ranked = _detector(fast=True).compute_language_confidence_values(text)
    if ranked and ranked[0].value >= SURE:
        language = ranked[0].language
    elif voted:
        return voted
    else:
        language = _detector(fast=False).detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else UNDETERMINED


# In a conversation, a follow-up of a few words is read in the conversation's language unless it
# plainly is another: more of its function words are of the other language ("And his bail?" after
# French), or the full models find the conversation's language less than this share as likely as
# the one they name. Alone, "Le juge ?" is German to them (de 0.337, fr 0.258) and "La date ?"
# English: after a French question the answer came in German. Measured by ``evals/languages.py``
# on ``evals/gold/follow_ups.jsonl`` (every share from 0.25 to 0.75 reads its dev and test
# follow-ups alike).
PRIOR_SHARE = 0.5


def follow_up(text: str, prior: str) -> str:
    """The language of ``text``, a question asked in a conversation held so far in ``prior``."""
    found = detect(text)
    if prior == UNDETERMINED or found == prior:
        return found
    if found == UNDETERMINED:
        return prior
    rest = _NAMES.sub(" ", text)
    words = _TOKEN.findall(rest.lower())
    if not words or len(words) > FEW_WORDS or is_cjk(without_latin_names(text)):
        return found
    if _function_words(words, found) > _function_words(words, prior):
        return found
    values = {v.language.iso_code_639_1.name.lower(): v.value
              for v in _detector(fast=False).compute_language_confidence_values(rest)}
    return prior if values.get(prior, 0.0) >= PRIOR_SHARE * values.get(found, 0.0) else found


def conversation(questions: list[str]) -> str:
    """The language of the last of a conversation's ``questions`` (the user's turns, in order),
    each read in the language of the ones before it (``follow_up``)."""
    language = UNDETERMINED
    for text in questions:
        language = follow_up(text, language)
    return language
