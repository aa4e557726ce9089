"""Bad input, each case tried and recorded in docs/RELIABILITY.md: questions, corpus files and
settings. Each ends in one clear line that names the fix, and nothing already indexed is lost."""
import os
import random
import shutil
from pathlib import Path

import pytest

from assistant import UsageError
from assistant.index.store import stored_metadata
from assistant.ingest.read import read_corpus, read_source
from assistant.web import source_card

from .conftest import free_port, make_assistant
from .fixture_corpus import write_corpus
from .test_cli import run

QUESTIONS, FILES, SETTINGS = "Bad input: questions", "Bad input: corpus files", "Bad input: settings"
LATIN1_FR = ("La bibliothèque municipale de Quimperlé possède 48 500 livres anciens. Elle a été rénovée "
             "en 2018 grâce à un don de la famille Kérouac. Ses manuscrits les plus précieux datent du "
             "treizième siècle.\n")
GB18030_ZH = "梅林水库的蓄水量为1.8亿立方米，于2011年建成。水库为周边三个城市提供饮用水。\n"
SECRET = "The vault combination is 31-41-59."


def case(area, name):
    return pytest.mark.case(area, name)


def rows(assistant) -> dict[str, dict]:
    return dict(stored_metadata(assistant.store.active()))


@pytest.mark.parametrize("question,message", [
    pytest.param("", "the question is empty: type a question", marks=case(QUESTIONS, "empty"), id="empty"),
    pytest.param(" \n\t ", "the question is empty", marks=case(QUESTIONS, "whitespace only"), id="blank"),
    pytest.param("x" * 1_000_000, "the limit is 4,000: shorten it", marks=case(QUESTIONS, "1 MB long"), id="1MB"),
    pytest.param("\x00\x1b[31m\x07\x7f", "the question is empty", marks=case(QUESTIONS, "control characters only"),
                 id="control-only"),
    pytest.param(None, "the question is empty", marks=case(QUESTIONS, "None from the Python API"), id="none"),
])
def test_bad_question_is_one_line_naming_the_fix(small_assistant, observed, question, message):
    before = small_assistant.store.active().count()
    with pytest.raises(UsageError) as error:
        small_assistant.ask(question)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert small_assistant.store.active().count() == before
    observed(f"UsageError: {error.value}")


@pytest.mark.parametrize("question,source,expected", [
    pytest.param("How many containers did the harbour of Port Valen\x00 handle in 2023?\x1b[0m", "harbour.txt",
                 "7.2 million", marks=case(QUESTIONS, "control characters inside a real question"), id="control"),
    pytest.param("Port Valen 港口 2023年 handled combien de conteneurs ?", "harbour.txt", "7.2 million",
                 marks=case(QUESTIONS, "mixed scripts (English, Chinese, French)"), id="mixed"),
    pytest.param("How many visitors did the Morlaix music festival attract in 2022?", "festival_fr.txt",
                 "86 000", marks=case(QUESTIONS, "answer only in another language's file"), id="cross"),
])
def test_odd_questions_are_answered_from_the_right_file(small_assistant, observed, question, source, expected):
    answer = small_assistant.ask(question, backend="extractive")
    assert not any(ch in answer.question for ch in "\x00\x1b")
    assert any(c.source == source and expected in c.quote for c in answer.citations), answer.text
    observed(f"answered from {source}: {answer.text[:90]!r}")


@case(QUESTIONS, "only emoji")
def test_emoji_only_question_abstains(small_assistant, observed):
    answer = small_assistant.ask("😀🚢⚓️🇸🇬", backend="extractive")
    assert answer.abstained and answer.citations == [] and answer.language == "und"
    observed(f"abstained: {answer.text!r} (language {answer.language})")


@case(QUESTIONS, "terminal escape codes through the CLI")
def test_cli_strips_escape_codes(small_assistant, observed):
    s = small_assistant.settings
    result = run(["ask", "\x1b]0;pwned\x07\x1b[2J How many containers did Port Valen handle in 2023?"],
                 corpus_dir=s.corpus_dir, index_dir=s.index_dir)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "7.2 million" in result.stdout
    observed(f"exit 0, no escape code echoed; {result.stdout.strip().splitlines()[0][:80]!r}")


def _bad_files(corpus: Path, outside: Path) -> dict[str, str]:
    """Every kind of bad file, and the words the warning about it must contain."""
    rnd = random.Random(7)
    (corpus / "latin1_fr.txt").write_bytes(LATIN1_FR.encode("latin-1"))
    (corpus / "gb18030_zh.txt").write_bytes(GB18030_ZH.encode("gb18030"))
    (corpus / "harbour_copy.txt").write_bytes((corpus / "harbour.txt").read_bytes())
    (corpus / "damaged_utf8.txt").write_bytes(
        "Le théâtre a été rénové en 2019 et accueille 900 spectateurs chaque soir.".encode()[:-3] + b"\xc3")
    (corpus / "unknown_encoding.txt").write_bytes(bytes(rnd.randrange(0x80, 0x100) for _ in range(400)))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "big.txt").write_bytes(b"harbour " * 1_250_000)  # 10 MB
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (corpus / "outside_link.txt").symlink_to(outside / "secret.txt")
    (corpus / "loop_a.txt").symlink_to(corpus / "loop_b.txt")
    (corpus / "loop_b.txt").symlink_to(corpus / "loop_a.txt")
    (corpus / "linked_dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(corpus / "pipe.txt")
    return {
        "damaged_utf8.txt": "invalid UTF-8 at byte", "unknown_encoding.txt": "encoding cannot be told apart",
        "empty.txt": "empty", "image.png": "binary", "big.txt": "larger than 5 MB: raise ASSISTANT_MAX_FILE_MB",
        "outside_link.txt": "outside the corpus (not followed)", "loop_a.txt": "symlink loop",
        "loop_b.txt": "symlink loop", "linked_dir/": "linked folder (not followed)", "pipe.txt": "not a regular file",
    }


@case(FILES, "invalid UTF-8, unknown encoding, 0-byte, binary, 10 MB, symlink out, symlink loop, "
             "linked folder, FIFO — all at once, through `assistant index`")
def test_bad_files_are_skipped_one_line_each_and_nothing_is_lost(tmp_path, e5, observed):
    corpus, outside = write_corpus(tmp_path / "corpus"), tmp_path / "outside"
    outside.mkdir()
    before = make_assistant(corpus, tmp_path / "index", e5)
    before.index()
    indexed = rows(before)
    expected = _bad_files(corpus, outside)

    result = run(["index"], corpus_dir=corpus, index_dir=tmp_path / "index")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING: skipped")]
    assert len(warnings) == len(expected), result.stderr
    for name, words in expected.items():
        [line] = [w for w in warnings if w.startswith(f"WARNING: skipped {name}:")]
        assert words in line
        observed(f"{line.removeprefix('WARNING: ')}")
    assert "Traceback" not in result.stderr

    after = make_assistant(corpus, tmp_path / "index", e5)
    stored = rows(after)
    assert set(indexed) <= set(stored)  # nothing indexed before was lost
    sources = {m["source"] for m in stored.values()}
    assert sources == {*indexed_sources(indexed), "latin1_fr.txt", "gb18030_zh.txt", "harbour_copy.txt"}
    assert not any(SECRET in (after.store.active().get(ids=[i])["documents"][0]) for i in stored)
    assert run(["index"], corpus_dir=corpus, index_dir=tmp_path / "index").stdout.startswith("index up to date")
    observed(f"stdout: {result.stdout.strip()}; the next run: index up to date")


def indexed_sources(metadata: dict[str, dict]) -> set[str]:
    return {m["source"] for m in metadata.values()}


@pytest.mark.parametrize("encoding,text,question,expected", [
    pytest.param("latin-1", LATIN1_FR, "Combien de livres anciens possède la bibliothèque de Quimperlé ?", "48 500",
                 marks=case(FILES, "Latin-1 French file"), id="latin-1"),
    pytest.param("gb18030", GB18030_ZH, "梅林水库的蓄水量是多少？", "1.8亿立方米",
                 marks=case(FILES, "GB18030 Chinese file"), id="gb18030"),
    pytest.param("latin-1", LATIN1_FR, "How many old books does the Quimperlé library own?", "48 500",
                 marks=case(FILES, "Latin-1 French file, English question"), id="latin-1-en"),
])
def test_legacy_encodings_are_read_and_cited_exactly(tmp_path, e5, observed, encoding, text, question, expected):
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "legacy.txt").write_bytes(text.encode(encoding))
    assistant = make_assistant(corpus, tmp_path / "index", e5)
    report = assistant.index()
    assert "legacy.txt" in report.changed and not report.skipped
    answer = assistant.ask(question, backend="extractive")
    [citation] = [c for c in answer.citations if c.source == "legacy.txt"]
    assert expected in citation.quote
    decoded, _ = read_source(corpus, "legacy.txt")  # the page's source viewer reads it the same way
    assert decoded == text and decoded[citation.start : citation.end] == citation.quote
    observed(f"read as {[f.encoding for f in read_corpus(corpus)[0] if f.source == 'legacy.txt'][0]}; "
             f"answered {answer.text[:70]!r}, quote round-trips")


@case(FILES, "duplicate of another file")
def test_duplicate_file_is_indexed_under_both_names_and_embedded_once(tmp_path, e5, observed):
    corpus = write_corpus(tmp_path / "corpus")
    shutil.copy(corpus / "harbour.txt", corpus / "harbour_copy.txt")
    assistant = make_assistant(corpus, tmp_path / "index", e5)
    report = assistant.index()
    sources = [m["source"] for m in rows(assistant).values()]
    assert sources.count("harbour.txt") == sources.count("harbour_copy.txt") > 0
    assert report.embedded == len(sources) - sources.count("harbour_copy.txt")  # its text embedded once
    answer = assistant.ask("How many containers did Port Valen handle in 2023?", backend="extractive")
    assert answer.citations and answer.citations[0].source in ("harbour.txt", "harbour_copy.txt")
    observed(f"both names indexed; {report.embedded} texts embedded for "
             f"{len(sources)} rows (the copy's text once); answer cites {answer.citations[0].source}")


@case(FILES, "a file that changes while indexing")
def test_file_edited_mid_index_is_reported_and_picked_up_next_time(tmp_path, e5, observed):
    corpus = write_corpus(tmp_path / "corpus")
    harbour = corpus / "harbour.txt"

    class EditsTheFileMeanwhile:
        """e5, editing the file while it embeds (the retriever built after indexing keeps it: it must
        embed questions too)."""

        def get_text_embedding_batch(self, texts, **kwargs):
            harbour.write_text("Port Valen now handles 9.9 million containers a year.\n", encoding="utf-8")
            return e5.get_text_embedding_batch(texts, **kwargs)

        def __getattr__(self, name):
            return getattr(e5, name)

    assistant = make_assistant(corpus, tmp_path / "index", e5)
    assistant.embedding = EditsTheFileMeanwhile()
    report = assistant.index()
    [warning] = [w for w in report.skipped if "changed while" in w]
    assert warning == "harbour.txt changed while it was being indexed: run `assistant index` again"

    assistant.embedding = e5
    stale = assistant.ask("How many containers did Port Valen handle in 2023?", backend="extractive")
    card = source_card(stale, 1, corpus, stale.citations[0].n)  # the page's viewer, before re-indexing
    assert "changed since it was indexed" in card and "9.9 million" not in card

    again = assistant.index()
    assert again.changed == ["harbour.txt"]
    answer = assistant.ask("How many containers does Port Valen handle a year?", backend="extractive")
    assert "9.9 million" in answer.text and answer.citations[0].source == "harbour.txt"
    text, _ = read_source(corpus, "harbour.txt")
    assert text[answer.citations[0].start : answer.citations[0].end] == answer.citations[0].quote
    observed(f"warning: {warning}; until then the source viewer says the file changed since it was indexed; "
             f"the next run re-indexed {again.changed} and the answer cites the new text")


@case(FILES, "a file without read permission")
def test_unreadable_file_is_skipped_with_a_warning(tmp_path, observed):
    corpus = write_corpus(Path(tmp_path_world_readable(tmp_path)) / "corpus")
    locked = corpus / "locked.txt"
    locked.write_text("Nobody may read this.", encoding="utf-8")
    locked.chmod(0)
    files, warnings = read_as_unprivileged_user(corpus)
    assert "locked.txt" not in files and len(files) == 4
    assert warnings == ["skipped locked.txt: cannot read it (Permission denied): check its permissions"]
    observed(warnings[0])


def tmp_path_world_readable(tmp_path: Path) -> Path:
    """pytest's tmp dirs are private to root; an unprivileged reader needs a way in."""
    for part in [tmp_path, *tmp_path.parents]:
        if str(part) in ("/", "/tmp"):
            break
        part.chmod(part.stat().st_mode | 0o755)
    return tmp_path


def read_as_unprivileged_user(corpus: Path):
    """``read_corpus`` as this user, or, under root (who may read anything), in a child process
    that has dropped to ``nobody``."""
    if os.geteuid() != 0:
        files, warnings = read_corpus(corpus)
        return [f.source for f in files], warnings
    import json

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, read, report, exit without cleanup handlers
        try:
            os.setgid(65534)
            os.setuid(65534)
            files, warnings = read_corpus(corpus)
            os.write(write_end, json.dumps([[f.source for f in files], warnings]).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        out = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(out)


@pytest.mark.parametrize("args,settings,message", [
    pytest.param(["ask", "bail?"], {"backend": "gpt9"}, "unknown backend 'gpt9': choose one of auto, extractive",
                 marks=case(SETTINGS, "unknown backend (ASSISTANT_BACKEND)"), id="backend"),
    pytest.param(["ask", "bail?", "--top-k", "0"], {}, "top-k must be between 1 and 50",
                 marks=case(SETTINGS, "top-k 0 (--top-k)"), id="top-k-0"),
    pytest.param(["ask", "bail?"], {"top_k": "51"}, "setting top_k: Input should be less than or equal to 50",
                 marks=case(SETTINGS, "top-k 51 (ASSISTANT_TOP_K)"), id="top-k-51"),
    pytest.param(["ask", "bail?"], {"top_k": "many"}, "setting top_k: Input should be a valid integer",
                 marks=case(SETTINGS, "top-k not a number"), id="top-k-nan"),
    pytest.param(["ask", "bail?"], {"chroma_url": "http://127.0.0.1:PORT"}, "cannot reach the Chroma server",
                 marks=case(SETTINGS, "unreachable Chroma URL"), id="chroma"),
    pytest.param(["ask", "bail?", "--backend", "llamacpp"], {"gguf_path": "/nonexistent/model.gguf"},
                 "GGUF file not found: /nonexistent/model.gguf: set ASSISTANT_GGUF_PATH",
                 marks=case(SETTINGS, "missing GGUF path"), id="gguf"),
    pytest.param(["index"], {"max_file_mb": "-1"}, "setting max_file_mb: Input should be greater than 0",
                 marks=case(SETTINGS, "negative ASSISTANT_MAX_FILE_MB"), id="max-file"),
])
def test_bad_setting_is_one_line_naming_the_fix(small_assistant, observed, monkeypatch, capsys, args, settings,
                                               message):
    """In-process ``assistant.cli.main`` (the same code path as the command, without paying for a
    new interpreter per case)."""
    from assistant.cli import main

    s = small_assistant.settings
    before = small_assistant.store.active().count()
    for key in [k for k in os.environ if k.startswith("ASSISTANT_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("OLLAMA_HOST", f"http://127.0.0.1:{free_port()}")
    values = {"corpus_dir": str(s.corpus_dir), "index_dir": str(s.index_dir), **settings}
    for key, value in values.items():
        monkeypatch.setenv(f"ASSISTANT_{key.upper()}", value.replace("PORT", str(free_port())))
    code = main(args)
    lines = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(lines) == 1 and lines[0].startswith("error: "), lines
    assert message in lines[0]
    assert small_assistant.store.active().count() == before
    observed(f"exit {code}: {lines[0]}")
