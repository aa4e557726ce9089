"""The extracted text of every indexed file, stored with its index generation, keyed by file hash.

Offsets of chunks, sentences and citations count characters of a file's *extracted* text (a
PDF's text layer, a DOCX's paragraphs, ...), so the contract every surface relies on is::

    citation.quote == extracted_text(store, corpus_dir, citation.source)[0][citation.start:citation.end]

Indexing extracts each file once and stores the text here, in a companion collection of the
generation (``<collection>.texts-<fingerprint>-<stamp>``: outside the generations' name prefix, so
it is never mistaken for one, and dropped with its generation). Answering reads that copy by the
file's content hash: a PDF is never parsed again on a question. A file that is not stored there (an
index written before texts were stored) is extracted from the file once more, the same way.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from ..ingest.read import SourceFile, content_hash, corpus_file, read_source
from .store import PAGE, texts_name

log = logging.getLogger(__name__)
BATCH = 50  # texts per write: a long PDF's text is megabytes
PLACEHOLDER = [1.0]  # Chroma wants a vector per row; these rows are read by id only


def texts_of(store, generation):
    return store.client.get_or_create_collection(
        texts_name(store.settings, generation.name), embedding_function=None,
        metadata={"generation": generation.name},
    )


def store_texts(store, generation, files: list[SourceFile]) -> int:
    """Store the text of each file whose hash is not stored yet; drop texts no file has now.
    Returns how many texts were written."""
    texts = texts_of(store, generation)
    by_hash = {f.file_hash: f for f in files}
    present = set()
    wanted = list(by_hash)
    for i in range(0, len(wanted), PAGE):
        present.update(texts.get(ids=wanted[i : i + PAGE], include=[])["ids"])
    todo = [by_hash[h] for h in wanted if h not in present]
    for i in range(0, len(todo), BATCH):
        batch = todo[i : i + BATCH]
        texts.upsert(
            ids=[f.file_hash for f in batch], documents=[f.text for f in batch],
            metadatas=[{"pages": json.dumps(f.page_map), "source": f.source} for f in batch],
            embeddings=[PLACEHOLDER] * len(batch),
        )
    stale = [i for i in _all_ids(texts) if i not in by_hash]
    for i in range(0, len(stale), PAGE):
        texts.delete(ids=stale[i : i + PAGE])
    return len(todo)


def _all_ids(collection) -> list[str]:
    ids, offset = [], 0
    while True:
        page = collection.get(include=[], limit=PAGE, offset=offset)["ids"]
        ids += page
        if len(page) < PAGE:
            return ids
        offset += PAGE


def stored_text(store, file_hash: str) -> str | None:
    """The text stored for this content hash in the active generation, if any."""
    try:
        # get, not create: a question never writes to the store
        texts = store.client.get_collection(texts_name(store.settings, store.active().name))
        found = texts.get(ids=[file_hash], include=["documents"])
    except Exception as e:  # no texts stored (an older index) or the store failed: extract again
        log.debug("no stored text for %s (%s)", file_hash, e)
        return None
    return found["documents"][0] if found["ids"] else None


def extracted_text(store, corpus_dir: Path, source: str, limits=None) -> tuple[str, str]:
    """``(text, file_hash)`` of a corpus file as it is now: the stored extracted text when the
    file's content hash was indexed, else extracted from the file (``ingest.read.read_source``)."""
    raw = corpus_file(corpus_dir, source).read_bytes()
    file_hash = content_hash(raw)
    text = stored_text(store, file_hash)
    if text is not None:
        return text, file_hash
    return read_source(corpus_dir, source, limits)
