"""Follow-up questions without an LLM: history-aware retrieval, in several languages."""
import pytest

from assistant import UsageError

from .conftest import FRENCH


@pytest.mark.parametrize("first,follow_up", [
    ("Where was Durov arrested?", "How much was his bail?"),
    ("Où Durov a-t-il été arrêté ?", "Et sa caution ?"),
    ("Di mana Durov ditangkap?", "Berapa uang jaminannya?"),
])
def test_follow_up_finds_what_his_refers_to(seeds_assistant, first, follow_up):
    messages = [{"role": "user", "content": first}]
    messages.append({"role": "assistant", "content": seeds_assistant.chat(messages, backend="extractive").text})
    messages.append({"role": "user", "content": follow_up})
    answer = seeds_assistant.chat(messages, backend="extractive")
    assert answer.question == follow_up and first in answer.query
    assert "5 millions" in answer.text
    assert any(c.source == FRENCH for c in answer.citations)


def test_language_follows_the_conversation(seeds_assistant):
    messages = [{"role": "user", "content": "Où Durov a-t-il été arrêté ?"},
                {"role": "assistant", "content": "À l'aéroport du Bourget."},
                {"role": "user", "content": "Et sa caution ?"}]
    assert seeds_assistant.chat(messages, backend="extractive").language == "fr"


def test_conversation_must_end_with_a_question(seeds_assistant):
    with pytest.raises(UsageError, match="end with a user message"):
        seeds_assistant.chat([{"role": "assistant", "content": "Hello"}])
