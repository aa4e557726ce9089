"""Text measures every suite shares, independent of the product's own checks.

>>> contains("Il a payé 5 Millions d’euros.", "5 millions d'euros")
True
>>> contains("Pemblokiran Telegram", "Iran"), contains("被伊朗封锁", "伊朗")
(False, True)
>>> token_f1("twice a week", "two times a week", "en")
0.4
>>> token_f1("每周两次", "两次", "zh")
0.667
"""
from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_SPACES = re.compile(r"\s+")
MARKER = re.compile(r"\s*\[\d+\]")
# SQuAD drops English articles; MLQA drops each language's; these are the ones of our suites.
_ARTICLES = {
    "en": r"\b(a|an|the)\b", "de": r"\b(der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines)\b",
    "es": r"\b(el|la|los|las|un|una|unos|unas)\b", "fr": r"\b(le|la|les|l'|un|une|des)\b",
    "vi": r"\b(các|những)\b",
}
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
_SPACED = re.compile(f"[^\\W{_CJK_CHARS}]")  # a word character of a script written with spaces
_PIECES = re.compile(f"[{_CJK_CHARS}]|[^{_CJK_CHARS}]+")  # a CJK or Thai character is one token


def normalize(text: str) -> str:
    """Case-folded, one kind of apostrophe, single spaces: how aliases are matched."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES).casefold()).strip()


_CJK_BREAK = re.compile(f"(?<=[{_CJK_CHARS}])\\s+(?=[{_CJK_CHARS}])")


def unwrap_cjk(text: str) -> str:
    """Line breaks (and spaces) between two Chinese characters dropped: a PDF's text layer breaks
    lines inside Chinese words, and that break is layout, not text.

    >>> unwrap_cjk("造成的沟\\n通不畅 and a\\nline")
    '造成的沟通不畅 and a\\nline'
    """
    return _CJK_BREAK.sub("", text)


def contains(text: str, alias: str) -> bool:
    """Whether ``text`` states ``alias``: a whole word or phrase where the alias begins or ends with
    a letter of a spaced script ("Iran" is not in "pemblokiran"), any substring in Chinese; a
    Chinese character next to a Latin name is a boundary ("在Le Bourget机场" states "Le Bourget")."""
    alias = normalize(alias)
    left = rf"(?<![^\W{_CJK_CHARS}])" if _SPACED.match(alias[:1]) else ""
    right = rf"(?![^\W{_CJK_CHARS}])" if _SPACED.match(alias[-1:]) else ""
    return re.search(left + re.escape(alias) + right, normalize(text)) is not None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


def _squad_tokens(text: str, language: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text.translate(_APOSTROPHES).casefold())
    text = "".join(" " if unicodedata.category(ch).startswith("P") or ch in string.punctuation else ch
                   for ch in text)
    if language in _ARTICLES:
        text = re.sub(_ARTICLES[language], " ", text)
    return [piece for word in text.split() for piece in _PIECES.findall(word)]


def exact_match(prediction: str, gold: str, language: str) -> float:
    """SQuAD exact match after SQuAD normalisation (case, punctuation, articles, spaces)."""
    return float(_squad_tokens(prediction, language) == _squad_tokens(gold, language))


def token_f1(prediction: str, gold: str, language: str) -> float:
    """SQuAD token F1; Chinese and Thai are compared character by character (as MLQA does)."""
    pred, ref = _squad_tokens(prediction, language), _squad_tokens(gold, language)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return round(2 * precision * recall / (precision + recall), 3)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def p50(values: list[float]) -> float | None:
    ordered = sorted(v for v in values if v is not None)
    return round(ordered[len(ordered) // 2], 1) if ordered else None
