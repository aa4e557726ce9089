"""Split text into sentences and pack sentences into chunks, keeping exact character offsets.

Sentences end at Latin end marks followed by a space (``. ! ? …``), at CJK end marks with or
without a space (``。！？``), and at every line break. A chunk never mixes CJK and non-CJK
sentences, so a file that switches language (``002`` holds English then Chinese) gives chunks
whose language can be told apart.

>>> [s.text for s in sentences("Il a payé 5 M€. Puis il est parti！好的。")]
['Il a payé 5 M€.', 'Puis il est parti！', '好的。']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_END = re.compile(
    r"[。！？]+[”’」』）\"']*|(?<!\b[A-Z])(?<!\bM[rs])(?<!\bMrs)(?<!\b[DJS][rt])[.!?…]+[”’»\"')\]]*(?=\s)"
)
_TOKEN = re.compile(rf"[{CJK}]|\w+|[^\w\s]")
_CJK_CHAR = re.compile(rf"[{CJK}]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @property
    def tokens(self) -> int:
        return count_tokens(self.text)

    @property
    def cjk(self) -> bool:
        return is_cjk(self.text)


def count_tokens(text: str) -> int:
    """A model-free estimate of subword tokens: words, punctuation and CJK characters."""
    return len(_TOKEN.findall(text))


def is_cjk(text: str) -> bool:
    return len(_CJK_CHAR.findall(text)) * 2 > len(_LETTER.findall(text))


def _trimmed(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right <= left:
        return None
    return Span(start + left, start + right, piece[left:right])


def _hard_split(span: Span, max_tokens: int) -> list[Span]:
    """Cut a sentence longer than a chunk at token boundaries."""
    cuts = [m.start() for i, m in enumerate(_TOKEN.finditer(span.text)) if i and i % max_tokens == 0]
    bounds = [0, *cuts, len(span.text)]
    pieces = (_trimmed(span.text, a, b) for a, b in zip(bounds, bounds[1:]))
    return [Span(span.start + p.start, span.start + p.end, p.text) for p in pieces if p]


def sentences(text: str, max_tokens: int = 10**9) -> list[Span]:
    """The sentences of ``text`` with their offsets; none is longer than ``max_tokens``."""
    out: list[Span] = []
    line_start = 0
    for line in text.split("\n"):
        cut = 0
        for m in _END.finditer(line):
            if span := _trimmed(text, line_start + cut, line_start + m.end()):
                out.append(span)
            cut = m.end()
        if span := _trimmed(text, line_start + cut, line_start + len(line)):
            out.append(span)
        line_start += len(line) + 1
    return [piece for s in out for piece in (_hard_split(s, max_tokens) if s.tokens > max_tokens else [s])]


def chunk_spans(
    text: str, max_tokens: int = 200, min_tokens: int = 100, overlap: int = 1
) -> list[Span]:
    """Pack sentences into chunks of at most ``max_tokens``, repeating ``overlap`` sentences.

    Short chunks are only left where the script changes or the text ends.
    """
    sents = sentences(text, max_tokens)
    groups: list[list[Span]] = []
    current: list[Span] = []
    for sent in sents:
        size = sum(s.tokens for s in current)
        script_change = bool(current) and current[-1].cjk != sent.cjk
        if current and (script_change or size + sent.tokens > max_tokens):
            groups.append(current)
            carry = [] if script_change else current[-overlap:] if overlap else []
            if sum(s.tokens for s in carry) + sent.tokens > max_tokens or len(carry) == len(current):
                carry = []
            current = carry
        current.append(sent)
    if current:
        last_is_small = sum(s.tokens for s in current) < min_tokens
        if groups and last_is_small and groups[-1][-1].cjk == current[-1].cjk:
            merged = groups[-1] + [s for s in current if s.start >= groups[-1][-1].end]
            if sum(s.tokens for s in merged) <= max_tokens * 3 // 2:
                groups[-1] = merged
                current = []
        if current:
            groups.append(current)
    return [Span(g[0].start, g[-1].end, text[g[0].start : g[-1].end]) for g in groups]
