"""Answer backends, registered by name: every backend, ``extractive`` and ``auto`` included, is a
factory ``Context -> backend`` in ``BACKENDS`` (``register`` adds one; tests register fakes the
same way). A backend has ``stream(question, language, hits)`` yielding text, then an ``Answer``.

``auto`` tries ``AUTO_ORDER`` and falls back to the next when one cannot run here (Ollama down,
model not pulled, llama.cpp not installed), saying so in ``Answer.fallback_from`` and a warning.
The order is set from measurements (README, "Choosing a backend").
"""
from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterator

from ..errors import BackendUnavailable, UsageError
from ..schema import Answer, Hit
from . import answerable, extractive
from .context import Context
from .generate import Generative
from .judge import shared_judge
from .llms import check_ready, llamacpp_llm, ollama_llm

log = logging.getLogger(__name__)


class Extractive:
    """No LLM writes: the best sentences of the retrieved passages, verbatim and cited, when the
    answerability model judges that they answer. When llama.cpp and a model are installed
    (``Settings.llm_reader``), the model's own yes/no on "do these sentences answer?" counts in
    that judgement (the ``llm`` model of ``answerable.py``), as it does for the llamacpp backend."""

    name = "extractive"

    def __init__(self, context: Context):
        self.context = context

    def stream(self, question: str, language: str, hits: list[Hit]) -> Iterator[str | Answer]:
        reader = shared_judge(self.context) if self.context.settings.llm_reader else None
        decision = answerable.assess(self.context, question, language, hits, reader)
        yield from extractive.answer(self.name, question, language, hits, decision, reader=reader)


LLMS = {"ollama": ollama_llm, "llamacpp": llamacpp_llm}
AUTO_ORDER = ("ollama", "extractive", "llamacpp")
BACKENDS: dict[str, Callable[[Context], object]] = {}

_building = threading.Lock()  # two threads must not load a GGUF model twice


def register(name: str, factory: Callable[[Context], object]) -> None:
    BACKENDS[name] = factory


def check(name: str) -> str:
    if name not in BACKENDS:
        raise UsageError(f"unknown backend {name!r}: choose one of {', '.join(BACKENDS)} "
                         "(--backend or ASSISTANT_BACKEND)")
    return name


def get(name: str, context: Context):
    return BACKENDS[check(name)](context)


def llm_for(name: str, context: Context):
    """The llama-index LLM of a backend, built once per context's ``llms``."""
    with _building:
        if name not in context.llms:
            context.llms[name] = LLMS[name](context.settings)
        return context.llms[name]


def available(name: str, context: Context) -> bool:
    """Whether a backend can answer now (Ollama reachable with the model; llama.cpp installed)."""
    if name not in LLMS:
        return name in BACKENDS
    try:
        check_ready(llm_for(name, context), name, context.settings)
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


class Auto:
    """The first backend of ``AUTO_ORDER`` that answers."""

    name = "auto"

    def __init__(self, context: Context):
        self.context = context

    def stream(self, question: str, language: str, hits: list[Hit]) -> Iterator[str | Answer]:
        skipped, reasons = [], []
        for name in AUTO_ORDER:
            try:
                backend = get(name, self.context)
                pieces = iter(backend.stream(question, language, hits))
                first = next(pieces)  # an unreachable server fails here, before any text
            except BackendUnavailable as e:
                # the answer carries it as a warning, which every surface shows: logged once more,
                # `assistant ask` printed it twice
                log.info("%s unavailable: %s", name, e)
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


register("auto", Auto)
register("extractive", Extractive)
for _name in LLMS:
    register(_name, lambda context, name=_name: Generative(context, name, llm_for(name, context)))
