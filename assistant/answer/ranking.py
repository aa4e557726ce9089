"""Which retrieved sentence states the answer? A learned ranking of the candidate sentences.

The sentences the extractive backend quotes, the evidence an LLM is shown and the rivals of a
conflict come from this order (whether the evidence answers at all still reads the hand-set
order: ``answerable.by_score``). A hand-set sum (e5 cosine + 0.15 x term overlap + a bonus for
digits) prefers a sentence in the question's own language that repeats its words over the one in
another language that answers it ("Telegram 目前有多少用户？" took a Chinese line about Telegram's "nearby"
feature over "950 million users"). So each candidate is scored by a logistic regression over
``FEATURES``, all known without an LLM:

- its e5 cosine to the question, and how far below the best candidate's it is;
- the IDF-weighted share of the question's terms it holds, and of the question's *key* terms
  (names, numbers, quoted words), and how far below the best candidate's;
- whether the question asks for a number or a person/place and the sentence holds one (a number
  in digits or in words: "a dozen", "quatre jours"), and for a kind of answer (an age, money, a
  time, a duration, how often, a name, a reason: ``questions.asked``)
  and the sentence holds that kind or none of it;
- whether it is in another language or script than the question (cosines are lower then);
- its passage's rank and retrieval scores; its length.

Trained by ``python -m assistant.evals.ranking`` (XQuAD dev articles 0-23 asked in six languages
over an en/de/zh corpus, and the seeds' dev split; a sentence that holds the gold answer, or
overlaps the gold evidence, is a positive) into ``ranking.json`` beside this module.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from .questions import ASKS_ENTITY, ASKS_NUMBER, NAME, NUMBER, asked, held, key_terms, questions

WEIGHTS = Path(__file__).with_name("ranking.json")
FEATURES = (
    "cosine", "cosine_gap", "overlap", "overlap_gap", "key_terms", "key_terms_gap", "asks_number_has",
    "asks_number_lacks", "asks_entity_has", "asks_kind_has", "asks_kind_lacks", "cross_language", "cross_script",
    "hit_rank", "hit_dense", "hit_lexical", "length",
)
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def _key_share(keys: list[str], text: str) -> float:
    low = text.lower()
    return sum(k in low for k in keys) / len(keys) if keys else 0.0


def features(question: str, language: str, hits: list, found: list) -> list[dict[str, float]]:
    """One row of ``FEATURES`` per candidate (``extractive.Candidate`` with ``cosine`` and
    ``overlap`` set), in the order given. Of a follow-up retrieved with the question before it
    ("Où Durov a-t-il été arrêté ? Et sa caution ?") every term counts, but what is asked for (a
    number, a person or place) is read from the last question: the first one is its context."""
    if not found:
        return []
    keys = key_terms(question)
    shares = [_key_share(keys, c.text) for c in found]
    best_cosine, best_overlap, best_keys = max(c.cosine for c in found), max(c.overlap for c in found), max(shares)
    ask = questions(question)[-1]
    asks_number, asks_entity, kinds = bool(ASKS_NUMBER.search(ask)), bool(ASKS_ENTITY.search(ask)), asked(ask)
    question_cjk = bool(_CJK.search(question))
    rank = {id(h): i for i, h in enumerate(hits)}
    rows = []
    for c, share in zip(found, shares):
        digits = bool(NUMBER.search(c.text))  # in digits or in words
        kind = bool(kinds & held(c.text))
        rows.append({
            "cosine": c.cosine, "cosine_gap": best_cosine - c.cosine,
            "overlap": c.overlap, "overlap_gap": best_overlap - c.overlap,
            "key_terms": share, "key_terms_gap": best_keys - share,
            "asks_number_has": float(asks_number and digits), "asks_number_lacks": float(asks_number and not digits),
            "asks_entity_has": float(asks_entity and bool(NAME.search(c.text))),
            "asks_kind_has": float(kind), "asks_kind_lacks": float(bool(kinds) and not kind),
            "cross_language": float(c.hit.chunk.language != language),
            "cross_script": float(bool(_CJK.search(c.text)) != question_cjk),
            "hit_rank": math.log1p(rank.get(id(c.hit), len(hits))),
            "hit_dense": c.hit.dense_score or 0.0, "hit_lexical": math.log1p(c.hit.lexical_score or 0.0),
            "length": math.log1p(len(c.text)),
        })
    return rows


# The logit below which a sentence does not answer the question, unless it is the best candidate
# (whether the best answers at all is the answerability model's decision): a sentence an LLM's
# claim rests on may be true and no answer ("Le fondateur ... s'est engagé à lutter contre la
# criminalité" to "Quel organisme sud-coréen ...?"), and the best sentence for one part of a
# two-part question may answer neither. Chosen on the dev split's LLM answers (evals/reverify.py
# over the two dev runs: wrong sentences kept 22 -> 17 and 27 -> 18, citation precision 0.818 ->
# 0.921 and 0.800 -> 0.973, one right answer lost); sigmoid(-1.25) = 0.22.
MIN_ANSWER_RANK = -1.25


@lru_cache(maxsize=2)
def load(path: Path = WEIGHTS) -> dict | None:
    return json.loads(Path(path).read_text(encoding="utf-8")) if Path(path).is_file() else None


def logit(values: dict[str, float], model: dict) -> float:
    """A logistic model's log-odds from its table (``ranking.json``, ``answerable.json``): the
    features standardised by the training means and scales, weighted, plus the intercept."""
    return model["intercept"] + sum(
        w * (values[name] - m) / s for name, w, m, s in zip(model["features"], model["coef"], model["mean"], model["scale"])
    )
