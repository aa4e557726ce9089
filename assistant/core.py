"""``Assistant``: the one service path behind the CLI, the page, the evals and the Python API.

>>> from assistant import Assistant
>>> bot = Assistant()                      # settings from ASSISTANT_* variables
>>> bot.index()                            # incremental
>>> answer = bot.ask("How much was Durov's bail?")
>>> answer.text, answer.citations[0].source
"""
from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections.abc import Iterator

from .answer import backends
from .answer.condense import condense
from .answer.context import Context
from .answer.judge import shared_judge
from .errors import AssistantError, NotFound, TooLarge, UsageError
from .index.embeddings import embedding_for
from .index.indexer import WRITTEN, IndexReport, build_index, indexed_files, remove_source
from .index.store import Store
from .ingest.language import conversation
from .ingest.read import NotText, check_new_name, content_hash, corpus_file, corpus_paths, read_one
from .ingest.readers import Limits, read_document
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
        self._index_lock = threading.Lock()  # one index run at a time (uploads, removals, `index`)

    # -- index -----------------------------------------------------------------------------
    def index(self, rebuild: bool = False, progress: bool = False) -> IndexReport:
        with self._index_lock:
            report = self.store.call(lambda: build_index(self.settings, self.store, self.embedding, rebuild, progress))
            self._retriever = None  # the next question sees the new index
            if report.changed or report.removed:
                _ = self.store.call(lambda: self.retriever)  # BM25 built and saved now, not at the first question
        return report

    def extracted_text(self, source: str) -> tuple[str, str]:
        """``(text, file_hash)`` of a corpus file as indexed: every citation's quote is
        ``text[citation.start:citation.end]`` (``index/texts.py``)."""
        from .index.texts import extracted_text

        return self.store.call(
            lambda: extracted_text(self.store, self.settings.corpus_dir, source, Limits.of(self.settings))
        )

    def watch(self, stop: threading.Event | None = None, debounce_ms: int = 1000,
              now: bool = True) -> Iterator[IndexReport]:
        """Keep the index in step with the corpus folder: an incremental run now (unless ``now`` is
        false), then one after every burst of changes (files added, edited, removed), until
        ``stop`` is set. A run that fails with a user error (a Chroma server gone, say) is logged
        as a warning, and the next change tries again."""
        import watchfiles

        changes = watchfiles.watch(self.settings.corpus_dir, debounce=debounce_ms, stop_event=stop,
                                   raise_interrupt=False)
        for _ in itertools.chain([None] if now else [], changes):
            try:
                yield self.index()
            except AssistantError as e:
                log.warning("%s", e)

    # -- documents ---------------------------------------------------------------------------
    def documents(self) -> list[dict]:
        """Every file the index holds or the corpus folder has: ``source``, ``languages``,
        ``chunks``, ``pages``, ``indexed_at``, ``state`` (``indexed``; ``changed``: the file
        differs from what was indexed; ``missing``: indexed, but gone from the folder;
        ``skipped``: a reader refused it, ``why`` says why and how to fix it; ``not indexed``: new
        since the last run) and ``flagged`` (it gives orders to an AI reader: never facts)."""
        stored = self.store.call(lambda: indexed_files(self.store.active()))
        root = self.settings.corpus_dir.resolve()
        on_disk = {p.relative_to(root).as_posix(): p for p in corpus_paths(self.settings.corpus_dir)[0]}
        listing = []
        for source in sorted(set(stored) | set(on_disk)):
            entry = stored.get(source, {"languages": set(), "chunks": 0, "pages": 0, "hashes": set(),
                                        "indexed_at": None, "flagged": False})
            why = ""
            if source not in stored:
                read = read_one(root, on_disk[source], int(self.settings.max_file_mb * 1_000_000),
                                Limits.of(self.settings))
                state, why = ("skipped", read.split(": ", 1)[1]) if isinstance(read, str) else ("not indexed", "")
            elif source not in on_disk:
                state = "missing"
            else:
                state = "indexed" if entry["hashes"] == {content_hash(on_disk[source].read_bytes())} else "changed"
            listing.append({"source": source, "languages": sorted(entry["languages"]), "chunks": entry["chunks"],
                            "pages": entry["pages"], "indexed_at": entry["indexed_at"], "state": state, "why": why,
                            "flagged": entry["flagged"]})
        return listing

    def add_document(self, name: str, data: bytes) -> dict:
        """Save a document (text, PDF, DOCX, HTML, Markdown) into the corpus folder and index it:
        answerable when this returns."""
        name = check_new_name(name)
        limit = int(self.settings.max_file_mb * 1_000_000)
        if len(data) > limit:
            raise TooLarge(f"the file is {len(data) / 1e6:.1f} MB; the limit is {limit / 1e6:g} MB: "
                           "split it or raise ASSISTANT_MAX_FILE_MB")
        try:  # read as indexing will read it (a PDF, a DOCX, ... by its suffix)
            text = read_document(name, data, Limits.of(self.settings)).text
        except NotText as e:
            raise UsageError(f"{name} cannot be indexed ({e})") from None
        if not text.strip():
            raise UsageError(f"{name} is empty: send a file with text in it")
        target = self.settings.corpus_dir / name
        replaced = target.exists()
        if replaced and (target.is_symlink() or not target.is_file()):
            raise UsageError(f"{name} exists in the corpus and is not a plain file: choose another name")
        partial = target.with_name(f".{name}.uploading")  # hidden: an index run meanwhile skips it
        partial.write_bytes(data)
        partial.replace(target)
        report = self.index()
        entry = next((d for d in self.documents() if d["source"] == name), None)
        if entry is None or entry["state"] != "indexed":
            raise UsageError(f"{name} was saved but not indexed ({'; '.join(report.skipped) or 'unknown'})")
        return {**entry, "replaced": replaced}

    def remove_document(self, source: str, delete_file: bool = False) -> dict:
        """Drop a file from the index, and from the corpus folder if ``delete_file``. A file left
        in the folder comes back with the next index run."""
        with self._index_lock:
            documents = {d["source"]: d for d in self.documents()}
            if source not in documents:
                raise NotFound(f"{source!r} is not a document of the index: list them with GET /v1/documents")
            rows = self.store.call(lambda: remove_source(self.store.active(), source))
            deleted = False
            if delete_file and documents[source]["state"] != "missing":
                corpus_file(self.settings.corpus_dir, source).unlink()  # only a file inside the corpus
                deleted = True
            self._retriever = None
        return {"source": source, "rows_removed": rows, "file_deleted": deleted}

    # -- retrieve ----------------------------------------------------------------------------
    @property
    def retriever(self) -> HybridRetriever:
        with self._retriever_lock:
            if self._retriever is None:
                s = self.settings
                collection = self.store.active()
                written = (collection.metadata or {}).get(WRITTEN)
                snapshot = s.index_dir / "lexical" / f"{collection.name}-{written}" if written else None
                retriever = HybridRetriever(collection, self.embedding, s.top_k, s.candidates, s.max_per_source,
                                            snapshot=snapshot)
                _ = retriever.lexical  # loaded here, once, rather than by every thread that needs it
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
        # "Et sa caution ?" is read in the conversation's language (too short to tell alone)
        language = conversation([*(m["content"] for m in history if m["role"] == "user"), question])
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

    def reader_name(self) -> str | None:
        """The model file that judges, for the extractive backend, whether the evidence answers
        (``Settings.llm_reader``), or None."""
        if not self.settings.llm_reader:
            return None
        judge = shared_judge(self.answer_context())
        return judge.name if judge else None

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
