"""One typed settings object. Only this module reads the environment.

Every field can be set as ``ASSISTANT_<FIELD>`` (e.g. ``ASSISTANT_CORPUS_DIR``); the Ollama host
also honours the standard ``OLLAMA_HOST``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_QUESTION_CHARS = 4000


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Field(
        Path("seeds"), description="Folder of documents to index (text, PDF, DOCX, HTML, Markdown)."
    )
    index_dir: Path = Field(Path("index"), description="Folder of the embedded Chroma store.")
    chroma_url: str | None = Field(
        None, description="Chroma server URL (http://host:port); replaces the embedded store."
    )
    collection: str = Field("assistant", min_length=3, description="Chroma collection name prefix.")

    embed_backend: Literal["e5", "ollama"] = Field("e5", description="Embedding backend.")
    embed_model: str = Field(
        "multilingual-e5-small", description="Embedding model (an Ollama model name for `ollama`)."
    )

    max_file_mb: float = Field(
        5.0, gt=0, description="Larger files are skipped with a warning (e5 embeds ~1 MB in 15 min here)."
    )
    max_pages: int = Field(
        2000, ge=1, description="PDFs with more pages are skipped with a warning (a 2,000-page text layer "
        "is ~5 MB of text: about an hour of e5 embedding on 2 cores).",
    )
    max_unzipped_mb: float = Field(
        100.0, gt=0, description="DOCX files that unzip to more are skipped as a likely decompression bomb "
        "(a long genuine report unzips to a few MB).",
    )
    chunk_tokens: int = Field(200, ge=40, le=500, description="Target maximum tokens per chunk.")
    chunk_min_tokens: int = Field(100, ge=1, description="Chunks shorter than this are merged.")
    chunk_overlap_sentences: int = Field(1, ge=0, le=3, description="Sentences repeated between chunks.")

    top_k: int = Field(5, ge=1, le=50, description="Passages handed to the answer step.")
    candidates: int = Field(30, ge=5, le=500, description="Candidates per retriever before fusion.")
    max_per_source: int = Field(1, ge=1, description="Passages per file before others get a turn.")

    backend: str = Field("auto", description="Answer backend: auto, extractive, llamacpp or ollama.")
    false_refusal: float | None = Field(
        None, ge=0.01, le=0.5,
        description="Target share of answerable questions refused: sets the cut on the answerability "
        "model's probability (assistant/answer/answerable.json); lower answers more, and more wrongly. Unset: "
        "0.3 for the extractive backend (chosen on the seeds' dev split: it refused 0.41 of the unanswerables "
        "and answered 0.76 of the rest; 0.73 and 0.78 with llm_reader) and 0.1 for LLM backends, which refuse "
        "look-alikes themselves.",
    )
    ollama_host: str = Field(
        "http://127.0.0.1:11434",
        validation_alias=AliasChoices("ASSISTANT_OLLAMA_HOST", "OLLAMA_HOST"),
        description="Ollama server for the `ollama` backend and embeddings.",
    )
    ollama_model: str = Field("qwen2.5:3b-instruct", description="Ollama chat model.")
    ollama_context: int = Field(8192, ge=512, description="Context window asked of Ollama (num_ctx).")
    gguf_path: Path | None = Field(
        None, description="GGUF file for `llamacpp`; default: the bundled Qwen2.5-Coder-1.5B-Instruct."
    )
    model_dir: Path = Field(
        Path("~/.cache/assistant/models").expanduser(),
        description="Folder where the bundled GGUF is joined (1.1 GB, once) and the gate's prompt cache is kept.",
    )
    evidence_tokens: int = Field(
        400, ge=50, le=4000, description="LLM backends: at most this many tokens of evidence sentences in the "
        "prompt (the best 6 by the learned ranking; evals/tune_evidence.py); each 63 tokens cost ~1 s on 2 cores "
        "before the first word.",
    )
    unsupported: Literal["drop", "mark"] = Field(
        "drop", description="LLM answers: drop sentences the sources do not support, or mark them."
    )
    llm_judge: bool = Field(
        False, description="llamacpp answers: also ask the model whether each cited sentence states the claim "
        "(read from its token probabilities; ~2 s a sentence on 2 cores). Off: on the test split of "
        "evals/gold/claims.jsonl it rejected more wrong claims but also dropped right ones (evals/RESULTS.md)."
    )
    llm_reader: bool = Field(
        True, description="Extractive answers: when llama.cpp and a model (gguf_path or the bundled Qwen) are "
        "installed, the model also judges whether the best sentences answer the question, read from its token "
        "probabilities (~1.6 s a question on 2 cores, the model loaded once). On the seeds' test split it raised "
        "reject recall from 0.364 to 0.545 and answerable recall from 0.805 to 0.839 (README). Without "
        "llama.cpp, or off, the retrieval features decide alone.",
    )
    llm_revise: bool = Field(
        False, description="LLM answers: when verification drops every sentence of an answer, ask the model once "
        "more, telling it which sentences the sources do not support and why, before refusing. Off: on the seeds' "
        "dev split the bundled model was asked 35 times and none of its revised answers was kept, at ~4.5 s each.",
    )
    request_timeout: float = Field(120.0, gt=0, description="Seconds to wait for an LLM.")

    web_user: str = Field("assistant", description="User name for the page when a password is set.")
    web_password: SecretStr | None = Field(
        None, description="Password for the page; required to serve beyond localhost (never shown in logs)."
    )

    api_tokens: str = Field(
        "", description="Bearer tokens of the HTTP API (/v1), stored hashed: comma-separated sha256 hex digests, "
        "as `assistant token` prints them. Required to serve beyond localhost; when set, every /v1 request needs one.",
    )
    api_rate_limit: int = Field(
        60, ge=0, description="API requests per minute per token (per client address without tokens); 0: no limit."
    )
    api_max_body_kb: int = Field(
        256, ge=1, description="Largest API request body in KB; an upload to /v1/documents may be max_file_mb."
    )
    api_concurrency: int = Field(
        2, ge=1, le=16, description="Answers the API computes at once (on 2 cores more only slows each one)."
    )
    api_max_waiting: int = Field(
        8, ge=0, description="API answers allowed to wait for a free slot; more are refused with HTTP 429 and "
        "Retry-After instead of piling up.",
    )

    debug: bool = Field(False, description="Show tracebacks.")

    @field_validator("api_tokens")
    @classmethod
    def _digests(cls, value: str) -> str:
        for digest in filter(None, (d.strip() for d in value.split(","))):
            if not re.fullmatch(r"[0-9a-f]{64}", digest):
                raise ValueError("holds sha256 hex digests, not tokens: run `assistant token` and use the hash it prints")
        return value

    @property
    def token_hashes(self) -> frozenset[str]:
        return frozenset(filter(None, (d.strip() for d in self.api_tokens.split(","))))
