"""Language identification (ISO 639-1) with lingua, whose models ship inside its wheel.

Han text is ``zh`` whatever the script (Simplified or Traditional); kana means ``ja`` and hangul
``ko``. Text too short or too mixed to tell is ``und``.
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


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s main language, or ``und``."""
    if is_cjk(text):
        if _KANA.search(text):
            return "ja"
        return "ko" if _HANGUL.search(text) else "zh"
    if not re.search(r"[^\W\d_]{2,}", text):
        return UNDETERMINED
    text = without_names(text)
    ranked = _detector(fast=True).compute_language_confidence_values(text)
    if ranked and ranked[0].value >= SURE:
        language = ranked[0].language
    else:
        language = _detector(fast=False).detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else UNDETERMINED
