"""The nouns of the pipeline: what a chunk, a hit and its sentences, a citation and an answer are."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Chunk:
    """A passage of a corpus file: ``file_text[start:end] == text``."""

    id: str
    text: str
    source: str  # path relative to the corpus dir
    language: str  # ISO 639-1
    start: int
    end: int
    file_hash: str
    page: int = 1  # 1-based page of ``start`` (a chunk never spans pages); text files: 1


@dataclass
class Sentence:
    """A sentence of a retrieved chunk, as indexing stored it: ``file_text[start:end] == text``."""

    id: str  # its sentence row in the index
    start: int  # offsets in the source file
    end: int
    text: str
    tokens: int
    vector: list[float] | None = None  # the e5 passage vector stored at index time, if any


@dataclass
class Hit:
    """A retrieved chunk with the evidence for its rank, and its sentences once answering needs them."""

    chunk: Chunk
    score: float  # fused (reciprocal rank fusion) score
    dense_score: float | None = None  # cosine similarity, when the dense retriever found it
    lexical_score: float | None = None  # BM25 score, when the lexical retriever found it
    sentences: list[Sentence] = field(default_factory=list)  # HybridRetriever.with_sentences


@dataclass
class Citation:
    """What an ``[n]`` marker points to: a span of a corpus file."""

    n: int
    source: str
    chunk_id: str
    start: int
    end: int
    quote: str
    score: float
    page: int = 1  # 1-based page of the cited span; text files: 1


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation]
    abstained: bool
    language: str
    answered_by: str  # the backend that wrote ``text``: "extractive", "llamacpp", "ollama"
    timings_ms: dict[str, float]
    query: str = ""  # the standalone query that was retrieved with
    hits: list[Hit] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # sentences verification removed
    warnings: list[str] = field(default_factory=list)
    # backends asked before ``answered_by`` that could not run here (``auto`` skipped them)
    fallback_from: list[str] = field(default_factory=list)
    # the answerability model's verdict on the evidence: {"probability": p, "threshold": t}
    answerability: dict = field(default_factory=dict)

    @property
    def backend(self) -> str:
        """For people: who answered, and instead of whom."""
        if not self.fallback_from:
            return self.answered_by
        return f"{self.answered_by} (fallback from {', '.join(self.fallback_from)})"

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "language": self.language,
            "backend": self.backend,
            "answered_by": self.answered_by,
            "fallback_from": self.fallback_from,
            "citations": [asdict(c) for c in self.citations],
            "timings_ms": self.timings_ms,
            "dropped": self.dropped,
            "warnings": self.warnings,
            "answerability": self.answerability,
        }
