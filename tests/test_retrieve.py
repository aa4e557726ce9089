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


# -- the BM25 snapshot saved with the index -----------------------------------------------------------
def test_bm25_snapshot_is_saved_with_the_index_and_loaded_after_a_restart(corpus, tmp_path, e5, monkeypatch):
    from assistant.retrieve import hybrid

    from .conftest import make_assistant

    first = make_assistant(corpus, tmp_path / "index", e5)
    first.index()
    snapshots = list((tmp_path / "index" / "lexical").iterdir())
    assert len(snapshots) == 1  # written by `assistant index`, before any question
    questions = ["Berapa lama Telegram diblokir di Rusia?", "Durov caution 5 millions", "杜罗夫 保释金"]
    before = [first.retriever.lexical_ranking(q, 10) for q in questions]

    def no_row_reads(*args, **kwargs):
        raise AssertionError("BM25 was rebuilt from the stored rows")

    monkeypatch.setattr(hybrid, "stored_metadata", no_row_reads)
    restarted = make_assistant(corpus, tmp_path / "index", e5)  # a new process would do this
    assert [restarted.retriever.lexical_ranking(q, 10) for q in questions] == before
    answer = restarted.ask("How much was Durov's bail?", backend="extractive")  # answered from the French file
    assert answer.citations[0].source == FRENCH and "5 millions" in answer.citations[0].quote
    monkeypatch.undo()

    # a change names a new snapshot; the old one goes; the new file's words are found by BM25
    (corpus / "harbour.txt").write_text("Pelabuhan Tanjung Priok menangani tujuh juta peti kemas.\n", encoding="utf-8")
    first.index()
    after = list((tmp_path / "index" / "lexical").iterdir())
    assert len(after) == 1 and after != snapshots
    again = make_assistant(corpus, tmp_path / "index", e5)
    best, _ = again.retriever.lexical_ranking("Tanjung Priok peti kemas", 3)[0]
    assert again.retriever.chunks([best])[0].source == "harbour.txt"


def test_a_damaged_bm25_snapshot_is_rebuilt_with_a_warning(corpus, tmp_path, e5, caplog):
    from assistant.retrieve.lexical import LexicalIndex

    from .conftest import make_assistant

    make_assistant(corpus, tmp_path / "index", e5).index()
    (snapshot,) = (tmp_path / "index" / "lexical").iterdir()
    (snapshot / "chunks.json").write_text("{ not json", encoding="utf-8")
    bot = make_assistant(corpus, tmp_path / "index", e5)
    answer = bot.ask("Berapa uang jaminan Durov?", backend="extractive")  # Indonesian, the answer in French
    assert answer.citations and answer.citations[0].source == FRENCH
    assert any("BM25 snapshot" in r.getMessage() and "rebuilding" in r.getMessage() for r in caplog.records)
    assert LexicalIndex.load(snapshot) is not None  # written again, whole


def test_a_removed_document_leaves_no_bm25_snapshot_behind(corpus, tmp_path, e5):
    """Removed from the index (the Documents tab, DELETE /v1/documents): a restarted process's BM25
    must not hold its chunks (they would be ranked, then found nowhere)."""
    from .conftest import make_assistant

    bot = make_assistant(corpus, tmp_path / "index", e5)
    bot.index()
    assert FRENCH in {bot.retriever.chunks([i])[0].source for i, _ in bot.retriever.lexical_ranking("caution Durov", 10)}
    bot.remove_document(FRENCH)
    restarted = make_assistant(corpus, tmp_path / "index", e5)
    assert FRENCH not in {source for source, _ in restarted.retriever.lexical.places}  # its chunk table
    assert restarted.retriever.lexical.size == len(restarted.retriever.lexical.places) > 0
    answer = restarted.ask("Quel est le montant de la caution de Durov ?", backend="extractive")
    assert FRENCH not in {c.source for c in answer.citations}
