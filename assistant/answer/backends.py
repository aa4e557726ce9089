"""Answer backends, registered by name.

``auto`` tries them in ``AUTO_ORDER`` and falls back to the next when one cannot run here
(Ollama down, model not pulled, llama.cpp not installed), saying so in ``Answer.fallback_from``
and a warning. The order is set from measurements (README, "Choosing a backend").
"""
from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Iterator

from ..errors import BackendUnavailable
from ..retrieve.analysis import terms
from ..schema import Answer, Hit
from . import extractive
from .generate import Generative
from .llms import llamacpp_llm, ollama_llm

log = logging.getLogger(__name__)


class Extractive:
    """No LLM: the best sentences of the retrieved passages, verbatim and cited."""

    name = "extractive"

    def __init__(self, assistant):
        self.assistant = assistant

    def stream(self, question: str, language: str, hits: list[Hit]) -> Iterator[str | Answer]:
        a = self.assistant
        scored = extractive.score_sentences(
            question,
            a.embedding.get_query_embedding(question),
            terms(question, language),
            hits,
            a.sentence_vectors,
            a.retriever.lexical.weight,
        )
        citations = extractive.extract(scored, a.settings.abstain_threshold)
        text = extractive.render(citations) or extractive.not_in_corpus(language)
        yield text
        yield Answer(question, text, citations, not citations, language, self.name, {}, question, hits)


LLMS = {"ollama": ollama_llm, "llamacpp": llamacpp_llm}
AUTO_ORDER = ("ollama", "extractive", "llamacpp")


_building = threading.Lock()  # two threads must not load a GGUF model twice


def llm_for(name: str, assistant):
    """The llama-index LLM of a backend, built once per assistant."""
    with _building:
        if name not in assistant.llms:
            assistant.llms[name] = LLMS[name](assistant.settings)
        return assistant.llms[name]


def available(name: str, assistant) -> bool:
    """Whether a backend can answer now (Ollama reachable with the model; llama.cpp installed)."""
    if name == "extractive":
        return True
    try:
        llm = llm_for(name, assistant)
        if name == "ollama":
            models = llm.client.list().get("models", [])
            return any(m.get("model") == assistant.settings.ollama_model for m in models)
        return True
    except Exception:
        return False


def condensers(name: str) -> list[str]:
    """The LLM backends that may rewrite a follow-up question for backend ``name``."""
    if name in LLMS:
        return [name]
    if name == "auto":
        return [n for n in AUTO_ORDER[: AUTO_ORDER.index("extractive")] if n in LLMS]
    return []


def get(name: str, assistant):
    if name == "auto":
        return Auto(assistant)
    if name == "extractive":
        return Extractive(assistant)
    return Generative(assistant, name, llm_for(name, assistant))


class Auto:
    """The first backend of ``AUTO_ORDER`` that answers."""

    name = "auto"

    def __init__(self, assistant):
        self.assistant = assistant

    def stream(self, question: str, language: str, hits: list[Hit]) -> Iterator[str | Answer]:
        skipped, reasons = [], []
        for name in AUTO_ORDER:
            try:
                backend = get(name, self.assistant)
                pieces = iter(backend.stream(question, language, hits))
                first = next(pieces)  # an unreachable server fails here, before any text
            except BackendUnavailable as e:
                log.warning("%s unavailable: %s", name, e)
                skipped.append(name)
                reasons.append(f"{name} unavailable: {e}")
                continue
            for piece in itertools.chain([first], pieces):
                if isinstance(piece, Answer) and skipped:
                    piece.fallback_from[:0] = skipped
                    piece.warnings = reasons + piece.warnings
                yield piece
            return
        raise BackendUnavailable("no answer backend can run: " + "; ".join(reasons))
