"""The ``extractive`` backend: answer with the corpus's own sentences, verbatim, each cited.

Every sentence of the retrieved passages is scored against the question by

    score = cos(e5_query(question), e5_passage(sentence)) + LEXICAL_WEIGHT * overlap
            + NUMBER_BONUS * (question asks for a quantity or date and the sentence has digits)

where ``overlap`` is the IDF-weighted share of the question's terms that the sentence contains
(names and numbers travel across languages even when other words do not). Sentence vectors
were stored at index time and come with the hits, so answering embeds nothing but the question.
The best sentences are returned with ``[n]`` markers, once the answerability model
(``answerable.py``) has judged that they answer the question; otherwise the backend abstains
instead of quoting something merely nearby. A question that asks two things ("..., and how much
was his bail?") gets the best sentence for each (``by_parts``). A quoted sentence that opens by
pointing back ("This lack of cooperation …") comes after the sentence before it, and a why or how
question also gets the sentence that goes on to explain the best one ("This was due to …";
``completed``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..ingest.analysis import terms
from ..schema import Answer, Citation, Hit
from . import conflicts, ranking
from .phrases import disagree, not_in_corpus
from .questions import ASKS_NUMBER, asked, explains, held
from .untrusted import inert

LEXICAL_WEIGHT = 0.15
MAX_SENTENCES = 2
MARGIN = 0.25  # a second sentence is kept only when it ranks nearly as well as the best (logit)
MIN_TOKENS = 4
NUMBER_BONUS = 0.03
# A sentence that opens by pointing back cannot be read alone: "This lack of cooperation has led
# NCMEC to …", "As a result, …", "Cela …", "Hal ini …", "这 …", "因此 …".
POINTS_BACK = re.compile(
    r"(?i)^\W*(this|that|these|those|such|as a result|therefore|thus|hence|cela|ceci|ce|cet|cette|ces|"
    r"c['’]est pourquoi|par conséquent|ainsi|hal (ini|itu|tersebut)|ini|itu|oleh karena itu|karena itu|"
    r"akibatnya)\b|^\W*(这|此|该|因此|所以|由此)")
# ... and one that draws a consequence from it ("That’s why I’ve made it my personal mission …"):
# what it follows gives the reason, not what it says
CONSEQUENCE = re.compile(
    r"(?i)^\W*(that['’]s why|this is why|as a result|therefore|thus|hence|so|c['’]est pourquoi|par conséquent|"
    r"ainsi|donc|oleh karena itu|karena itu|akibatnya|maka)\b|^\W*(因此|所以|由此)")


@dataclass
class Candidate:
    id: str  # the sentence row stored at index time
    hit: Hit
    start: int  # offsets in the source file
    end: int
    text: str
    vector: list[float] | None = None  # stored at index time
    score: float = 0.0
    cosine: float = 0.0  # the parts of the score, for the answerability model
    overlap: float = 0.0
    rank: float = 0.0  # the learned ranking's logit (``ranking.py``): candidates are sorted by it


def candidates(hits: list[Hit]) -> list[Candidate]:
    """The distinct sentences the hits carry (``Hit.sentences``), but for the shortest."""
    seen, out = set(), []
    for hit in hits:
        for s in hit.sentences:
            if s.id not in seen and s.tokens >= MIN_TOKENS:
                seen.add(s.id)
                out.append(Candidate(s.id, hit, s.start, s.end, s.text, s.vector))
    return out


def vectors(found: list[Candidate], embedding) -> np.ndarray:
    """The candidates' passage vectors: stored at index time, else embedded now."""
    missing = [c.text for c in found if c.vector is None]
    fresh = iter(embedding.get_text_embedding_batch(missing) if missing else [])
    return np.array([next(fresh) if c.vector is None else c.vector for c in found], dtype=np.float32)


def overlap(question_terms: list[str], sentence: str, language: str, weight) -> float:
    """IDF-weighted share of the question's terms found in the sentence (0..1)."""
    wanted = set(question_terms)
    if not wanted:
        return 0.0
    found = wanted & set(terms(sentence, language))
    return sum(weight(t) for t in found) / sum(weight(t) for t in wanted)


def score_sentences(question, question_vector, question_terms, hits, embedding, weight,
                    language: str | None = None) -> list[Candidate]:
    """Every candidate sentence scored (``embedding`` embeds those with no stored vector), best
    first by the learned ranking when ``language`` is given and its weights are there (else by
    the score)."""
    found = candidates(hits)
    if not found:
        return []
    dense = vectors(found, embedding) @ np.asarray(question_vector, dtype=np.float32)
    wants_number = bool(ASKS_NUMBER.search(question))
    for c, cos in zip(found, dense):
        c.cosine, c.overlap = float(cos), overlap(question_terms, c.text, c.hit.chunk.language, weight)
        number = wants_number and any(ch.isdigit() for ch in c.text)
        c.score = c.rank = c.cosine + LEXICAL_WEIGHT * c.overlap + NUMBER_BONUS * number
    model = ranking.load() if language else None
    if model:
        for c, values in zip(found, ranking.features(question, language, hits, found)):
            c.rank = ranking.logit(values, model)
    return sorted(found, key=lambda c: -c.rank)


def best(scored: list[Candidate]) -> list[Candidate]:
    """The sentences to answer with: the best, and the next when it ranks nearly as well."""
    return [c for c in scored[:MAX_SENTENCES] if c.rank >= scored[0].rank - MARGIN] if scored else []


def by_parts(parts: list[list[Candidate]], scored: list[Candidate]) -> list[Candidate]:
    """For a question that asks several things, the best sentence for each, in the order asked,
    each sentence once: the one the learned ranking rates best, on average, for that part and for
    the whole question ("et pendant combien de temps ?" alone rates an age as well as the years of
    a ban), if it could answer (``ranking.MIN_ANSWER_RANK``). None when fewer than two are left.
    The best sentences for the question as a whole answer its likelier half: "Quel âge a Durov, et
    à combien s'élevait sa caution ?" got the bail sentence alone."""
    whole = {c.id: c.rank for c in scored}
    chosen: list[Candidate] = []
    for ranked in parts:
        left = [c for c in ranked if all(c.id != other.id for other in chosen)]
        rating = {c.id: (c.rank + whole.get(c.id, c.rank)) / 2 for c in left}
        best_for_part = max(left, key=lambda c: rating[c.id], default=None)
        if best_for_part is not None and rating[best_for_part.id] >= ranking.MIN_ANSWER_RANK:
            chosen.append(best_for_part)
    return chosen if len(chosen) > 1 else []


def _beside(c: Candidate, step: int, scored: list[Candidate]) -> Candidate | None:
    """The sentence before (``step`` -1) or after (+1) a candidate in its passage, if any."""
    sentences = c.hit.sentences
    i = next((k for k, s in enumerate(sentences) if s.id == c.id), None)
    if i is None or not 0 <= i + step < len(sentences):
        return None
    s = sentences[i + step]
    return next((o for o in scored if o.id == s.id), None) or Candidate(s.id, c.hit, s.start, s.end, s.text, s.vector)


def goes_on(question: str, c: Candidate, scored: list[Candidate]) -> Candidate | None:
    """For a question that asks why or how (a follow-up: its own words, ``questions.Followup``), the
    sentence after ``c`` when it goes on to explain it: it points back to it and does not draw a
    consequence (``CONSEQUENCE``); for a "why", it gives a reason ("This was due to …")."""
    question = getattr(question, "asked", question)
    if not explains(question):
        return None
    after = _beside(c, 1, scored)
    if after is None or not POINTS_BACK.match(after.text) or CONSEQUENCE.match(after.text):
        return None
    return after if "reason" not in asked(question) or "reason" in held(after.text) else None


def with_antecedent(c: Candidate) -> str:
    """The sentence's text, after the one before it when it opens by pointing back: "This was due
    to their failure …" is about what the sentence before says (Germany's fines)."""
    before = _beside(c, -1, []) if POINTS_BACK.match(c.text) else None
    return f"{before.text} {c.text}" if before else c.text


def completed(question: str, chosen: list[Candidate], scored: list[Candidate]) -> list[Candidate]:
    """The sentences to quote, each with what it needs to be read: the sentence before one that
    opens by pointing back (``POINTS_BACK``), and, when the question asks why or how, the sentence
    after the best one that goes on to explain it: "In 2022, Germany imposed fines … on Telegram
    for violating laws …" goes on "This was due to their failure to establish a mechanism for
    reporting illegal content."."""
    out: list[Candidate] = []
    for k, c in enumerate(chosen):
        before = _beside(c, -1, scored) if POINTS_BACK.match(c.text) else None
        after = goes_on(question, c, scored) if k == 0 else None
        for s in (before, c, after):
            if s is not None and all(s.id != o.id for o in [*out, *chosen[k + 1:]]):
                out.append(s)
    return out


def citation(n: int, c: Candidate, score: float) -> Citation:
    """Citation ``[n]`` of a candidate sentence: the one place a citation is made (the extractive
    answer and the LLM's verified sentences alike)."""
    return Citation(n, c.hit.chunk.source, c.hit.chunk.id, c.start, c.end, c.text, round(score, 4), c.hit.chunk.page)


def cite(chosen: list[Candidate]) -> list[Citation]:
    return [citation(n, c, c.score) for n, c in enumerate(chosen, start=1)]


def render(citations: list[Citation]) -> str:
    """The answer text: each quote (with any ``[n]`` of its own made inert) and its marker."""
    return " ".join(f"{inert(c.quote)} [{c.n}]" for c in citations)


def answer(name: str, question: str, language: str, hits: list[Hit], decision, warnings=(),
           reader=None) -> Iterator[str | Answer]:
    """The extractive answer for a decision already taken: the best sentences (both versions,
    when the sources disagree on the value asked for, ``reader`` judging that the other answers
    too), or a refusal."""
    versions = conflicts.versions(question, decision.scored, reader) if decision.answerable else []
    chosen = versions or (completed(question, by_parts(decision.parts, decision.scored) or best(decision.scored),
                                    decision.scored) if decision.answerable else [])
    citations = cite(chosen)
    text = render(citations) or not_in_corpus(language)
    if versions:
        text = f"{disagree(language)} {text}"
    yield text
    yield Answer(question, text, citations, not citations, language, name, {}, question, hits,
                 warnings=list(warnings), answerability=decision.verdict)
