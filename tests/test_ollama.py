"""The `ollama` backend against a FAKE Ollama server (tests/fake_ollama.py): the request the
assistant sends, how it parses replies, verification of what the LLM says, and the faults."""
import pytest

from assistant import BackendUnavailable
from assistant.answer.prompt import EVIDENCE_TOKENS, SYSTEM
from assistant.ingest.split import count_tokens

from .conftest import FRENCH, INDONESIAN, free_port
from .fake_ollama import FakeOllama, source_number

MODEL = "qwen2.5:3b-instruct"


@pytest.fixture
def use_ollama(seeds_assistant):
    """The seeds assistant pointed at a given Ollama URL; restored afterwards."""
    original = seeds_assistant.settings

    def point(url, **settings):
        seeds_assistant.settings = original.model_copy(update={"ollama_host": url, **settings})
        seeds_assistant.llms.clear()
        return seeds_assistant

    yield point
    seeds_assistant.settings = original
    seeds_assistant.llms.clear()


def test_answer_through_ollama_is_cited_and_verified(use_ollama):
    def reply(request):
        n = source_number(request, FRENCH)
        return (f"Durov was released on a bail of 5 million euros [{n}]. "
                f"He was later sentenced to 20 years in prison [{n}].")

    with FakeOllama(reply=reply) as fake:
        assistant = use_ollama(fake.url)
        pieces = list(assistant.stream("How much was Durov's bail?", backend="ollama"))
    answer = pieces[-1]

    request = fake.chats()[0]
    assert request["model"] == MODEL and request["stream"] is True
    assert request["messages"][0]["role"] == "system"
    assert request["messages"][0]["content"] == SYSTEM  # the same for every question: its state is reused
    assert request["messages"][1]["content"].endswith("Question: How much was Durov's bail?\nAnswer in English.")
    assert f"({FRENCH}, French)\n" in request["messages"][1]["content"]
    assert count_tokens(request["messages"][1]["content"]) <= 1.25 * EVIDENCE_TOKENS + 60  # evidence, not chunks
    assert request["options"]["temperature"] == 0.1 and request["options"]["num_ctx"] == 8192

    assert answer.backend == "ollama" and not answer.abstained
    assert answer.text == "Durov was released on a bail of 5 million euros. [1]"
    assert "".join(p for p in pieces[:-1]) == answer.text  # streamed, sentence by sentence
    [citation] = answer.citations
    assert citation.source == FRENCH and "5 millions d’euros" in citation.quote
    text = (assistant.settings.corpus_dir / FRENCH).read_text(encoding="utf-8")
    assert text[citation.start : citation.end] == citation.quote
    assert len(answer.dropped) == 1 and "20 years" in answer.dropped[0]  # invented: dropped


def test_markers_to_missing_sources_are_removed_and_wrong_ones_fixed(use_ollama):
    def reply(request):
        wrong = 1 if source_number(request, INDONESIAN) != 1 else 2
        return (f"Telegram was blocked in Russia from 2018 to 2020 [{wrong}] [9].")

    with FakeOllama(reply=reply) as fake:
        answer = use_ollama(fake.url).ask("In which years was Telegram blocked in Russia?", backend="ollama")
    assert answer.text == "Telegram was blocked in Russia from 2018 to 2020. [1]"
    assert answer.citations[0].source == INDONESIAN and "2018 hingga 2020" in answer.citations[0].quote


def test_a_sentence_joining_two_files_streams_with_a_citation_for_each(use_ollama):
    """Indonesian question; the bail is only in the French file, the ban's years in the Indonesian one."""
    def reply(request):
        n = source_number(request, INDONESIAN)
        return (f"Durov dibebaskan dengan uang jaminan 5 juta euro, dan Telegram diblokir di Rusia "
                f"dari tahun 2018 hingga 2020 [{n}].")

    with FakeOllama(reply=reply) as fake:
        answer = use_ollama(fake.url).ask("Berapa uang jaminan Durov, dan kapan Telegram diblokir di Rusia?",
                                          backend="ollama")
    assert answer.answered_by == "ollama" and not answer.abstained, answer.dropped
    assert answer.text.endswith("2018 hingga 2020. [1][2]")
    assert [c.source for c in answer.citations] == [FRENCH, INDONESIAN]
    assert "5 millions d’euros" in answer.citations[0].quote and "2018 hingga 2020" in answer.citations[1].quote


@pytest.mark.parametrize("question,parts,reply", [
    ("Dengan berapa pelanggaran Durov didakwa, dan berapa uang jaminannya?",
     "(1) Dengan berapa pelanggaran Durov didakwa; (2) berapa uang jaminannya.",
     "Durov didakwa dengan selusin pelanggaran [{id}]. Durov dibebaskan dengan jaminan 5 juta euro [{fr}]."),
    ("Quel âge a Durov, et à combien s'élevait sa caution ?", "(1) Quel âge a Durov; (2) à combien s'élevait sa caution.",
     "Durov, libéré sous caution de 5 millions d’euros, doit se présenter à la police [{fr}]. "
     "Durov a été arrêté à l’aéroport du Bourget [{fr}]."),
])
def test_a_question_asking_two_things_lists_them_in_the_prompt(use_ollama, question, parts, reply):
    """A small model answers the first of two questions and forgets the second: the prompt names
    both. A sentence that answers either part is an answer (the bail to "et à combien ... sa
    caution ?"); one that answers neither is dropped as before (the airport)."""
    def answer(request):
        return reply.format(id=source_number(request, INDONESIAN) if "{id}" in reply else 0,
                            fr=source_number(request, FRENCH))

    with FakeOllama(reply=answer) as fake:
        result = use_ollama(fake.url).ask(question, backend="ollama")
    prompt = fake.chats()[0]["messages"][1]["content"]
    assert f"The question asks 2 things: {parts[:-1]}. Answer each of them" in prompt
    assert not result.abstained, result.dropped
    assert ("selusin pelanggaran" in result.text and "5 juta euro" in result.text) or (
        "5 millions" in result.text and "aéroport" not in result.text), (result.text, result.dropped)


def test_a_follow_up_the_llm_could_not_rewrite_is_asked_alone(use_ollama):
    """Retrieved with the question before it ("Di mana Durov ditangkap? Berapa uang jaminannya?"),
    a follow-up is still one question: the prompt does not ask the model to answer both."""
    def reply(request):
        if "Standalone question:" in request["messages"][-1]["content"]:
            return ""  # no rewrite: the follow-up is retrieved with the question before it
        return f"Durov dibebaskan dengan jaminan 5 juta euro [{source_number(request, FRENCH)}]."

    messages = [{"role": "user", "content": "Di mana Durov ditangkap?"}, {"role": "assistant", "content": "…"},
                {"role": "user", "content": "Berapa uang jaminannya?"}]
    with FakeOllama(reply=reply) as fake:
        result = use_ollama(fake.url).chat(messages, backend="ollama")
    prompt = fake.chats()[-1]["messages"][1]["content"]
    assert "Question: Di mana Durov ditangkap? Berapa uang jaminannya?" in prompt
    assert "The question asks" not in prompt
    assert "5 juta euro" in result.text and not result.abstained
    assert result.answered_by == "ollama" and not result.fallback_from


def test_llm_abstention_is_reported(use_ollama):
    with FakeOllama(reply=lambda r: "NOT_IN_SOURCES") as fake:
        answer = use_ollama(fake.url).ask("Berapa lama hukuman penjara Durov?", backend="ollama")
    assert answer.abstained and answer.citations == [] and answer.language == "id"
    assert answer.text == "Korpus tidak menyebutkannya."  # the model's own "not in the sources"


@pytest.mark.parametrize("question,answer,aside", [
    ("How much was Durov's bail?", "Durov was released on a bail of 5 million euros [{fr}].",
     "French authorities arrested Durov at Le Bourget airport near Paris at the end of August [{fr}]."),
    ("Berapa jaminan Durov?", "Durov dibebaskan dengan jaminan 5 juta euro [{fr}].",
     "Polisi Prancis menahan Durov dua minggu yang lalu setelah jet pribadinya mendarat di Bandara Paris-Le Bourget [{id}]."),
])
def test_a_true_sentence_that_does_not_answer_the_question_is_dropped(use_ollama, question, answer, aside):
    """The aside is true (a file says it) and shown in the prompt, but the learned ranking rates the
    sentence it rests on far from an answer to the bail question: it is dropped, and the answer is
    the bail alone, cited to the French file."""
    def reply(request):
        numbers = {"fr": source_number(request, FRENCH), "id": source_number(request, INDONESIAN)}
        return f"{answer.format(**numbers)} {aside.format(**numbers)}"

    with FakeOllama(reply=reply) as fake:
        result = use_ollama(fake.url).ask(question, backend="ollama")
    assert (result.answered_by, result.fallback_from) == ("ollama", [])  # the LLM's own answer, not a quote
    assert not result.abstained and [c.source for c in result.citations] == [FRENCH], result.text
    assert "5" in result.text and len(result.dropped) == 1
    assert "does not answer the question" in result.dropped[0], result.dropped


@pytest.mark.parametrize("question,answer,invented", [
    ("How much was Durov's bail?", "Durov was released on a bail of 5 million euros [{fr}].",
     "Durov paid 7 billion dollars [{fr}]."),
    ("Berapa jaminan Durov?", "Durov dibebaskan dengan jaminan 5 juta euro [{fr}].",
     "Durov membayar 7 miliar dolar [{fr}]."),
])
def test_a_model_caught_in_a_loop_is_read_up_to_its_first_repeat(use_ollama, question, answer, invented):
    """The bundled model once wrote one sentence fifteen times over 25 s (documents dev d192). A
    sentence the answer already holds ends the reading: each sentence is shown or dropped once."""
    def reply(request):
        n = source_number(request, FRENCH)
        return " ".join([answer.format(fr=n), invented.format(fr=n)] * 30)

    with FakeOllama(reply=reply) as fake:
        result = use_ollama(fake.url).ask(question, backend="ollama")
    assert (result.answered_by, result.fallback_from) == ("ollama", []) and not result.abstained, result.dropped
    assert result.text == f"{answer.split(' [')[0]}. [1]" and result.citations[0].source == FRENCH
    assert len(result.dropped) == 1 and result.dropped[0].startswith(invented.split(" [")[0]), result.dropped


ENGLISH_WAPO = "004_2d0bfc7bcb64a6f2.txt"


@pytest.mark.parametrize("question,restated,answer,source", [
    ("Combien de fois par semaine Durov doit-il se présenter à la police ?",
     "Durov doit se présenter à la police par semaine [{n}].",
     "Durov doit se présenter à la police deux fois par semaine [{n}].", FRENCH),
    ("Surat kabar apa yang menyoroti sejumlah kasus peran Telegram dalam penyebaran materi seksual anak?",
     "Surat kabar menyoroti sejumlah kasus peran Telegram dalam penyebaran materi seksual anak [{n}].",
     "The Washington Post menyoroti beberapa kasus di mana Telegram berperan dalam menyimpan, mendistribusikan, "
     "dan membagikan gambar seksual anak [{n}].", ENGLISH_WAPO),
])
def test_a_sentence_that_only_restates_the_question_is_dropped(use_ollama, question, restated, answer, source):
    """Small models restate the question as if it were the answer (seen from the bundled model):
    true, cited, and no answer. It is dropped; the sentence that answers stays."""
    def reply(request):
        n = source_number(request, source)
        return f"{restated.format(n=n)} {answer.format(n=n)}"

    with FakeOllama(reply=reply) as fake:
        result = use_ollama(fake.url).ask(question, backend="ollama")
    assert (result.answered_by, result.fallback_from) == ("ollama", [])
    assert len(result.dropped) == 1 and "says nothing the question does not" in result.dropped[0], result.dropped
    assert result.text.startswith(answer.split(" [")[0]) and result.citations[0].source == source


@pytest.mark.parametrize("question,restated", [
    ("Apakah Telegram masih diblokir di Iran?", "Telegram masih diblokir di Iran [{n}]."),
    ("Telegram 在伊朗是否仍被封锁？", "Telegram 在伊朗仍被封锁 [{n}]。"),
])
def test_the_answer_to_a_yes_or_no_question_may_restate_it(use_ollama, question, restated):
    with FakeOllama(reply=lambda request: restated.format(n=source_number(request, INDONESIAN))) as fake:
        result = use_ollama(fake.url).ask(question, backend="ollama")
    assert (result.answered_by, result.fallback_from) == ("ollama", []) and not result.abstained, result.dropped
    assert result.citations[0].source == INDONESIAN


@pytest.mark.parametrize("question,invented,refusal", [
    ("How much was Durov's bail?", "Durov paid 7 billion dollars [1].",
     "The model's answer could not be checked against the documents, so it is not shown."),
    ("Quel était le montant de la caution de Durov ?", "Durov a payé 7 milliards de dollars [1].",
     "La réponse du modèle n'a pas pu être vérifiée dans les documents : elle n'est donc pas affichée."),
    ("Berapa uang jaminan Durov?", "Durov membayar 7 miliar dolar [1].",
     "Jawaban model tidak dapat diverifikasi dengan dokumen, jadi tidak ditampilkan."),
])
def test_nothing_supported_is_a_refusal_in_the_question_language(use_ollama, question, invented, refusal):
    """An answer whose every sentence fails verification is not shown, and nothing else is quoted
    in its place: the backend says that no answer could be checked — not that the documents do not
    answer, which the French file does — and lists what it dropped."""
    with FakeOllama(reply=lambda r: invented) as fake:
        answer = use_ollama(fake.url, llm_revise=True).ask(question, backend="ollama")
    assert len(fake.chats()) == 2  # asked once to revise it, and it invented again
    assert (answer.answered_by, answer.fallback_from) == ("ollama", [])
    assert answer.abstained and answer.text == refusal and answer.citations == []
    assert answer.dropped and "7" in answer.dropped[0] and "no sentence" in answer.warnings[-1]


@pytest.mark.parametrize("question,language,wrong,right", [
    ("杜罗夫的保释金是多少？", "zh", "杜罗夫以5000万欧元保释，他必须每周两次向警方报到 [{n}]。",
     "杜罗夫以500万欧元保释，他必须每周两次向警方报到 [{n}]。"),
    ("Berapa uang jaminan Durov?", "id", "Uang jaminan Durov adalah 50 juta euro [{n}].",
     "Uang jaminan Durov adalah 5 juta euro [{n}]."),
])
def test_an_answer_verification_drops_whole_is_revised_once(use_ollama, question, language, wrong, right):
    """The bail is only in the French file. The model's first answer mistranslates it and is dropped;
    the model is told which sentence the sources do not support and why, and its second answer stands."""
    def reply(request):
        n = source_number({"messages": request["messages"][:2]}, FRENCH)
        return (right if len(request["messages"]) > 2 else wrong).format(n=n)

    with FakeOllama(reply=reply) as fake:
        answer = use_ollama(fake.url, llm_revise=True).ask(question, backend="ollama")
    first, second = fake.chats()
    assert second["messages"][:2] == first["messages"][:2]  # the same prompt: its evaluated state is reused
    assert second["messages"][2] == {"role": "assistant", "content": wrong.format(n=source_number(first, FRENCH))}
    assert "5000万" in second["messages"][3]["content"] or "50 juta" in second["messages"][3]["content"]
    assert "a number is not in the cited passage" in second["messages"][3]["content"]
    assert (answer.answered_by, answer.abstained, answer.language) == ("ollama", False, language), answer.dropped
    assert answer.citations[0].source == FRENCH and "5 millions d’euros" in answer.citations[0].quote
    assert answer.dropped and "asked once to revise it" in " ".join(answer.warnings)


def test_no_revision_by_default(use_ollama):
    with FakeOllama(reply=lambda r: "Durov paid 7 billion dollars [1].") as fake:
        answer = use_ollama(fake.url).ask("How much was Durov's bail?", backend="ollama")
    assert answer.abstained and len(fake.chats()) == 1


def test_model_not_pulled_names_the_pull_command(use_ollama):
    with FakeOllama(models=["llama3:8b"]) as fake:
        with pytest.raises(BackendUnavailable, match=f"run `ollama pull {MODEL}`"):
            use_ollama(fake.url).ask("How much was Durov's bail?", backend="ollama")


def test_unreachable_ollama_is_one_clear_error_and_auto_falls_back(use_ollama):
    assistant = use_ollama(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(BackendUnavailable, match="cannot reach Ollama.*ollama serve"):
        assistant.ask("How much was Durov's bail?", backend="ollama")
    answer = assistant.ask("How much was Durov's bail?", backend="auto")
    assert answer.backend == "extractive (fallback from ollama)"
    assert any("cannot reach Ollama" in w for w in answer.warnings)
    assert "5 millions" in answer.text


@pytest.mark.parametrize("question,refusal", [
    ("Who won the 2022 FIFA World Cup?", "The corpus does not say."),
    ("珠穆朗玛峰有多高？", "语料库中没有提到这一点。"),
    # the features alone (no llama.cpp judge for Ollama) rate it 0.49 since stop 44's, above the LLM
    # gate's cut 0.44: Ollama is asked and must refuse it itself (the extractive gate still refuses)
    pytest.param("2022年世界杯冠军是谁？", "语料库中没有提到这一点。", marks=pytest.mark.xfail(
        strict=True, reason="known: passes the LLM gate since stop 44's answerability features")),
])
def test_a_refusal_is_not_made_for_an_ollama_that_is_not_there(use_ollama, question, refusal):
    """The answerability gate refuses without asking the LLM; with no Ollama (down, or without the
    model) that refusal is not ollama's to give: ``auto`` goes on to the backend that runs, which
    refuses by its own gate, and a backend asked by name says what is missing."""
    assistant = use_ollama(f"http://127.0.0.1:{free_port()}")
    answer = assistant.ask(question, backend="auto")
    assert answer.answered_by == "extractive" and answer.fallback_from == ["ollama"], answer.warnings
    assert answer.abstained and answer.text == refusal
    assert any("cannot reach Ollama" in w for w in answer.warnings)
    with FakeOllama(models=["llama3:8b"]) as fake:
        with pytest.raises(BackendUnavailable, match=f"run `ollama pull {MODEL}`"):
            use_ollama(fake.url).ask(question, backend="ollama")
    with FakeOllama() as fake:  # there, with the model: the refusal is its own, and no prompt is sent
        answer = use_ollama(fake.url).ask(question, backend="auto")
    assert answer.answered_by == "ollama" and answer.abstained and fake.chats() == []


def test_slow_ollama_times_out(use_ollama):
    with FakeOllama(delay=3) as fake:
        with pytest.raises(BackendUnavailable, match="did not answer within 1 s"):
            use_ollama(fake.url, request_timeout=1).ask("How much was Durov's bail?", backend="ollama")


@pytest.mark.parametrize("history,follow_up,standalone", [
    (["Where was Durov arrested?", "He was arrested at Le Bourget airport."], "How much was his bail?",
     "How much was Durov's bail?"),
    (["Où Durov a-t-il été arrêté ?", "À l'aéroport du Bourget."], "Et quel était le montant de sa caution ?",
     "Quel était le montant de la caution de Durov ?"),
])
def test_follow_up_is_condensed_by_the_llm(use_ollama, history, follow_up, standalone):
    def reply(request):
        if not request["stream"]:  # the rewrite call
            return standalone
        return f"5 millions d'euros [{source_number(request, FRENCH)}]."

    messages = [{"role": "user", "content": history[0]}, {"role": "assistant", "content": history[1]},
                {"role": "user", "content": follow_up}]
    with FakeOllama(reply=reply) as fake:
        answer = use_ollama(fake.url).chat(messages, backend="ollama")
    rewrite = fake.chats()[0]
    assert rewrite["stream"] is False and follow_up in rewrite["messages"][0]["content"]
    assert history[0] in rewrite["messages"][0]["content"]
    assert answer.query == standalone and answer.question == follow_up
    assert f"Question: {standalone}\nAnswer in " in fake.chats()[1]["messages"][1]["content"]
    assert answer.citations and answer.citations[0].source == FRENCH


@pytest.mark.parametrize("first,follow_up,standalone", [
    ("Telegram a-t-il été interdit en Russie ?", "Pendant combien de temps ?",
     "Pendant combien de temps Telegram a-t-il été interdit en Russie ?"),
    ("Kapan Telegram diblokir di Rusia?", "Berapa lama?", "Berapa lama Telegram diblokir di Rusia?"),
])
def test_a_follow_up_of_question_words_alone_is_condensed_by_the_llm(use_ollama, first, follow_up, standalone):
    """Alone it names nothing to retrieve: it was asked as it stood, and found a German line."""
    messages = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"},
                {"role": "user", "content": follow_up}]
    with FakeOllama(reply=lambda request: standalone if not request["stream"] else "") as fake:
        answer = use_ollama(fake.url).chat(messages, backend="ollama")
    rewrite = fake.chats()[0]
    assert rewrite["stream"] is False and follow_up in rewrite["messages"][0]["content"]
    assert answer.query == standalone and answer.question == follow_up
    assert any("2018" in h.chunk.text for h in answer.hits)


@pytest.mark.parametrize("question, language, right, wrong", [
    ("Berapa uang jaminan Durov?", "Indonesian", "Jaminan Durov adalah 5 juta euro.",
     "A fiança de Durov foi de 5 milhões de euros."),
    ("杜罗夫的保释金是多少？", "Chinese", "杜罗夫获准保释，保释金为5百万欧元。", "Durov's bail was 5 million euros."),
])
def test_an_answer_in_another_language_is_asked_again_once(use_ollama, question, language, right, wrong):
    """An Indonesian question once got a Portuguese answer: the first sentence's language is
    checked before it is shown, and the model is asked again, more firmly."""
    def reply(request):
        n = source_number(request, FRENCH)
        insisted = f"Answer only in {language}" in request["messages"][-1]["content"]
        return f"{right if insisted else wrong} [{n}]"

    with FakeOllama(reply=reply) as fake:
        pieces = list(use_ollama(fake.url).stream(question, backend="ollama"))
    answer = pieces[-1]
    assert len(fake.chats()) == 2 and answer.answered_by == "ollama" and not answer.fallback_from
    assert answer.text == f"{right} [1]" and "".join(pieces[:-1]) == answer.text  # the wrong one never shown
    assert any("another language" in w for w in answer.warnings)


def test_a_clear_no_skips_the_llm(use_ollama):
    """The answerability model rates the evidence far from answering: no prompt is sent."""
    with FakeOllama(reply=lambda request: "Argentina won it [1].") as fake:
        answer = use_ollama(fake.url).ask("Siapa yang memenangkan Piala Dunia FIFA 2022?", backend="ollama")
    assert fake.chats() == [] and answer.answered_by == "ollama"
    assert answer.abstained and answer.text == "Korpus tidak menyebutkannya."
    assert answer.answerability["probability"] < answer.answerability["threshold"]
    assert any("ollama was not asked" in w for w in answer.warnings)


def test_a_refusal_on_evidence_rated_answerable_is_overruled_visibly(use_ollama, monkeypatch):
    """The LLM says NOT_IN_SOURCES although the French file states the bail, on evidence rated
    confidently answerable (here by decree: only a llama.cpp model's own judgement makes a
    decision confident): it is asked once more with only the best sentences, says it again, and
    those sentences are quoted instead, as the extractive backend's answer, so never credited to
    the LLM."""
    from assistant.answer import answerable

    assess = answerable.assess

    def confident(*args, **kwargs):
        decision = assess(*args, **kwargs)
        decision.confident = decision.probability
        return decision

    monkeypatch.setattr(answerable, "assess", confident)
    with FakeOllama() as fake:  # replies NOT_IN_SOURCES
        answer = use_ollama(fake.url).ask("How much was Durov's bail?", backend="ollama")
    assert len(fake.chats()) == 2
    assert answer.answered_by == "extractive" and answer.fallback_from == ["ollama"]
    assert not answer.abstained and "5 millions" in answer.text and answer.citations[0].source == FRENCH
    assert any("asked again with only the best sentences" in w for w in answer.warnings)
    assert any("quoted instead" in w for w in answer.warnings)


@pytest.mark.parametrize("question,reply,needle", [
    ("How much was Durov's bail?", "Durov's bail was 5 million euros [{n}].", "5 million euros"),
    ("Berapa uang jaminan Durov?", "Uang jaminan Durov adalah 5 juta euro [{n}].", "5 juta euro"),
])
def test_a_refusal_on_evidence_rated_answerable_is_asked_again_from_the_best_sentences(
        use_ollama, monkeypatch, question, reply, needle):
    """The LLM says NOT_IN_SOURCES on evidence rated confidently answerable (by decree, as
    above); asked again with only the best sentences — the French bail sentence first — it
    answers, in the question's language, and the verified answer is its own."""
    from assistant.answer import answerable

    assess = answerable.assess

    def confident(*args, **kwargs):
        decision = assess(*args, **kwargs)
        decision.confident = decision.probability
        return decision

    def answer_when_focused(request):
        prompt = request["messages"][-1]["content"]
        if "most likely to answer" not in prompt:
            return "NOT_IN_SOURCES"
        return reply.format(n=source_number(request, FRENCH))

    monkeypatch.setattr(answerable, "assess", confident)
    with FakeOllama(reply=answer_when_focused) as fake:
        answer = use_ollama(fake.url).ask(question, backend="ollama")
    first, focused = (chat["messages"][-1]["content"] for chat in fake.chats())
    assert "5 millions d’euros" in focused and len(focused) < len(first)  # the best sentences only
    assert answer.answered_by == "ollama" and not answer.fallback_from, answer.warnings
    assert needle in answer.text and answer.citations[0].source == FRENCH
    assert any("asked again with only the best sentences" in w for w in answer.warnings)


@pytest.mark.parametrize("question,reply", [
    ("Why did Germany fine Telegram?", "Germany fined Telegram because it failed to establish a mechanism for "
                                       "reporting illegal content [{n}]."),
    ("Mengapa Jerman menjatuhkan denda kepada Telegram pada tahun 2022?",
     "Jerman mendenda Telegram karena gagal membangun mekanisme untuk melaporkan konten ilegal [{n}]."),
])
def test_a_why_question_shows_the_model_the_sentence_that_gives_the_reason(use_ollama, question, reply):
    """The best sentence says Germany fined Telegram "for violating laws"; the reason is the next,
    "This was due to their failure to establish a mechanism …", which the learned ranking does not
    put among the best six: the prompt shows it after the best one (``extractive.goes_on``), and an
    answer from it is kept: it answers with the best one, and names the place the sentence before names."""
    def answer(request):
        return reply.format(n=source_number(request, "000_186d9d6d1e53edb1.txt"))

    with FakeOllama(reply=answer) as fake:
        result = use_ollama(fake.url).ask(question, backend="ollama")
    prompt = fake.chats()[0]["messages"][1]["content"]
    assert "Germany imposed fines" in prompt
    assert "This was due to their failure to establish a mechanism for reporting illegal content." in prompt
    assert not result.abstained and result.answered_by == "ollama", result.dropped
    assert any(c.quote.startswith("This was due to their failure") for c in result.citations), result.citations
