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


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s main language, or ``und``."""
    if is_cjk(text):
        if _KANA.search(text):
            return "ja"
        return "ko" if _HANGUL.search(text) else "zh"
    if not re.search(r"[^\W\d_]{2,}", text):
        return UNDETERMINED
    language = _detector().detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else UNDETERMINED
