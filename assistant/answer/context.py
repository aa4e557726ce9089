"""What an answer backend is built with — never the whole ``Assistant``.

``Assistant.answer_context()`` makes one; a backend reads the settings, embeds with the e5 model,
weighs question terms by their BM25 IDF, and shares the loaded LLMs (``llms``, by backend name:
each model is loaded once per assistant). What it answers from, the hits and their sentences with
their stored vectors, comes with each question.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..settings import Settings


@dataclass
class Context:
    settings: Settings
    embedding: Any  # a llama-index BaseEmbedding
    term_weight: Callable[[str], float]
    llms: dict = field(default_factory=dict)
