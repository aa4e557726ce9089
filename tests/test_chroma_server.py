"""The same pipeline against a real Chroma server (`chroma run` on 127.0.0.1)."""
from .conftest import FRENCH, MIXED, make_assistant


def test_index_and_answer_through_a_chroma_server(corpus, tmp_path, e5, chroma_server):
    writer = make_assistant(corpus, tmp_path / "unused", e5, chroma_url=chroma_server)
    report = writer.index()
    assert len(report.changed) == 5
    # nothing went to an embedded store; the index dir holds only the local BM25 snapshot
    assert not (tmp_path / "unused" / "chroma.sqlite3").exists()
    assert [p.name for p in (tmp_path / "unused").iterdir()] == ["lexical"]

    # a second assistant (another process would do the same) shares the server's index
    reader = make_assistant(corpus, tmp_path / "unused", e5, chroma_url=chroma_server)
    answer = reader.ask("How much was Durov's bail?")
    assert "5 millions" in answer.text and answer.citations[0].source == FRENCH
    hits = reader.retrieve("How many items did Telegram remove at the Korean regulator's request?")
    assert any(h.chunk.source == MIXED and "25 项" in h.chunk.text for h in hits)

    assert writer.index().changed == []  # incremental against the server too
