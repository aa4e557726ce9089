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
was his bail?") gets the best sentence for each (``by_parts``).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..ingest.analysis import terms
from ..schema import Answer, Citation, Hit
from . import conflicts, ranking
from .phrases import disagree, not_in_corpus
from .questions import ASKS_NUMBER
from .untrusted import inert

LEXICAL_WEIGHT = 0.15
MAX_SENTENCES = 2
MARGIN = 0.25  # a second sentence is kept only when it ranks nearly as well as the best (logit)
MIN_TOKENS = 4
NUMBER_BONUS = 0.03
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
    chosen = versions or (by_parts(decision.parts, decision.scored) or best(decision.scored) if decision.answerable else [])
    citations = cite(chosen)
    text = render(citations) or not_in_corpus(language)
    if versions:
        text = f"{disagree(language)} {text}"
    yield text
    yield Answer(question, text, citations, not citations, language, name, {}, question, hits,
                 warnings=list(warnings), answerability=decision.verdict)
