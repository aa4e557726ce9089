"""The Chroma store: which collection holds the index, and how it is swapped safely.

An index lives in a *generation*: a collection named ``<prefix>-<fingerprint>-<stamp>`` whose
metadata records what built it (embedding model, chunk settings, analyzer). Readers use the
newest generation marked complete whose fingerprint matches the current settings. A rebuild fills
a new generation and only then drops the old ones, so a crash mid-index never leaves readers
without an index; the next ``assistant index`` resumes the unfinished generation.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
import uuid
from urllib.parse import urlparse

from ..errors import AssistantError, IndexMissing, IndexUnavailable, UsageError
from ..ingest.analysis import ANALYZER_VERSION
from ..ingest.language import LANGUAGES
from ..settings import Settings
from .embeddings import model_id

SPLITTER_VERSION = "2"  # 2: sentence rows beside chunk rows
PAGE = 5000
RETRY_WAITS = (0.5, 1.0, 2.0)  # seconds between attempts while the Chroma server does not answer
# What SQLite says when the embedded store's database file is damaged.
DAMAGED = ("file is not a database", "malformed", "disk image", "no such table", "database corrupt")

log = logging.getLogger(__name__)


def texts_name(settings: Settings, generation: str) -> str:
    """The companion collection that holds a generation's extracted texts (``index/texts.py``);
    its name lies outside the generations' prefix, so ``generations()`` never lists it."""
    return f"{settings.collection}.texts-{generation[len(settings.collection) + 1:]}"


def fingerprint(settings: Settings) -> dict[str, str]:
    """Everything that, when changed, makes the stored chunks or vectors wrong."""
    return {
        "embed_model": model_id(settings),
        "chunking": f"{settings.chunk_tokens}/{settings.chunk_min_tokens}/"
        f"{settings.chunk_overlap_sentences}/v{SPLITTER_VERSION}",
        "analyzer": f"{ANALYZER_VERSION}/{','.join(LANGUAGES)}",
    }


def fingerprint_id(settings: Settings) -> str:
    return hashlib.sha1(json.dumps(fingerprint(settings), sort_keys=True).encode()).hexdigest()[:8]


def connect(settings: Settings):
    """A Chroma client: the server at ``chroma_url`` if set, else the embedded store."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise UsageError(
                f"ASSISTANT_CHROMA_URL={settings.chroma_url!r} is not a URL: use http://host:port"
            )
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as e:
            raise AssistantError(
                f"cannot reach the Chroma server at {settings.chroma_url} ({e.__class__.__name__}): "
                "start it with `chroma run --path DIR --port PORT` or unset ASSISTANT_CHROMA_URL"
            ) from e
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
    except Exception as e:
        _forget_system(settings.index_dir)
        raise (damaged(settings, e) if is_damaged(e) else e) from None


def _forget_system(index_dir) -> None:
    """Drop Chroma's cached system for this folder. Chroma caches it before starting it, so a
    database that fails to open leaves a broken one that every later client would reuse."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(index_dir), None)
    SharedSystemClient._identifier_to_refcount.pop(str(index_dir), None)


def unreachable(error: Exception) -> bool:
    """The Chroma server could not be reached (rather than: it refused the request)."""
    import httpx

    return isinstance(error, (httpx.TransportError, ConnectionError))


def _chain(error: BaseException):
    """The error and those it happened while handling: Chroma's cleanup after a failed open can
    raise an AttributeError of its own that hides the SQLite error."""
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


def is_damaged(error: Exception) -> bool:
    return any(words in str(e) for e in _chain(error) for words in DAMAGED)


def damaged(settings: Settings, error: Exception) -> IndexUnavailable:
    cause = next(e for e in _chain(error) if any(words in str(e) for words in DAMAGED))
    reason = str(cause).strip().splitlines()[0][:120]
    return IndexUnavailable(
        f"the index in {settings.index_dir} is damaged ({reason}): rebuild it with `assistant index --rebuild`"
    )


class Store:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.fingerprint = fingerprint(settings)
        self.prefix = f"{settings.collection}-{fingerprint_id(settings)}-"
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = connect(self.settings)
        return self._client

    def call(self, read):
        """``read()``, retried a few times while the Chroma server does not answer (it may be
        restarting), then one clear error; a damaged embedded store is named as such. The client
        reconnects by itself, so the assistant works again once the server is back."""
        url = self.settings.chroma_url
        for attempt, wait in enumerate((*RETRY_WAITS, None), start=1):
            try:
                return read()
            except AssistantError:
                raise
            except Exception as e:
                if not url and is_damaged(e):
                    raise damaged(self.settings, e) from e
                if not (url and unreachable(e)):
                    raise
                if wait is None:
                    raise IndexUnavailable(
                        f"the Chroma server at {url} did not answer {attempt} times ({e.__class__.__name__}): "
                        "check that `chroma run` is up; the assistant reconnects when it is back"
                    ) from e
                log.warning("the Chroma server at %s did not answer (%s); retrying in %.1f s", url, e, wait)
                time.sleep(wait)

    def generations(self, prefix: str | None = None):
        """This project's collections, newest first."""
        prefix = prefix or f"{self.settings.collection}-"
        found = [c for c in self.call(self.client.list_collections) if c.name.startswith(prefix)]
        return sorted(found, key=lambda c: c.name, reverse=True)

    def discard_damaged(self) -> None:
        """Delete a damaged embedded store: only Chroma's own files (its database and its
        UUID-named segment folders), so that an index dir pointed at the wrong folder loses
        nothing else. The corpus is the source of truth; a rebuild recreates everything."""
        _forget_system(self.settings.index_dir)  # the next client opens the new database
        self._client = None
        for path in self.settings.index_dir.iterdir():
            if path.name.startswith("chroma.sqlite3"):
                path.unlink()
            elif path.is_dir() and _is_uuid(path.name):
                shutil.rmtree(path)
        log.warning("removed the damaged index in %s; rebuilding it", self.settings.index_dir)

    def active(self):
        """The collection readers use: newest complete generation with matching settings."""
        for collection in self.generations(self.prefix):
            if (collection.metadata or {}).get("complete"):
                return collection
        others = [c for c in self.generations() if (c.metadata or {}).get("complete")]
        where = self.settings.chroma_url or str(self.settings.index_dir)
        if others:
            raise IndexMissing(
                f"the index in {where} was built with other settings "
                f"({others[0].metadata.get('embed_model')}, chunks "
                f"{others[0].metadata.get('chunking')}): run `assistant index` to rebuild it"
            )
        raise IndexMissing(f"no index in {where}: run `assistant index` first")

    def target(self, rebuild: bool = False):
        """The collection an index run writes into: the newest matching one, or a new one.
        ``rebuild`` starts afresh even from a damaged store."""
        try:
            generations = self.generations(self.prefix)
        except IndexUnavailable:
            if not rebuild or self.settings.chroma_url:
                raise
            self.discard_damaged()
            generations = []
        if generations and not rebuild:
            return generations[0]
        # newest sorts first: the second, then the microsecond within it (a rebuild within the
        # same second as the run before it must still sort after it)
        now = time.time_ns()
        name = f"{self.prefix}{time.strftime('%Y%m%d%H%M%S', time.localtime(now // 10**9))}{now // 1000 % 10**6:06d}"
        return self.client.create_collection(
            name,
            metadata={**self.fingerprint, "complete": False},
            configuration={"hnsw": {"space": "cosine"}},
        )

    def finish(self, collection) -> None:
        """Mark ``collection`` complete, then drop every other generation (and its texts)."""
        metadata = {**(collection.metadata or {}), "complete": True}
        collection.modify(metadata=metadata)
        for other in self.generations():
            if other.name != collection.name:
                self.client.delete_collection(other.name)
        own, texts = texts_name(self.settings, collection.name), f"{self.settings.collection}.texts-"
        for other in self.call(self.client.list_collections):
            if other.name.startswith(texts) and other.name != own:
                self.client.delete_collection(other.name)


def stored_metadata(collection, include=("metadatas",), where=None):
    """Every stored (id, metadata[, document]) row, page by page."""
    offset = 0
    while True:
        page = collection.get(include=list(include), limit=PAGE, offset=offset, where=where)
        rows = list(zip(page["ids"], *(page[k] for k in include)))
        yield from rows
        if len(rows) < PAGE:
            return
        offset += PAGE


def _is_uuid(name: str) -> bool:
    try:
        uuid.UUID(name)
        return True
    except ValueError:
        return False
