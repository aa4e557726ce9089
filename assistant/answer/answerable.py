"""Does the evidence answer the question? A calibrated probability, from a small learned model.

One raw similarity threshold cannot tell "the passage answers" from "the passage is about the
same thing": a Wikipedia paragraph on Doomsday (2006) is as close to "what country is Bad Wolf
Bay in?" as the one that says Wales. So the decision is a logistic regression over what the
retrieval and sentence scoring already know (``FEATURES``; each is cheap, none needs an LLM):

- how close the best sentences are to the question (e5 cosine; the extractive score),
- how much of the question's weighted terms they hold, and how much of its *key* terms (names,
  numbers, quoted words: what must be in a passage that answers),
- whether the question asks for a number, a date, a person or a place, and the sentence holds one;
  whether it asks for a kind of answer (``questions.asked``: an age, money, a time, a duration, how
  often, a name, a reason) that one of the best sentences holds or none does (``questions.held``;
  it misses many real answers, so "none does" learned a positive weight: in the training rows it
  mostly means "asks for a kind", and such questions were more often answerable),
- how sure the learned ranking (``ranking.py``) is of its best candidate (its highest logit),
- the margin to the next sentence; whether the chunk and BM25 retrievers agree on the best hit;
  whether the evidence is in another language than the question (cosines are lower then).

The sentences it reads are the best by the hand-set score (e5 cosine + term overlap), not by the
learned ranking that picks what is quoted (``ranking.py``): retrained on the ranking's order, the
model learnt between its sources (NoMIRACL's same-language hard negatives against XQuAD's answers
in other languages) that a sentence holding the question's words is *less* likely to answer
(overlap −0.77, within each source it is not), and refused "Which river does the Varnholm bridge
cross?" over the sentence that says. So the two orders are kept apart: one decides *whether*,
the other *which*; the ranking's verdict comes in as one feature (``ranked_top``: out-of-fold AUC
0.808 → 0.828 with the kinds, ``evals/tuning/answerability_v2``).

Trained by ``python -m assistant.evals.answerability`` (XQuAD dev articles with negatives, the
shared NoMIRACL files' training part, the seeds dev split; never a test split) into
``answerable.json`` beside this module: the feature means and scales, the weights, and a table
from a target false-refusal rate to the probability threshold that gives it on held-out folds.
``Settings.false_refusal`` picks the row. Inference is a dot product.

>>> decision = assess(context, "How much was Durov's bail?", "en", hits)
>>> decision.probability, decision.answerable
(0.93, True)
"""
from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..ingest.analysis import terms
from ..schema import Hit
from . import extractive
from .questions import ASKS_ENTITY, ASKS_NUMBER, NAME, asked, asked_parts, held, key_terms, questions
from .ranking import logit
from .untrusted import trusted

WEIGHTS = Path(__file__).with_name("answerable.json")
FEATURES = (
    "cosine", "cosine_2", "score", "overlap", "overlap_best", "key_terms", "has_key_terms",
    "margin", "chunk_cosine", "agreement", "asks_number_has", "asks_number_lacks", "asks_entity_has",
    "cross_language", "ranked_top", "asks_kind_has", "asks_kind_lacks",
)
TOP = 3  # the best sentences whose terms count as "the evidence"
# Evidence that the model with the LLM's own judgement rates above three answerable questions in
# four (the cut that refuses 75% of them) is "confident": an LLM that finds no answer there is
# asked again with the best sentences alone, then overruled (``generate.py``). Chosen on the
# seeds' dev split: of the questions the bundled model refused there, the lowest such cut that
# overrules no unanswerable one (5 of 111 overruled; at 50%, 10 and one unanswerable). The model
# without the LLM cannot tell a look-alike ("How long is Durov's prison sentence?" over the bail
# sentence: 0.89) from an answer (0.87): it never overrules.
CONFIDENT = 0.75

@dataclass
class Decision:
    probability: float  # that the evidence answers the question (calibrated on held-out folds)
    threshold: float  # below it the answer is "the documents do not say"
    confident: float = 1.0  # at or above it, an LLM's "not in the sources" is overruled (1.0: never)
    features: dict[str, float] = field(default_factory=dict)
    scored: list = field(default_factory=list)  # the candidate sentences, best first
    # a question that asks several things ("Quel âge a Durov, et à combien s'élevait sa caution ?"):
    # for each, in the order asked, the candidate sentences best first (``questions.asked_parts``)
    parts: list[list] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.probability >= self.threshold

    @property
    def verdict(self) -> dict:
        """What the answer and its trace show; ``llm_yes`` when an LLM judged the evidence."""
        shown = {"probability": self.probability, "threshold": self.threshold, "confident": self.confident}
        if "llm_yes" in self.features:
            shown["llm_yes"] = round(self.features["llm_yes"], 4)
        return shown


def features(question: str, language: str, hits: list[Hit], scored: list) -> dict[str, float]:
    """The model's inputs (``FEATURES``) for a question and its scored candidate sentences (in
    any order: they are read best score first)."""
    if not scored:
        return {name: 0.0 for name in FEATURES}
    scored = by_score(scored)
    top = scored[0]
    best = scored[:TOP]
    evidence = " ".join(c.text for c in best).lower()
    keys = key_terms(question)
    by_cosine = sorted((c.cosine for c in scored), reverse=True)
    asks_number = bool(ASKS_NUMBER.search(question))
    kinds = asked(questions(question)[-1])
    held_kind = any(kinds & held(c.text) for c in best)
    has_digit = any(ch.isdigit() for ch in top.text)
    first = hits[0] if hits else None
    return {
        "cosine": by_cosine[0],
        "cosine_2": by_cosine[1] if len(by_cosine) > 1 else by_cosine[0],
        "score": top.score,
        "overlap": top.overlap,
        "overlap_best": max(c.overlap for c in best),
        "key_terms": sum(k in evidence for k in keys) / len(keys) if keys else 0.0,
        "has_key_terms": float(bool(keys)),
        "margin": top.score - scored[1].score if len(scored) > 1 else 0.1,
        "chunk_cosine": max((h.dense_score or 0.0) for h in hits) if hits else 0.0,
        "agreement": float(first is not None and top.hit is first and first.dense_score is not None
                           and first.lexical_score is not None),
        "asks_number_has": float(asks_number and has_digit),
        "asks_number_lacks": float(asks_number and not has_digit),
        "asks_entity_has": float(bool(ASKS_ENTITY.search(question)) and bool(NAME.search(top.text))),
        "cross_language": float(top.hit.chunk.language != language),
        "ranked_top": max(c.rank for c in scored),
        "asks_kind_has": float(held_kind),
        "asks_kind_lacks": float(bool(kinds) and not held_kind),
    }


def llm_yes(judge, question: str, scored: list) -> float:
    """The LLM's own P(yes) that the best sentences answer the question (``judge.Judge.answers``)."""
    return judge.answers(question, [c.text for c in by_score(scored)[:TOP]]) if scored else 0.0


def by_score(scored: list) -> list:
    """The candidates best score first, the order the model was trained on."""
    return sorted(scored, key=lambda c: -c.score)


@lru_cache(maxsize=4)
def load(path: Path = WEIGHTS) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def probability(values: dict[str, float], model: dict) -> float:
    return 1.0 / (1.0 + math.exp(-logit(values, model)))


def threshold(model: dict, false_refusal: float) -> float:
    """The probability cut that refused ``false_refusal`` of the answerable held-out questions
    (linear between the table's rows)."""
    rows = sorted((float(rate), cut) for rate, cut in model["thresholds"].items())
    if false_refusal <= rows[0][0]:
        return rows[0][1]
    for (r0, c0), (r1, c1) in zip(rows, rows[1:]):
        if false_refusal <= r1:
            return c0 + (c1 - c0) * (false_refusal - r0) / (r1 - r0)
    return rows[-1][1]


def score(context, question: str, language: str, hits: list[Hit], ask: str | None = None) -> list:
    """Every candidate sentence of the hits, best first; passages that give orders left out
    (``untrusted.py``). ``ask``: the last question of a query of several, the one asked ("Où Durov
    a-t-il été arrêté ? Et sa caution ?"): its terms weigh double, but for words as common as the
    query's commoner half ("et"); a follow-up that adds nothing the passages hold ("Quelle source
    le dit ?") leaves the order to the question before it."""
    weight = context.term_weight
    if ask:
        common = statistics.median(weight(t) for t in terms(question, language))
        asked = {t for t in terms(ask, language) if weight(t) > common}
        weight = lambda term: context.term_weight(term) * (2.0 if term in asked else 1.0)  # noqa: E731
    return extractive.score_sentences(question, context.embedding.get_query_embedding(question),
                                      terms(question, language), trusted(hits), context.embedding,
                                      weight, language)


# ``Settings.false_refusal`` when unset: the extractive backend has no other way to refuse; an
# LLM refuses look-alikes itself, so its gate only spares it the evidently unanswerable.
DEFAULT_FALSE_REFUSAL = {"extractive": 0.3, "llm": 0.1}


def assess(context, question: str, language: str, hits: list[Hit], judge=None, kind: str = "extractive") -> Decision:
    """Score the sentences and decide whether they answer the question; with a ``judge``
    (``judge.Judge`` on the loaded llama.cpp model) its own yes/no counts too (the ``llm`` model).
    A query of several questions (a follow-up retrieved with the question before it, when no LLM
    rewrites it: "Where was Durov arrested? How much was his bail?") is answerable when the
    evidence answers one of them; its sentences come in the order of the last one, the question
    asked (the one before it found the passages)."""
    # a question with no word or number in it ("😀🚢⚓️") asks nothing the evidence could answer
    scored = score(context, question, language, hits) if terms(question, language) else []
    models = load()
    model = models["llm"] if judge is not None and scored and "llm" in models else models["base"]
    best, values, parts = 0.0, {}, questions(question) if scored else []
    ranked = {question: scored}
    for part in parts:
        if part not in ranked:
            ranked[part] = score(context, part, language, hits)
        part_scored = ranked[part]
        part_values = features(part, language, hits, part_scored)
        if model is not models["base"]:
            part_values["llm_yes"] = llm_yes(judge, part, part_scored)
        p = probability(part_values, model) if part_scored else 0.0
        if p >= best:
            best, values = p, part_values
    asked = asked_parts(question) if scored else []
    by_part = [ranked.get(p) or score(context, p, language, hits) for p in asked] if len(asked) > 1 else []
    if len(parts) > 1:  # what is quoted answers the last question, read with the ones before it
        scored = score(context, question, language, hits, ask=parts[-1])
    confident = round(threshold(model, CONFIDENT), 4) if "llm_yes" in values else 1.0
    rate = context.settings.false_refusal or DEFAULT_FALSE_REFUSAL[kind]
    return Decision(round(best, 4), round(threshold(model, rate), 4), confident, values, scored, by_part)

