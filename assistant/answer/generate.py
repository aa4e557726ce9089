"""LLM answers (``ollama``, ``llamacpp``): generate, cite, verify — sentence by sentence.

The LLM's output is read as it streams. Each sentence, once complete, is checked against the
passages its ``[n]`` markers point to (``verify.py``) and only then shown, with its marker
renumbered to a structured citation of the exact supporting span. A sentence the sources do not
support is dropped (or marked, by setting) and reported in ``Answer.dropped``. If nothing
supported remains, the extractive answer is given instead, and the answer says so.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np

from ..retrieve.analysis import terms
from ..schema import Answer, Citation, Hit
from . import extractive
from .judge import Judge
from .llms import LlamaCppChat, explain
from .prompt import NOT_FOUND, answer_messages
from .verify import Claim, Sources, check, split_claims

UNVERIFIED = "[unverified]"
NO_SPACE_LANGUAGES = {"zh", "ja", "th"}
_judging = threading.Lock()  # two threads must not load the judge twice


class Generative:
    def __init__(self, assistant, name: str, llm):
        self.assistant, self.name, self.llm = assistant, name, llm

    def stream(self, question: str, language: str, hits: list[Hit]) -> Iterator[str | Answer]:
        a = self.assistant
        state = _State(language, sources_for(a, question, language, hits, self._judge()), a.settings.unsupported)
        raw, settled = "", 0
        try:
            for response in self.llm.stream_chat(answer_messages(question, language, hits)):
                raw += response.delta or ""
                if NOT_FOUND[:6] in raw or raw.rfind("[") > raw.rfind("]"):
                    continue  # an abstention, or a marker still being written
                claims = split_claims(raw)
                for claim in claims[settled : len(claims) - 1]:  # the last may still grow
                    yield from state.settle(claim)
                settled = max(settled, len(claims) - 1)
        except Exception as e:
            raise explain(e, self.name, a.settings) from e
        if NOT_FOUND[:6] in raw:
            text = extractive.not_in_corpus(language)
            yield text
            yield Answer(question, text, [], True, language, self.name, {}, question, hits)
            return
        for claim in split_claims(raw)[settled:]:
            yield from state.settle(claim)
        if not state.text:
            yield from self._fallback(question, language, hits, state.dropped)
            return
        yield Answer(question, state.text, state.citations, False, language, self.name, {}, question,
                     hits, dropped=state.dropped)

    def _judge(self):
        """A llama.cpp model also judges each sentence (``judge.py``), in a context of its own,
        built once per assistant; other LLMs give no token probabilities here."""
        if not (isinstance(self.llm, LlamaCppChat) and self.assistant.settings.llm_judge):
            return None
        with _judging:
            judges = self.assistant.llms
            if "llamacpp judge" not in judges:
                judges["llamacpp judge"] = Judge(self.llm.model_path)
            return judges["llamacpp judge"]

    def _fallback(self, question, language, hits, dropped):
        """Nothing the LLM said was supported: answer extractively, and say so."""
        from .backends import Extractive

        for piece in Extractive(self.assistant).stream(question, language, hits):
            if isinstance(piece, Answer):
                piece.fallback_from.append(self.name)
                piece.dropped = dropped
                piece.warnings.append(f"{self.name}: no sentence of its answer was supported by the sources")
            yield piece


def sources_for(assistant, question: str, language: str, hits: list[Hit], judge=None) -> Sources:
    """What an answer to ``question`` over ``hits`` is verified against (``verify.check``);
    ``judge``: an LLM judge (``judge.py``) asked when the rules find no fault, or None."""
    candidates = extractive.candidates(hits)
    vectors = assistant.sentence_vectors(candidates) if candidates else np.zeros((0, 1), np.float32)
    weight = assistant.retriever.lexical.weight

    def overlap(claim: str, candidate, also: str = "") -> float:
        """IDF-weighted share of the claim's terms in the sentence (or in ``also``, e.g. the question)."""
        wanted = terms(claim, language)
        if also:
            wanted = [t for t in wanted if t not in set(terms(also, language))] or wanted
        return extractive.overlap(wanted, candidate.text, candidate.hit.chunk.language, weight)

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(assistant.embedding.get_text_embedding_batch(texts), dtype=np.float32)

    return Sources(question, hits, candidates, vectors, embed, overlap, judge, language)


class _State:
    """Citations and text of the answer being built."""

    def __init__(self, language: str, sources: Sources, unsupported: str = "drop"):
        self.sources, self.unsupported = sources, unsupported
        self.citations: list[Citation] = []
        self.dropped: list[str] = []
        self.kept = 0
        self.text = ""
        self.joiner = "" if language in NO_SPACE_LANGUAGES else " "

    def _cite(self, candidate, score: float) -> Citation:
        for c in self.citations:
            if c.source == candidate.hit.chunk.source and c.start == candidate.start:
                return c
        c = Citation(len(self.citations) + 1, candidate.hit.chunk.source, candidate.hit.chunk.id,
                     candidate.start, candidate.end, candidate.text, round(score, 4))
        self.citations.append(c)
        return c

    def settle(self, claim: Claim) -> Iterator[str]:
        result = check(claim, self.sources)
        if result.ok:
            piece = f"{claim.text} [{self._cite(result.candidate, result.similarity).n}]"
            self.kept += 1
        elif self.unsupported == "mark":
            piece = f"{claim.text} {UNVERIFIED}"
            self.dropped.append(f"{claim.text} ({result.reason}; marked)")
        else:
            self.dropped.append(f"{claim.text} ({result.reason})")
            return
        piece = (self.joiner if self.text else "") + piece
        self.text += piece
        yield piece
