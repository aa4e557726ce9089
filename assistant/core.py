"""``Assistant``: the one service path behind the CLI, the page, the evals and the Python API.

>>> from assistant import Assistant
>>> bot = Assistant()                      # settings from ASSISTANT_* variables
>>> bot.index()                            # incremental
>>> answer = bot.ask("How much was Durov's bail?")
>>> answer.text, answer.citations[0].source
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator

from .answer import backends
from .answer.condense import condense
from .answer.context import Context
from .errors import UsageError
from .index.embeddings import embedding_for
from .index.indexer import IndexReport, build_index
from .index.store import Store
from .ingest.language import detect
from .retrieve.hybrid import HybridRetriever
from .schema import Answer, Hit
from .settings import MAX_QUESTION_CHARS, Settings

log = logging.getLogger(__name__)


# Control characters and terminal escape sequences carry no meaning in a question and must not
# reach a terminal, a log or an LLM prompt: they become spaces.
_CONTROL = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_question(question: str) -> str:
    question = "" if question is None else question
    if not isinstance(question, str):
        raise UsageError(f"the question must be text, not {type(question).__name__}")
    if len(question) > MAX_QUESTION_CHARS:
        raise UsageError(
            f"the question is {len(question):,} characters long; the limit is "
            f"{MAX_QUESTION_CHARS:,}: shorten it"
        )
    question = _CONTROL.sub(" ", question).strip()
    if not question:
        raise UsageError("the question is empty: type a question")
    return question


class Assistant:
    def __init__(self, settings: Settings | None = None, **overrides):
        self.settings = settings or Settings(**overrides)
        if overrides and settings is not None:
            self.settings = settings.model_copy(update=overrides)
        self.store = Store(self.settings)
        self.embedding = embedding_for(self.settings)
        self._retriever: HybridRetriever | None = None
        self._retriever_lock = threading.Lock()  # concurrent first questions build one BM25 index
        self.llms: dict = {}  # llama-index LLMs by backend name, built on first use

    # -- index -----------------------------------------------------------------------------
    def index(self, rebuild: bool = False, progress: bool = False) -> IndexReport:
        report = self.store.call(lambda: build_index(self.settings, self.store, self.embedding, rebuild, progress))
        self._retriever = None  # the next question sees the new index
        return report

    def extracted_text(self, source: str) -> tuple[str, str]:
        """``(text, file_hash)`` of a corpus file as indexed: every citation's quote is
        ``text[citation.start:citation.end]`` (``index/texts.py``)."""
        from .index.texts import extracted_text
        from .ingest.readers import Limits

        return self.store.call(
            lambda: extracted_text(self.store, self.settings.corpus_dir, source, Limits.of(self.settings))
        )

    # -- retrieve ----------------------------------------------------------------------------
    @property
    def retriever(self) -> HybridRetriever:
        with self._retriever_lock:
            if self._retriever is None:
                s = self.settings
                retriever = HybridRetriever(
                    self.store.active(), self.embedding, s.top_k, s.candidates, s.max_per_source
                )
                retriever.lexical  # loaded here, once, rather than by every thread that needs it
                self._retriever = retriever
            return self._retriever

    def retrieve(self, question: str, top_k: int | None = None, language: str | None = None) -> list[Hit]:
        question = check_question(question)
        return self.store.call(lambda: self._hits(question, top_k, language))

    def _hits(self, question: str, top_k: int | None, language: str | None) -> list[Hit]:
        """The hits, carrying their sentences (``HybridRetriever.with_sentences``)."""
        try:
            return self.retriever.with_sentences(self.retriever.hits(question, top_k, language))
        except Exception as e:  # another process may have swapped the index generation
            if "does not exist" not in str(e) and e.__class__.__name__ != "NotFoundError":
                raise
            self._retriever = None
            return self.retriever.with_sentences(self.retriever.hits(question, top_k, language))

    # -- answer ------------------------------------------------------------------------------
    def stream(
        self, question: str, history=None, backend: str | None = None, top_k: int | None = None
    ) -> Iterator[str | Answer]:
        """Yield answer text as it is produced, then the final ``Answer``."""
        started = time.perf_counter()
        question = check_question(question)
        name = self.backend_name(backend)
        if top_k is not None and not 1 <= top_k <= 50:
            raise UsageError(f"top-k must be between 1 and 50, not {top_k}")
        history = [m for m in history or [] if m.get("content")]
        language = detect(question)
        if language == "und" and history:  # "Et sa caution ?" is too short to tell alone
            language = next((detect(m["content"]) for m in reversed(history) if m["role"] == "user"), language)
        query = condense(question, history, name, language, self.answer_context()) if history else question
        hits = self.retrieve(query, top_k, language)
        retrieved = time.perf_counter()
        answer = None
        for piece in backends.get(name, self.answer_context()).stream(query, language, hits):
            if isinstance(piece, Answer):
                answer = piece
            else:
                yield piece
        done = time.perf_counter()
        answer.question, answer.query = question, query
        answer.timings_ms = {
            "retrieve": round((retrieved - started) * 1000, 1),
            "generate": round((done - retrieved) * 1000, 1),
            "total": round((done - started) * 1000, 1),
        }
        yield answer

    def answer_context(self) -> Context:
        """What answer backends are built with (``answer/context.py``)."""
        # the retriever of this moment: an index run swaps it, and the next question gets a new context
        return Context(self.settings, self.embedding, self.retriever.lexical.weight, self.llms)

    def backend_name(self, name: str | None = None) -> str:
        """``name`` (default: the setting) if a backend of that name is registered."""
        return backends.check(name or self.settings.backend)

    def auto_backend(self) -> str:
        """The backend ``auto`` would answer with now."""
        return next(n for n in backends.AUTO_ORDER if backends.available(n, self.answer_context()))

    def model_name(self, backend: str) -> str:
        """The model behind an LLM backend, as people know it."""
        if backend == "ollama":
            return self.settings.ollama_model
        return backends.llm_for(backend, self.answer_context()).metadata.model_name

    def chat(self, messages: list[dict], backend: str | None = None, top_k: int | None = None) -> Answer:
        """Answer the last user message of a conversation (``[{"role", "content"}, ...]``)."""
        if not messages or messages[-1].get("role") != "user":
            raise UsageError("the conversation must end with a user message")
        return self.ask(messages[-1]["content"], messages[:-1], backend, top_k)

    def ask(self, question: str, history=None, backend: str | None = None, top_k: int | None = None) -> Answer:
        """The non-streaming call: collects ``stream``."""
        for piece in self.stream(question, history, backend, top_k):
            if isinstance(piece, Answer):
                return piece
        raise AssertionError("stream ended without an Answer")
