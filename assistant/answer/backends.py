"""Answer backends, registered by name. ``auto`` takes the first one that can run here."""
from __future__ import annotations

from collections.abc import Iterator

from ..errors import BackendUnavailable
from ..retrieve.analysis import terms
from ..schema import Answer, Hit
from . import extractive


class Extractive:
    """No LLM: the best sentences of the retrieved passages, verbatim and cited."""

    name = "extractive"

    def __init__(self, assistant):
        self.assistant = assistant

    def stream(self, question: str, language: str, hits: list[Hit]) -> Iterator[str | Answer]:
        a = self.assistant
        scored = extractive.score_sentences(
            question,
            a.embedding.get_query_embedding(question),
            terms(question, language),
            hits,
            a.sentence_vectors,
            a.retriever.lexical.weight,
        )
        citations = extractive.extract(scored, a.settings.abstain_threshold)
        text = extractive.render(citations) or extractive.not_in_corpus(language)
        yield text
        yield Answer(question, text, citations, not citations, language, self.name, {}, question, hits)


REGISTRY = {"extractive": Extractive}
AUTO_ORDER = ("extractive",)


def get(name: str, assistant):
    if name == "auto":
        name = next(n for n in AUTO_ORDER if n in REGISTRY)
    if name not in REGISTRY:
        raise BackendUnavailable(f"the {name!r} backend is not available yet: use --backend extractive")
    return REGISTRY[name](assistant)
