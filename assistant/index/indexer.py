"""``assistant index``: bring the Chroma index in step with the corpus folder.

Two kinds of rows go into one collection: ``chunk`` rows (the passages retrieved and cited, with
their BM25 terms) and ``sentence`` rows (each sentence of a chunk, embedded on its own). A
sentence vector finds a detail that a 200-token chunk vector dilutes, which matters most across
languages, and lets answers pick and verify sentences without embedding at question time.

Only files whose content hash changed are chunked and embedded again; chunks of deleted files are
removed; a vector already stored for the same chunk text is reused rather than embedded twice.
New chunks are written before old ones are deleted, so the index answers at every moment.
"""
from __future__ import annotations

import itertools
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from llama_index.core.schema import TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from ..ingest.ids import row_id
from ..ingest.language import detect
from ..ingest.read import SourceFile, content_hash, read_corpus, read_file
from ..ingest.readers import Limits
from ..ingest.split import chunk_spans
from ..schema import Chunk
from ..settings import Settings
from .rows import CHUNK, to_nodes
from .store import PAGE, Store, stored_metadata
from .texts import store_texts

log = logging.getLogger(__name__)

@dataclass
class IndexReport:
    files: int = 0
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_written: int = 0
    sentences_written: int = 0
    chunks_deleted: int = 0
    embedded: int = 0
    reused: int = 0
    skipped: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # changed files with orders to the reader in them
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    collection: str = ""

    def summary(self) -> str:
        if not self.changed and not self.removed:
            return f"index up to date: {self.files} files ({self.seconds:.1f}s)"
        return (
            f"indexed {len(self.changed)} changed files, removed {len(self.removed)}, "
            f"{self.chunks_written} chunks and {self.sentences_written} sentences written "
            f"({self.embedded} texts embedded, {self.reused} reused), "
            f"{self.chunks_deleted} deleted, {self.files} files in all ({self.seconds:.1f}s)"
        ) + "".join(f"\nwarning: {source} addresses an AI (orders to the reader); its orders are marked "
                    "untrusted and never count as facts" for source in self.flagged)


def chunk_file(file: SourceFile, settings: Settings) -> list[Chunk]:
    """The chunks of each page in turn: a chunk never spans two pages, so its page (and that of
    every sentence cited from it) is exact. A text file is one page: chunked as a whole."""
    chunks = []
    for page, page_start, page_end in file.page_map:
        spans = chunk_spans(
            file.text[page_start:page_end], settings.chunk_tokens, settings.chunk_min_tokens,
            settings.chunk_overlap_sentences,
        )
        for span in spans:
            start, end = page_start + span.start, page_start + span.end
            chunk_id = row_id(file.source, start, end, span.text)
            chunks.append(
                Chunk(chunk_id, span.text, file.source, detect(span.text), start, end, file.file_hash, page)
            )
    return chunks


def _known_vectors(collections, text_hashes: set[str]) -> dict[str, list[float]]:
    """Vectors already stored for these chunk texts, in any generation."""
    found: dict[str, list[float]] = {}
    wanted = list(text_hashes)
    for collection in collections:
        for i in range(0, len(wanted), 500):
            batch = [h for h in wanted[i : i + 500] if h not in found]
            if not batch:
                continue
            page = collection.get(where={"text_hash": {"$in": batch}}, include=["metadatas", "embeddings"])
            for metadata, vector in zip(page["metadatas"], page["embeddings"]):
                found[metadata["text_hash"]] = list(vector)
    return found


WRITE_BATCH = 2000  # rows per Chroma add (Chroma refuses batches over ~5,400 rows)
WRITTEN = "written"  # collection metadata: a stamp of the last run that changed rows


def build_index(settings: Settings, store: Store, embedding, rebuild=False, progress=True) -> IndexReport:
    clock = _Clock()
    max_bytes = int(settings.max_file_mb * 1_000_000)
    files, skipped = read_corpus(settings.corpus_dir, max_bytes, Limits.of(settings))
    collection = store.target(rebuild)
    report = IndexReport(files=len(files), skipped=skipped, collection=collection.name, timings=clock.spent)

    stored: dict[str, set[str]] = defaultdict(set)  # source -> file hashes stored
    ids_by_source: dict[str, list[str]] = defaultdict(list)
    for chunk_id, metadata in stored_metadata(collection):
        stored[metadata["source"]].add(metadata["file_hash"])
        ids_by_source[metadata["source"]].append(chunk_id)

    changed = [f for f in files if stored.get(f.source) != {f.file_hash}]
    report.changed = [f.source for f in changed]
    report.removed = sorted(set(stored) - {f.source for f in files})
    clock.lap("read")

    seen: set[str] = set()
    nodes = [n for f in changed for c in chunk_file(f, settings) for n in to_nodes(c, seen)]
    clock.lap("split")  # sentences, chunks, language, BM25 terms
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for node in nodes:  # what `Assistant.documents` reports as indexed-at
        if node.metadata["kind"] == CHUNK:
            node.metadata["indexed_at"] = stamp
    report.flagged = sorted({n.metadata["source"] for n in nodes if n.metadata.get("untrusted")})
    for source in report.flagged:
        log.warning("%s addresses an AI (orders to the reader): its orders never count as facts", source)
    if nodes:
        _embed(nodes, collection, store, embedding, report, progress)
        clock.lap("embed")
        vector_store = ChromaVectorStore(chroma_collection=collection)
        for batch in _batches(nodes, WRITE_BATCH):
            vector_store.add(batch)
        report.chunks_written = sum(n.metadata["kind"] == CHUNK for n in nodes)
        report.sentences_written = len(nodes) - report.chunks_written
    store_texts(store, collection, files)  # before the generation is complete: answers need them
    new_ids = {n.node_id for n in nodes}
    stale = [i for f in changed for i in ids_by_source.get(f.source, []) if i not in new_ids]
    stale += [i for source in report.removed for i in ids_by_source[source]]
    for i in range(0, len(stale), PAGE):
        collection.delete(ids=stale[i : i + PAGE])
    report.chunks_deleted = len(stale)
    if nodes or stale:
        mark_written(collection)

    if not (collection.metadata or {}).get("complete") or rebuild:
        store.finish(collection)
    clock.lap("write")
    report.skipped += _changed_meanwhile(settings, changed, max_bytes)
    clock.lap("read")
    report.seconds = sum(clock.spent.values())
    return report


def _batches(nodes: list[TextNode], size: int) -> list[list[TextNode]]:
    """``nodes`` in batches of about ``size``, a file's rows kept in one batch (unless it alone
    has more): an interrupted run leaves whole files, which the next run sees as indexed or not."""
    batches: list[list[TextNode]] = [[]]
    for _, grouped in itertools.groupby(nodes, key=lambda n: n.metadata["source"]):
        of_file = list(grouped)
        if batches[-1] and len(batches[-1]) + len(of_file) > size:
            batches.append([])
        for i in range(0, len(of_file), size):
            if i:
                batches.append([])
            batches[-1].extend(of_file[i : i + size])
    return [b for b in batches if b]


def indexed_files(collection) -> dict[str, dict]:
    """What the index knows of each file: its languages, chunks, pages, hash, when it was indexed
    and whether it gives orders to an AI (``flagged``)."""
    files: dict[str, dict] = {}
    for _, metadata in stored_metadata(collection, where={"kind": CHUNK}):
        entry = files.setdefault(metadata["source"], {"languages": set(), "chunks": 0, "pages": 0, "hashes": set(),
                                                       "indexed_at": None, "flagged": False})
        entry["languages"].add(metadata["language"])
        entry["chunks"] += 1
        entry["pages"] = max(entry["pages"], int(metadata.get("page", 1)))
        entry["hashes"].add(metadata["file_hash"])
        stamp = metadata.get("indexed_at")  # absent from rows written before it was recorded
        if stamp and (entry["indexed_at"] is None or stamp > entry["indexed_at"]):
            entry["indexed_at"] = stamp
    for _, metadata in stored_metadata(collection, where={"untrusted": True}):
        if metadata["source"] in files:
            files[metadata["source"]]["flagged"] = True
    return files


def remove_source(collection, source: str) -> int:
    """Delete every row (chunks and sentences) of one file; the number deleted."""
    ids = [i for i, _ in stored_metadata(collection, where={"source": source})]
    for i in range(0, len(ids), PAGE):
        collection.delete(ids=ids[i : i + PAGE])
    if ids:
        mark_written(collection)
    return len(ids)


def mark_written(collection) -> None:
    """Mark a change of the rows: the stamp names the BM25 snapshot of this state (retrieve/lexical.py)."""
    collection.modify(metadata={**(collection.metadata or {}), WRITTEN: f"{time.time_ns():x}"})


class _Clock:
    """Seconds spent per stage, for the report and the indexing benchmark."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.spent[stage] = self.spent.get(stage, 0.0) + now - self._last
        self._last = now


def _changed_meanwhile(settings: Settings, files: list[SourceFile], max_bytes: int) -> list[str]:
    """Files edited while they were being indexed. The index holds the version that was read,
    consistently (offsets and hash), and the next run sees the new hash and indexes it again."""
    warnings = []
    for f in files:
        try:
            now = content_hash(read_file(settings.corpus_dir / f.source, max_bytes))
        except Exception:  # deleted or grown meanwhile: the next run sees that too
            now = None
        if now != f.file_hash:
            warnings.append(f"{f.source} changed while it was being indexed: run `assistant index` again")
            log.warning(warnings[-1])
    return warnings


def _embed(nodes, collection, store, embedding, report, progress) -> None:
    """Give every node a vector: reuse stored ones, embed each distinct new text once."""
    by_hash: dict[str, list[TextNode]] = defaultdict(list)
    for node in nodes:
        by_hash[node.metadata["text_hash"]].append(node)
    try:
        generations = [collection, *[c for c in store.generations() if c.name != collection.name]]
        known = _known_vectors(generations, set(by_hash))
    except Exception:  # a damaged older generation only costs the reuse
        known = {}
    todo = [h for h in by_hash if h not in known]
    texts = [by_hash[h][0].get_content() for h in todo]
    log.info("embedding %d new texts (%d reused) for %s", len(todo), len(by_hash) - len(todo), collection.name)
    if texts:
        vectors = embedding.get_text_embedding_batch(texts, show_progress=progress)
        known.update(zip(todo, vectors))
    report.embedded, report.reused = len(todo), len(by_hash) - len(todo)
    for text_hash, group in by_hash.items():
        for node in group:
            node.embedding = list(known[text_hash])
