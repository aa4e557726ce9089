"""Disagreeing sources: every planted conflict answered with both versions, each cited, after a
line in the question's language saying the sources disagree; agreeing sources are not flagged."""
import pytest

from assistant.answer import conflicts
from assistant.answer.phrases import disagree

from .conftest import ask_extractive, make_assistant
from .fixture_conflicts import AGREEING, CONFLICTS, LOOK_ALIKES, write_corpus


@pytest.fixture(scope="module")
def planted(tmp_path_factory, e5):
    base = tmp_path_factory.mktemp("conflicts")
    assistant = make_assistant(write_corpus(base / "corpus"), base / "index", e5)
    assistant.index()
    return assistant


@pytest.mark.parametrize("a,b,differ", [
    ("Le pont de Varnholm mesure 1 310 mètres.", "The Varnholm bridge is 1,240 metres long.", True),
    ("新奥斯特拉瓦有9万居民。", "Ostrava Nova has 86,000 inhabitants.", True),
    ("Durov a été libéré contre une caution de 5 millions d'euros.", "杜罗夫以 500 万欧元保释。", False),
    ("The Lumen festival takes place in June.", "Le festival Lumen a lieu en juillet.", True),
    ("The festival takes place in June.", "Il attire des musiciens de toute la région.", False),
    ("Pasar Sendang buka setiap hari Kamis.", "The market opens every Thursday.", False),
    # figures of different things: years or weeks against "100m内" (metres in Chinese), users against it
    ("Telegram diblokir di Rusia dari tahun 2018 hingga 2020.", "附近的人功能只显示100m内群组和个人。", False),
    ("Polisi Prancis menahan Durov dua minggu yang lalu.", "附近的人功能只显示100m内群组和个人。", False),
    ("Telegram compte 950 millions d'utilisateurs.", "附近的人功能只显示100m内群组和个人。", False),
    # an amount written with an article for its number ("a billion") is compared too
    ("Telegram, the popular messaging app with 950 million users", "Almost a billion users globally use Telegram", True),
    ("Telegram compte près d'un milliard d'utilisateurs.", "Telegram 拥有近十亿用户。", False),
])
def test_values_are_compared_across_languages(a, b, differ):
    assert conflicts.differ(a, b) is differ


@pytest.mark.parametrize("reader", [False, True], ids=["features", "model"])
@pytest.mark.parametrize("question,language,files,values", CONFLICTS)
def test_every_planted_conflict_is_surfaced(planted, question, language, files, values, reader):
    answer = ask_extractive(planted, question, reader)
    assert answer.language == language and not answer.abstained, (answer.text, answer.answerability)
    assert answer.text.startswith(disagree(language)), answer.text
    assert {c.source for c in answer.citations} == set(files), answer.text
    assert all(v in answer.text for v in values), answer.text
    corpus = planted.settings.corpus_dir
    for c in answer.citations:
        assert (corpus / c.source).read_text(encoding="utf-8")[c.start:c.end] == c.quote


@pytest.mark.parametrize("question,language", AGREEING)
def test_agreeing_sources_are_not_called_a_disagreement(planted, question, language):
    answer = planted.ask(question, backend="extractive")
    assert answer.language == language and not answer.abstained, answer.answerability
    assert disagree(language) not in answer.text


@pytest.mark.parametrize("question,language,source,value", LOOK_ALIKES)
def test_a_figure_of_another_thing_is_no_disagreement(planted, question, language, source, value):
    """The near sentence of another file is a figure of another thing. The features alone take it
    for a rival; with the bundled model's yes/no (llama.cpp, as `make test` installs it) it does
    not answer the question, and no disagreement is announced."""
    assert disagree(language) in ask_extractive(planted, question, reader=False).text
    answer = ask_extractive(planted, question, reader=True)
    assert answer.language == language and not answer.abstained, (answer.text, answer.answerability)
    assert disagree(language) not in answer.text, answer.text
    assert [c.source for c in answer.citations] == [source] and value in answer.text, answer.text


def test_an_llm_answer_that_gives_one_version_gets_the_other(planted):
    """Through the ``ollama`` backend (a FAKE Ollama server): the LLM cites only the English file;
    the Indonesian file's other figure is added, cited, after the line saying the sources disagree."""
    from .fake_ollama import FakeOllama, ask_through, source_number

    with FakeOllama(reply=lambda r: f"Kelora employs 5,200 people [{source_number(r, 'en/kelora.txt')}].") as fake:
        answer = ask_through(planted, fake, "How many people does Kelora employ?")
    assert answer.answered_by == "ollama" and len(fake.chats()) == 1
    assert answer.text == ("Kelora employs 5,200 people. [1] The sources disagree: "
                           "Perusahaan Kelora mempekerjakan 4.500 karyawan. [2]")
    assert [c.source for c in answer.citations] == ["en/kelora.txt", "id/kelora.txt"]


@pytest.mark.parametrize("question,language", [
    ("How many users does Telegram have?", "en"),
    ("Telegram 目前有多少用户？", "zh"),  # both figures are only in English files
    ("Combien d'utilisateurs Telegram compte-t-il ?", "fr"),
])
def test_the_seeds_two_user_counts_are_both_given(seeds_assistant, question, language):
    """The seeds say 950 million users (004, and 000, 002, 003) and "almost a billion" (002): a
    question about the number of users gets both, each cited, after the line saying so."""
    answer = seeds_assistant.ask(question, backend="extractive")
    assert answer.language == language and answer.answered_by == "extractive", answer.text
    assert answer.text.startswith(disagree(language)), answer.text
    quotes = " ".join(c.quote for c in answer.citations)
    assert "950 million" in quotes and "Almost a billion users" in quotes, answer.text
    assert len({c.source for c in answer.citations}) == 2, answer.text


def test_an_llm_answer_is_not_given_back_the_version_it_cites(seeds_assistant):
    """Through the ``ollama`` backend (a FAKE Ollama server) over the seeds, asked in French: the
    LLM gives 950 million from one English file (000); the disagreement adds the other figure
    ("almost a billion", 002), not the 950 million of another file (004) that the answer states."""
    from .fake_ollama import FakeOllama, ask_through, source_number

    reply = "Selon Durov, le nombre d'utilisateurs de Telegram est passé à 950 millions. [{}]"
    with FakeOllama(reply=lambda r: reply.format(source_number(r, "000_186d9d6d1e53edb1.txt"))) as fake:
        answer = ask_through(seeds_assistant, fake, "Combien d'utilisateurs Telegram compte-t-il ?")
    assert answer.answered_by == "ollama" and len(fake.chats()) == 1, answer.text
    assert [c.source[:3] for c in answer.citations] == ["000", "002"], answer.text
    assert "millions. [1] Les sources divergent : Almost a billion users" in answer.text, answer.text
    assert conflicts.agree("Telegram memiliki lebih dari 950 juta pengguna.", "950 million users")
    assert not conflicts.agree("950 million users", "Almost a billion users")
