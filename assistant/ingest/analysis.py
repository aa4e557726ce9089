"""Per-language lexical analysis for BM25: the words of a text, as the index should count them.

Chinese is segmented into words with jieba; languages with a Snowball stemmer are lower-cased and
stemmed with their own stemmer; Thai and Japanese (no spaces) fall back to character bigrams;
anything else is lower-cased words. An English tokenizer is never applied to other languages.

>>> terms("Durov a été libéré sous caution.", "fr")
['durov', 'a', 'été', 'liber', 'sous', 'caution']
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache

STEMMERS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish", "ms": "indonesian",
}
BIGRAM_LANGUAGES = {"th", "ja", "lo", "km", "my"}
_WORD = re.compile(r"\w+")
# Bumped whenever terms() or the language given to chunks changes, so that an index built the
# old way is rebuilt (its vectors are reused). 2: fast language detection first.
ANALYZER_VERSION = "2"


_local = threading.local()


def _stemmer(language: str):
    """This thread's stemmer: a Snowball stemmer keeps the word it works on in the object, so
    two threads sharing one get each other's stems."""
    import snowballstemmer

    stemmers = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return stemmers[language]


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _bigrams(word: str) -> list[str]:
    if len(word) < 3 or word.isascii():
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


def terms(text: str, language: str) -> list[str]:
    """The index terms of ``text`` read as ``language`` (ISO 639-1)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if language == "zh":
        words = [w for w in _jieba().lcut_for_search(text) if _WORD.fullmatch(w)]
    else:
        words = _WORD.findall(text)
    if language in STEMMERS:
        return _stemmer(language).stemWords(words)
    if language in BIGRAM_LANGUAGES:
        return [gram for w in words for gram in _bigrams(w)]
    return words
