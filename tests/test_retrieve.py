"""Hybrid retrieval across languages on the seeds, with the real e5 model and Chroma."""
import numpy as np
import pytest

from assistant.retrieve.hybrid import diversify, fuse

from .conftest import FRENCH, INDONESIAN, MIXED

# (question, the only file that states the answer, a string of the answer in that file)
ONLY_IN_ANOTHER_LANGUAGE = [
    ("How much was Durov's bail?", FRENCH, "5 millions d’euros"),
    ("In which years was Telegram blocked in Russia?", INDONESIAN, "2018 hingga 2020"),
    ("How many items did Telegram remove at the Korean regulator's request?", MIXED, "25 项"),
    ("Berapa uang jaminan Durov?", FRENCH, "5 millions d’euros"),
    ("杜罗夫的保释金是多少？", FRENCH, "5 millions d’euros"),
    ("Combien d'années Telegram a-t-il été bloqué en Russie ?", INDONESIAN, "2018 hingga 2020"),
]


@pytest.mark.parametrize("question,source,answer", ONLY_IN_ANOTHER_LANGUAGE)
def test_answer_only_in_another_language_is_retrieved(seeds_assistant, question, source, answer):
    hits = seeds_assistant.retrieve(question)
    assert len(hits) == 5
    assert any(h.chunk.source == source and answer in h.chunk.text for h in hits), [
        (h.chunk.source, h.chunk.language) for h in hits]


def test_hits_carry_exact_offsets_and_languages(seeds_assistant):
    corpus = seeds_assistant.settings.corpus_dir
    for hit in seeds_assistant.retrieve("Pourquoi Durov a-t-il été arrêté ?"):
        text = (corpus / hit.chunk.source).read_text(encoding="utf-8")
        assert text[hit.chunk.start : hit.chunk.end] == hit.chunk.text
        assert hit.chunk.language in {"en", "fr", "id", "zh"}


@pytest.mark.parametrize("question", ["How much was Durov's bail?", "杜罗夫的保释金是多少？"])
def test_hits_carry_their_sentences_with_the_stored_vectors(seeds_assistant, question):
    """Answering reads sentences, offsets and vectors from the hits: nothing re-split or re-embedded."""
    corpus = seeds_assistant.settings.corpus_dir
    hits = seeds_assistant.retrieve(question)
    assert any("5 millions" in s.text for h in hits for s in h.sentences)  # the French sentence
    for hit in hits:
        text = (corpus / hit.chunk.source).read_text(encoding="utf-8")
        assert hit.sentences
        for s in hit.sentences:
            assert text[s.start : s.end] == s.text and hit.chunk.start <= s.start < s.end <= hit.chunk.end
            assert s.id.startswith("s") and s.vector is not None
    some = hits[0].sentences[0]
    fresh = seeds_assistant.embedding.get_text_embedding(some.text)
    assert float(np.dot(fresh, some.vector)) > 0.99  # the stored vector is this sentence's own


def test_no_single_file_takes_every_slot(seeds_assistant):
    hits = seeds_assistant.retrieve("What did Durov say about Telegram's moderation?")
    per_file = {}
    for h in hits:
        key = h.chunk.source, h.chunk.language
        per_file[key] = per_file.get(key, 0) + 1
    assert max(per_file.values()) <= seeds_assistant.settings.max_per_source
    assert len(per_file) >= 3


def test_lexical_retrieval_uses_the_documents_language(seeds_assistant):
    retriever = seeds_assistant.retriever
    hits = retriever.bm25("libérée sous caution", 5, "fr")
    assert hits and hits[0].chunk.source == FRENCH
    assert retriever.bm25("删除 性剥削 材料", 5, "zh")[0].chunk.source == MIXED


def test_fusion_rewards_agreement_and_diversify_spreads_files():
    scores = fuse([["a", "b", "c"], ["b", "c", "a"]])
    assert max(scores, key=scores.get) == "b"
    place = {"1": ("x", "en"), "2": ("x", "en"), "3": ("x", "en"), "4": ("y", "en")}
    assert diversify(["1", "2", "3", "4"], place, 3, 2) == ["1", "2", "4"]
    assert diversify(["1", "2", "3"], place, 3, 2) == ["1", "2", "3"]  # refill when alone
    place = {"a": ("x", "en"), "b": ("y", "en"), "c": ("z", "en"), "d": ("w", "fr")}
    assert diversify(["a", "b", "c", "d"], place, 3, 1) == ["a", "b", "d"]  # half the slots per language
