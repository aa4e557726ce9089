"""The rows of the index, in one place: what each stored row holds, how it is written and read.

Every chunk is stored as a ``chunk`` row (its text, vector and metadata) and each of its
sentences as a ``sentence`` row of its own (a sentence shared by two overlapping chunks once).
Metadata of both: ``source`` (path in the corpus), ``language``, ``file_hash``, ``page``,
``start``/``end`` (offsets in the file's extracted text), ``kind`` and ``text_hash`` (of the
row's text: the key for reusing its vector). A chunk row adds ``terms`` (its BM25 terms, so the
lexical index is built without analysing text again) and ``indexed_at``; a sentence row adds
``chunk_id`` (its first chunk) and ``untrusted`` (it gives orders to an AI reader).
"""
from __future__ import annotations

from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

from ..ingest.analysis import terms
from ..ingest.ids import sentence_id
from ..ingest.orders import is_instruction
from ..ingest.read import content_hash
from ..ingest.split import sentences
from ..schema import Chunk

CHUNK, SENTENCE = "chunk", "sentence"  # the ``kind`` of a row


def _node(node_id: str, text: str, metadata: dict) -> TextNode:
    return TextNode(
        id_=node_id,
        text=text,
        metadata={**metadata, "text_hash": content_hash(text)},
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=metadata["source"])},
    )


def to_nodes(chunk: Chunk, seen: set[str]) -> list[TextNode]:
    """The chunk row and the rows of its sentences not already written for an earlier chunk."""
    common = {"source": chunk.source, "language": chunk.language, "file_hash": chunk.file_hash,
              "page": chunk.page}
    nodes = [_node(chunk.id, chunk.text, {
        **common, "kind": CHUNK, "start": chunk.start, "end": chunk.end,
        "terms": " ".join(terms(chunk.text, chunk.language)),
    })]
    for s in sentences(chunk.text):
        start, end = chunk.start + s.start, chunk.start + s.end
        node_id = sentence_id(chunk.source, start, end, s.text)
        if node_id not in seen:
            seen.add(node_id)
            nodes.append(_node(node_id, s.text, {
                **common, "kind": SENTENCE, "start": start, "end": end, "chunk_id": chunk.id,
                "untrusted": is_instruction(s.text),
            }))
    return nodes



def chunk_of(chunk_id: str, text: str, metadata: dict) -> Chunk:
    """The ``Chunk`` a chunk row holds."""
    return Chunk(
        chunk_id, text, metadata["source"], metadata["language"],
        int(metadata["start"]), int(metadata["end"]), metadata["file_hash"],
        int(metadata.get("page", 1)),  # rows indexed before pages were stored: text files, page 1
    )
