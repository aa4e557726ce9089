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
import time
from urllib.parse import urlparse

from ..errors import AssistantError, IndexMissing, UsageError
from ..ingest.language import LANGUAGES
from ..retrieve.analysis import ANALYZER_VERSION
from ..settings import Settings
from .embeddings import model_id

SPLITTER_VERSION = "2"  # 2: sentence rows beside chunk rows
PAGE = 5000


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
    return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)


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

    def generations(self, prefix: str | None = None):
        """This project's collections, newest first."""
        prefix = prefix or f"{self.settings.collection}-"
        found = [c for c in self.client.list_collections() if c.name.startswith(prefix)]
        return sorted(found, key=lambda c: c.name, reverse=True)

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
        """The collection an index run writes into: the newest matching one, or a new one."""
        generations = self.generations(self.prefix)
        if generations and not rebuild:
            return generations[0]
        name = f"{self.prefix}{time.strftime('%Y%m%d%H%M%S')}{time.time_ns() % 1000000:06d}"
        return self.client.create_collection(
            name,
            metadata={**self.fingerprint, "complete": False},
            configuration={"hnsw": {"space": "cosine"}},
        )

    def finish(self, collection) -> None:
        """Mark ``collection`` complete, then drop every other generation."""
        metadata = {**(collection.metadata or {}), "complete": True}
        collection.modify(metadata=metadata)
        for other in self.generations():
            if other.name != collection.name:
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
