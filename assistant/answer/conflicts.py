"""When the sources disagree on what the question asks, say so and show each version.

A question that asks for an amount, a count or a date ("How long is the bridge?", "Quand a lieu le
festival ?") may find one file saying 1,240 metres and another 1 310 mètres. Answering with the best
sentence alone would hide that. A *rival* is a sentence of another file that the question scores
nearly as well as the best (within ``WINDOW``), that states the same fact (its e5 vector close to
the best's, or to that of a near-best sentence giving the best's value) and the same kind of value,
none of them equal to the best's: disjoint quantities of one size (read across languages and scales
by ``facts.quantities``: "9万" is 90,000; within a factor of ``SCALE_APART``), or dates of one kind
(month, weekday, span) with no key in common. When the bundled model is loaded (``reader``, a
``judge.Judge``), the rival must also answer the question by its own yes/no (``MIN_RIVAL_YES``): a
sentence of the same subject with a figure of another thing is no rival ("La bibliothèque de Dorrin
prête 25 liseuses" to "Dorrin 图书馆有多少名馆员？"; "dihapus 25 item materi" against "didakwa dengan selusin
pelanggaran"). The answer then gives both, each cited, after a line saying the sources disagree, in
the question's language.

>>> versions(question, scored, reader)        # [best, rival], or [] when the sources agree
"""
from __future__ import annotations

import re

import numpy as np

from . import facts
from .questions import ASKS_NUMBER, asked

WINDOW = 0.2  # a rival scores at most this much below the best sentence (other languages score lower)
LOOK_AT = 8  # candidates after the best that are compared with it
# The same fact: e5 cosine of the two sentences. Paraphrases in two languages reach 0.88-0.94 on
# tests/fixture_conflicts.py, 0.81-0.83 across scripts (Chinese and Latin); sentences of the seeds
# that share a name and a number but state different facts, 0.81-0.874 (0.84 across scripts).
SAME = 0.88
SAME_ACROSS_SCRIPTS = 0.81
SCALE_APART = 10
# The model's P(yes) that a rival alone answers the question (``Judge.answers``), from the pairs of
# evals/tuning/conflicts/probe.txt: the planted and seeds rivals 0.83-0.96; sentences of the same
# subject with a figure of another thing 0.09-0.60 (the seeds' "selusin pelanggaran" to a question
# about 25 items removed: 0.50), but for two of 17 (a year of another event 0.83; "12 laptop" to a
# question about "liseuses", e-readers, 0.86).
MIN_RIVAL_YES = 0.7
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")

def _quantities(text: str) -> list[set[float]]:
    stated, _ = facts.quantities(text)
    return [values for values in stated if values]


def _dates(text: str) -> dict[str, set[str]]:
    """Date keys by kind: {"month": {"month 6"}, "week": {"2 week"}, ...}."""
    by_kind: dict[str, set[str]] = {}
    for key in facts.dates(text):
        by_kind.setdefault(key.split()[-1] if key[0].isdigit() else key.split()[0], set()).add(key)
    return by_kind


def _comparable(qa: list[set[float]], qb: list[set[float]]) -> bool:
    """Some value of each within a factor of ``SCALE_APART``: two figures for one fact are of one
    size (1,240 and 1 310 metres, 9万 and 86,000); 2 weeks against 100 metres, or the years
    2018-2020 against 950 million users, are figures of different things."""
    return any(0 < min(x, y) and max(x, y) <= SCALE_APART * min(x, y)
               for xs in qa for ys in qb for x in xs for y in ys)


def differ(a: str, b: str) -> bool:
    """Whether two sentences state the same kind of value with nothing in common."""
    qa, qb = _quantities(a), _quantities(b)
    if qa and qb and not any(x & y for x in qa for y in qb) and _comparable(qa, qb):
        return True
    da, db = _dates(a), _dates(b)
    return any(kind in db and not (keys & db[kind]) for kind, keys in da.items())


def agree(a: str, b: str) -> bool:
    """Whether two sentences state a value in common (a quantity, or a date of one kind)."""
    if any(x & y for x in _quantities(a) for y in _quantities(b)):
        return True
    da, db = _dates(a), _dates(b)
    return any(keys & db.get(kind, set()) for kind, keys in da.items())


def asks_value(question: str) -> bool:
    return bool(ASKS_NUMBER.search(question)) or "time" in asked(question)


def versions(question: str, scored: list, reader=None) -> list:
    """[the best candidate, the first near-best one from another file that states the same fact
    with another value and, by ``reader`` when given, answers the question], or [] when there is
    no such pair. The fact is the best sentence's, or that of a near-best one giving the same
    value: "the sudden surge in Telegram's user count to 950 million" and "the popular messaging
    app with 950 million users" tell one count, and "Almost a billion users …" is near the second
    (e5 0.90) more than the first (0.86)."""
    if len(scored) < 2 or not asks_value(question) or scored[0].vector is None:
        return []
    best = scored[0]
    near = [c for c in scored[1 : 1 + LOOK_AT] if c.score >= best.score - WINDOW and c.vector is not None]
    stated = [best, *(c for c in near if agree(best.text, c.text))]
    for c in near:
        if (c.hit.chunk.source != best.hit.chunk.source and any(_same_fact(s, c) for s in stated)
                and differ(best.text, c.text)
                and (reader is None or reader.answers(question, [c.text]) >= MIN_RIVAL_YES)):
            return [best, c]
    return []


def _same_fact(a, b) -> bool:
    """Two sentences near enough by e5 to state one fact (``SAME``, ``SAME_ACROSS_SCRIPTS``)."""
    across = bool(_CJK.search(a.text)) != bool(_CJK.search(b.text))
    return float(np.dot(a.vector, b.vector)) >= (SAME_ACROSS_SCRIPTS if across else SAME)
