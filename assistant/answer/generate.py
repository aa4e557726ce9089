"""LLM answers (``ollama``, ``llamacpp``): generate, cite, verify — sentence by sentence.

The LLM's output is read as it streams. Each sentence, once complete, is checked against the
passages its ``[n]`` markers point to (``verify.py``) and only then shown, with its marker
renumbered to a structured citation of the exact supporting span. A sentence the sources do not
support is dropped (or marked, by setting) and reported in ``Answer.dropped``. If nothing
supported remains, the extractive answer is given instead, and the answer says so.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..ingest.language import detect
from ..retrieve.analysis import terms
from ..schema import Answer, Citation, Hit
from . import extractive
from .llms import explain
from .prompt import NOT_FOUND, answer_messages, select_evidence
from .untrusted import is_instruction
from .verify import Claim, split_claims, support

UNVERIFIED = "[unverified]"
MIN_CHARS_TO_TELL = 12  # shorter answers ("2018-2020") have no language to check
NO_SPACE_LANGUAGES = {"zh", "ja", "th"}


class Generative:
    def __init__(self, assistant, name: str, llm):
        self.assistant, self.name, self.llm = assistant, name, llm

    def stream(self, question: str, language: str, hits: list[Hit]) -> Iterator[str | Answer]:
        candidates, vectors, evidence = self._prepare(question, language, hits)
        state = _State(question, language, hits, candidates, vectors, self.assistant)
        raw = ""
        for insist in (False, True):
            raw, wrong_language = yield from self._generate(question, language, hits, evidence, state, insist)
            if not wrong_language:
                break
            state.warnings.append(f"{self.name} answered in another language than {language}: asked again")
        if NOT_FOUND[:6] in raw:
            text = extractive.not_in_corpus(language)
            yield text
            yield Answer(question, text, [], True, language, self.name, {}, question, hits, warnings=state.warnings)
            return
        if not state.text:
            yield from self._fallback(question, language, hits, state.dropped)
            return
        yield Answer(question, state.text, state.citations, False, language, self.name, {}, question,
                     hits, dropped=state.dropped, warnings=state.warnings)

    def _prepare(self, question: str, language: str, hits: list[Hit]):
        """The passages' sentences, their stored vectors, and the evidence the prompt shows."""
        candidates = extractive.candidates(hits)
        vectors = self.assistant.sentence_vectors(candidates) if candidates else np.zeros((0, 1), np.float32)
        return candidates, vectors, self._evidence(question, language, hits, vectors)

    def messages(self, question: str, language: str, hits: list[Hit]):
        """The prompt a first try sends (benchmarks time the model on exactly this)."""
        return answer_messages(question, language, hits, self._prepare(question, language, hits)[2])

    def _evidence(self, question: str, language: str, hits: list[Hit], vectors) -> list:
        """The sentences the prompt shows: the best for the question, instructions left out."""
        a = self.assistant
        scored = extractive.score_sentences(question, a.embedding.get_query_embedding(question),
                                            terms(question, language), hits, lambda found: vectors,
                                            a.retriever.lexical.weight)
        return select_evidence([c for c in scored if not is_instruction(c.text)])

    def _generate(self, question, language, hits, evidence, state, insist: bool):
        """Stream one answer into ``state``; (raw text, whether it came in the wrong language).
        The first sentence's language is checked before it is shown, so a retry shows nothing twice."""
        raw, settled = "", 0
        try:
            for response in self.llm.stream_chat(answer_messages(question, language, hits, evidence, insist)):
                raw += response.delta or ""
                if NOT_FOUND[:6] in raw or raw.rfind("[") > raw.rfind("]"):
                    continue  # an abstention, or a marker still being written
                claims = split_claims(raw)
                for claim in claims[settled : len(claims) - 1]:  # the last may still grow
                    if not settled and not insist and _wrong_language(claim.text, language):
                        return raw, True
                    yield from state.settle(claim)
                    settled += 1
        except Exception as e:
            raise explain(e, self.name, self.assistant.settings) from e
        if NOT_FOUND[:6] in raw:
            return raw, False
        rest = split_claims(raw)[settled:]
        if rest and not settled and not insist and _wrong_language(rest[0].text, language):
            return raw, True
        for claim in rest:
            yield from state.settle(claim)
        return raw, False

    def _fallback(self, question, language, hits, dropped):
        """Nothing the LLM said was supported: answer extractively, and say so."""
        from .backends import Extractive

        for piece in Extractive(self.assistant).stream(question, language, hits):
            if isinstance(piece, Answer):
                piece.fallback_from.append(self.name)
                piece.dropped = dropped
                piece.warnings.append(f"{self.name}: no sentence of its answer was supported by the sources")
            yield piece


def _wrong_language(sentence: str, language: str) -> bool:
    if len(sentence) < MIN_CHARS_TO_TELL or language == "und":
        return False
    found = detect(sentence)
    return found not in ("und", language)


class _State:
    """Citations and text of the answer being built."""

    def __init__(self, question, language, hits, candidates, vectors, assistant):
        self.question, self.language, self.hits = question, language, hits
        self.candidates, self.vectors, self.assistant = candidates, vectors, assistant
        self.citations: list[Citation] = []
        self.dropped: list[str] = []
        self.warnings: list[str] = []
        self.kept = 0
        self.text = ""
        self.joiner = "" if language in NO_SPACE_LANGUAGES else " "

    def _overlap(self, claim: str, candidate) -> float:
        weight = self.assistant.retriever.lexical.weight
        return extractive.overlap(terms(claim, self.language), candidate.text, candidate.hit.chunk.language, weight)

    def _cite(self, candidate, score: float) -> Citation:
        for c in self.citations:
            if c.source == candidate.hit.chunk.source and c.start == candidate.start:
                return c
        c = Citation(len(self.citations) + 1, candidate.hit.chunk.source, candidate.hit.chunk.id,
                     candidate.start, candidate.end, candidate.text, round(score, 4))
        self.citations.append(c)
        return c

    def settle(self, claim: Claim) -> Iterator[str]:
        vector = self.assistant.embedding.get_text_embedding(claim.text)
        cited_hits = {id(self.hits[n - 1]) for n in claim.markers if 1 <= n <= len(self.hits)}
        index = [i for i, c in enumerate(self.candidates) if id(c.hit) in cited_hits]
        result = support(claim.text, vector, [self.candidates[i] for i in index], self.vectors[index],
                         self.question, self._overlap)
        if not result.ok:  # a wrong or missing marker: does another source support it?
            anywhere = support(claim.text, vector, self.candidates, self.vectors, self.question, self._overlap)
            if anywhere.ok or not index:
                result = anywhere
        if result.ok:
            piece = f"{claim.text} [{self._cite(result.candidate, result.similarity).n}]"
            self.kept += 1
        elif self.assistant.settings.unsupported == "mark":
            piece = f"{claim.text} {UNVERIFIED}"
            self.dropped.append(f"{claim.text} ({result.reason}; marked)")
        else:
            self.dropped.append(f"{claim.text} ({result.reason})")
            return
        piece = (self.joiner if self.text else "") + piece
        self.text += piece
        yield piece
