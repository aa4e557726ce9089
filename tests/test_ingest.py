"""Reading, splitting and language detection on the multilingual seeds."""
import json
from pathlib import Path

import pytest

from assistant.ingest.language import SURE, _detector, by_function_words, conversation, detect, follow_up
from assistant.ingest.read import read_corpus
from assistant.ingest.split import chunk_spans, count_tokens, sentences

from .conftest import MIXED, ROOT, SEEDS


def test_sentences_end_at_latin_and_cjk_marks_with_exact_offsets():
    text = "Il a payé 5 M€. Puis il est parti！韩国监管机构称。删除了 25 项。\nLast line"
    found = sentences(text)
    assert [s.text for s in found] == ["Il a payé 5 M€.", "Puis il est parti！", "韩国监管机构称。", "删除了 25 项。",
                                       "Last line"]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_abbreviations_do_not_end_sentences():
    assert [s.text for s in sentences("Mr. Durov left the U.S. on Monday. He came back.")] == [
        "Mr. Durov left the U.S. on Monday.", "He came back."]


def test_every_seed_chunk_round_trips_and_respects_size():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        chunks = chunk_spans(text, max_tokens=200, min_tokens=100, overlap=1)
        assert chunks, path
        for c in chunks:
            assert text[c.start : c.end] == c.text
            assert count_tokens(c.text) <= 300  # a short tail may be merged into the last chunk
        covered = "".join(text[c.start:c.end] for c in chunks)
        assert all(s.text in covered for s in sentences(text))  # nothing is lost


def test_a_sentence_longer_than_a_chunk_is_cut():
    text = "mot " * 1000 + "。" + "字" * 900
    chunks = chunk_spans(text, max_tokens=200, min_tokens=100)
    assert all(count_tokens(c.text) <= 300 for c in chunks)
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_mixed_file_gives_english_and_chinese_chunks():
    text = (SEEDS / MIXED).read_text(encoding="utf-8")
    languages = [detect(c.text) for c in chunk_spans(text)]
    assert languages[0] == "en"
    assert "zh" in languages
    for c in chunk_spans(text):  # no chunk mixes scripts: Chinese chunks are wholly Chinese
        if detect(c.text) == "zh":
            assert "Thanks everyone" not in c.text


def test_detect_languages_of_questions_and_passages():
    assert detect("How much was Durov's bail?") == "en"
    assert detect("Combien Durov a-t-il payé de caution ?") == "fr"
    assert detect("Berapa uang jaminan Durov?") == "id"
    assert detect("杜罗夫的保释金是多少？") == "zh"
    assert detect("附近的人功能目前不顯示任何群組") == "zh"  # Traditional script is zh too
    assert detect("12345 !!!") == "und"


def test_short_questions_full_of_names_are_told_apart():
    """Issue 13's bar: >= 0.98 of the gold questions (4 languages), of 240 short questions in 8
    languages, many of them mostly names and numbers (it fails without ``without_names``: 0.971),
    and of 240 questions that are mostly one name, "Who is …?" in 8 languages (it fails without
    ``by_function_words`` and the script read without names: 0.846)."""
    for name in ("short_questions.jsonl", "seeds.jsonl", "entity_questions.jsonl"):
        rows = [json.loads(line) for line in (ROOT / "evals" / "gold" / name).open(encoding="utf-8")]
        wrong = [(r["language"], r["question"]) for r in rows if detect(r["question"]) != r["language"]]
        assert 1 - len(wrong) / len(rows) >= 0.98, wrong
    assert detect("Who won the 2022 FIFA World Cup?") == "en"
    assert detect("Sân bay Le Bourget nằm ở đâu?") == "vi"
    assert detect("Berapa usia Pavel Durov?") == "id"


@pytest.mark.parametrize("question,language", [
    ("Qu'est-ce que Telegram ?", "fr"),  # Spanish to lingua
    ("Siapa Alex Stamos?", "id"),  # Portuguese
    ("Alex Stamos是谁？", "zh"),  # more Latin letters than Han characters
    ("Was ist KCSC?", "de"),  # English
    ("¿Qué es Telegram?", "es"),  # French
    ("WhatsApp là gì?", "vi"),  # Italian, lingua 0.99 sure
    ("What is Telegram?", "en"),
    ("Who is 杜罗夫?", "en"),  # a Chinese name in an English question
])
def test_a_question_that_is_mostly_a_name_is_read_by_its_other_words(question, language):
    assert detect(question) == language


def test_the_function_words_decide_only_what_they_tell_apart():
    assert by_function_words("Qu'est-ce que Telegram ?") == "fr"
    assert by_function_words("Telegram") is None  # no function word
    assert by_function_words("la") is None  # French, Spanish and Italian alike
    assert by_function_words("Los Angeles Clippers เป็นทีมของกีฬาประเภทใด?") is None  # mostly Thai


def test_detection_asks_the_full_models_when_the_fast_ones_are_unsure():
    # XQuAD questions that lingua's fast models take for French and Dutch, without being sure
    for question, language in [("Who was the Normans' main enemy in Italy, the Byzantine Empire and Armenia?", "en"),
                               ("Wen besiegten die Broncos im AFC-Championship-Spiel?", "de")]:
        best = _detector(fast=True).compute_language_confidence_values(question)[0]
        assert best.value < SURE and best.language.iso_code_639_1.name.lower() != language
        assert detect(question) == language


def test_unreadable_files_are_skipped_with_a_warning(tmp_path: Path):
    (tmp_path / "good.txt").write_text("Durov a été libéré sous caution.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin1.txt").write_bytes("libéré".encode("latin-1"))
    files, warnings = read_corpus(tmp_path)
    assert [f.source for f in files] == ["good.txt"]
    assert sorted(w.split(":")[0] for w in warnings) == [
        "skipped binary.bin", "skipped empty.txt", "skipped latin1.txt"]


def test_crlf_offsets_match_read_text(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"First line.\r\nSecond line.\r\n")
    files, _ = read_corpus(tmp_path)
    assert files[0].text == (tmp_path / "a.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("earlier,question,language,alone", [
    (["Telegram est-il interdit en Chine ?"], "Le juge ?", "fr", "de"),
    (["Quand Durov a-t-il été arrêté ?", "Où ?"], "La date ?", "fr", "en"),
    (["Berapa uang jaminan Durov?"], "Dan di Iran?", "id", "id"),
    (["杜罗夫的保释金是多少？"], "Who is the judge?", "en", "en"),  # another script: another language
    (["Combien Durov a-t-il payé de caution ?"], "那伊朗呢？", "zh", "zh"),
    (["Combien Durov a-t-il payé de caution ?"], "And his bail?", "en", "en"),  # English function words
    (["How much was Durov's bail?"], "Qui est Pavel Durov ?", "fr", "fr"),
])
def test_a_follow_up_is_read_in_the_conversations_language_unless_plainly_another(earlier, question, language, alone):
    assert detect(question) == alone
    assert conversation([*earlier, question]) == language


def test_follow_ups_in_their_own_and_in_another_conversation():
    """``evals/gold/follow_ups.jsonl`` (180 follow-ups of 1-6 words in 6 languages): each is read
    right after a question in its own language, and after one in each other seeds language (the
    user switched) at least 98% are, as are the short questions: the conversation's language
    never outweighs a follow-up that plainly is another. Measured 1.0 in its own (0.95 on dev
    before ``follow_up``), >= 0.983 after another: ``evals/languages.py``."""
    rows = [json.loads(line) for line in (ROOT / "evals" / "gold" / "follow_ups.jsonl").open(encoding="utf-8")]
    assert {r["language"] for r in rows} >= {"en", "fr", "id", "zh"}
    assert [r["question"] for r in rows if follow_up(r["question"], r["language"]) != r["language"]] == []
    short = [json.loads(line) for line in (ROOT / "evals" / "gold" / "short_questions.jsonl").open(encoding="utf-8")]
    for prior in ("en", "fr", "id", "zh"):
        others = [r for r in rows + short if r["language"] != prior]
        wrong = [r["question"] for r in others if follow_up(r["question"], prior) != r["language"]]
        assert len(wrong) / len(others) <= 0.02, (prior, wrong)
