"""Follow-up questions without an LLM: history-aware retrieval, in several languages."""
import json

import pytest

from assistant import UsageError
from assistant.answer.condense import is_followup
from assistant.answer.phrases import not_in_corpus
from assistant.answer.questions import asked_parts

from .conftest import FRENCH, ROOT


@pytest.mark.parametrize("first,follow_up", [
    ("Where was Durov arrested?", "How much was his bail?"),
    ("Où Durov a-t-il été arrêté ?", "Et sa caution ?"),
    ("Di mana Durov ditangkap?", "Berapa uang jaminannya?"),
])
def test_follow_up_finds_what_his_refers_to(seeds_assistant, first, follow_up, monkeypatch):
    # "How much was his bail?" alone rates 0.54 with the answerability model, below the extractive
    # default's cut (0.64): this test is about what "his" finds, so the cut is the 10% one.
    monkeypatch.setattr(seeds_assistant, "settings", seeds_assistant.settings.model_copy(update={"false_refusal": 0.1}))
    messages = [{"role": "user", "content": first}]
    messages.append({"role": "assistant", "content": seeds_assistant.chat(messages, backend="extractive").text})
    messages.append({"role": "user", "content": follow_up})
    answer = seeds_assistant.chat(messages, backend="extractive")
    assert answer.question == follow_up and first in answer.query
    # what is asked is the follow-up alone: the question before it is not answered again, part by part
    assert asked_parts(answer.query) == [follow_up]
    assert "5 millions" in answer.text
    assert any(c.source == FRENCH for c in answer.citations)


@pytest.mark.parametrize("first,new_question", [
    ("Who criticised Telegram for not scanning for CSAM?", "杜罗夫获释后需要多久向警方报到一次？"),  # the page's bug
    ("Où Durov a-t-il été arrêté ?", "How much was Durov's bail?"),
    ("Berapa usia Pavel Durov?", "Quelle caution Durov a-t-il payée ?"),
])
def test_a_question_that_stands_alone_is_not_merged_with_the_one_before(seeds_assistant, first, new_question):
    messages = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"},
                {"role": "user", "content": new_question}]
    answer = seeds_assistant.chat(messages, backend="extractive")
    assert answer.query == new_question
    # the bail and the reporting are only in the French file, which a glued query missed
    assert any(h.chunk.source == FRENCH and "caution" in h.chunk.text for h in answer.hits)


def test_follow_ups_told_from_new_questions_on_the_gold_chats():
    """The gold set's chats (issue 8) in four languages: every follow-up is merged, every new
    topic after another question is not, and of all the other questions (asked alone) at most 5%
    would be merged (measured: 8 of 208, all with "that ..." in them: "那篇文章", "aplikasi itu")."""
    rows = [json.loads(line) for line in (ROOT / "evals" / "gold" / "seeds.jsonl").open(encoding="utf-8")]
    followups = [r["question"] for r in rows if r["type"] == "followup"]
    new_topics = [r["question"] for r in rows if r["type"] == "new_topic"]
    assert len({r["language"] for r in rows if r["type"] == "followup"}) == 4
    assert all(is_followup(q) for q in followups), [q for q in followups if not is_followup(q)]
    assert not any(is_followup(q) for q in new_topics), [q for q in new_topics if is_followup(q)]
    assert all(is_followup(q) for q in ["Which file says so?", "Quelle source le dit ?", "哪个文件这么说？",
                                        "File mana yang menyebutkannya?"])
    alone = [r["question"] for r in rows if r["type"] not in ("followup", "new_topic")]
    assert sum(map(is_followup, alone)) / len(alone) <= 0.05


@pytest.mark.parametrize("first,follow_up,language", [
    ("Où Durov a-t-il été arrêté ?", "Et sa caution ?", "fr"),
    ("Telegram est-il interdit en Chine ?", "Le juge ?", "fr"),  # German, asked alone
    ("Quand Durov a-t-il été arrêté ?", "La date ?", "fr"),  # English, asked alone
    ("Berapa uang jaminan Durov?", "Dan di Iran?", "id"),
    ("杜罗夫的保释金是多少？", "那伊朗呢？", "zh"),
    ("Où Durov a-t-il été arrêté ?", "And his bail?", "en"),  # the user switched: plainly English
    ("How much was Durov's bail?", "Et sa caution ?", "fr"),
])
def test_language_follows_the_conversation(seeds_assistant, first, follow_up, language):
    """The answer and a refusal are in the conversation's language when a short follow-up is too
    short to tell alone ("Le juge ?" after French was answered "Das Korpus sagt das nicht.")."""
    messages = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"},
                {"role": "user", "content": follow_up}]
    answer = seeds_assistant.chat(messages, backend="extractive")
    assert answer.language == language
    if answer.abstained:
        assert answer.text == not_in_corpus(language)


def test_conversation_must_end_with_a_question(seeds_assistant):
    with pytest.raises(UsageError, match="end with a user message"):
        seeds_assistant.chat([{"role": "assistant", "content": "Hello"}])


@pytest.mark.parametrize("question,points_back", [
    ("What did that company say?", True),  # a demonstrative "that" after a verb
    ("Qu'a dit cette entreprise ?", True),
    ("Di mana dia bekerja?", True),  # "Di mana" opens the question: it names nobody
    ("Mengapa diblokir di sana?", True),  # "there"
    ("为什么在那里被封锁？", True),
    ("Apa itu KCSC?", False),  # "what is", not "that"
    ("What is the term for a task that generally lends itself to being solved by a computer?", False),  # relative "that"
    ("Siapa Alex Stamos dan di mana dia bekerja?", False),  # "dia" is the Alex Stamos named before it
    ("KCSC 是什么？", False),
    # a question of question words alone names nothing it could be about on its own
    ("Pendant combien de temps ?", True),
    ("Why?", True),
    ("Berapa lama?", True),
    ("为什么？", True),
    ("Who is the judge?", False),
    ("Qui est Durov ?", False),
    ("法官是谁？", False),
])
def test_what_points_back_in_four_languages(question, points_back):
    assert is_followup(question) == points_back


@pytest.mark.parametrize("first,follow_up", [
    ("Telegram a-t-il été interdit en Russie ?", "Pendant combien de temps ?"),
    ("Kapan Telegram diblokir di Rusia?", "Berapa lama?"),
    ("Telegram在俄罗斯被封禁过吗？", "多久？"),
    ("Was Telegram banned in Russia?", "For how long?"),
])
def test_a_follow_up_of_question_words_alone_asks_about_the_question_before(seeds_assistant, first, follow_up):
    """Alone, "Pendant combien de temps ?" was answered with a German "Last updated 2 Wochen" line;
    the years of the ban are in the Indonesian file only."""
    messages = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"},
                {"role": "user", "content": follow_up}]
    answer = seeds_assistant.chat(messages, backend="extractive")
    assert first in answer.query and asked_parts(answer.query) == [follow_up]
    assert "2018" in answer.text and "2020" in answer.text


@pytest.mark.parametrize("turns", [
    ["Where was Durov arrested?", "Which file says so?", "And when?"],
    ["Di mana Durov ditangkap?", "File mana yang menyebutkannya?", "Kapan?"],
    ["Où Durov a-t-il été arrêté ?", "Et sa caution ?", "Pourquoi ?"],
])
def test_follow_ups_in_a_row_keep_the_question_they_follow(seeds_assistant, turns):
    """Without an LLM a follow-up is retrieved with the question it follows and the follow-ups
    since: with only the one before, "Which file says so? And when?" named no arrest."""
    messages = []
    for question in turns:
        messages.append({"role": "user", "content": question})
        messages.append({"role": "assistant", "content": "…"})
    answer = seeds_assistant.chat(messages[:-1], backend="extractive")
    assert answer.query == " ".join(turns)
    assert asked_parts(answer.query) == [turns[-1]]
    assert any("Bourget" in h.chunk.text for h in answer.hits)
