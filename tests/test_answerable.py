"""The answerability model: its inputs, its cut, its verdicts on the seeds in four languages, and
that the training script reproduces the committed weights."""
import json

import pytest

from assistant.answer import answerable, questions
from assistant.evals import answerability

from .conftest import ROOT, ask_extractive


@pytest.mark.parametrize("question,keys", [
    ("Who won the 2022 FIFA World Cup?", ["2022", "fifa", "world", "cup"]),
    ("How much was Durov's bail?", ["durov"]),
    ("Quelle est la nationalité de Pavel Durov ?", ["pavel", "durov"]),
    ("Berapa lama Telegram diblokir di Rusia?", ["telegram", "rusia"]),
    ("杜罗夫在2024年8月被捕了吗？", ["2024", "8"]),
])
def test_key_terms_are_names_and_numbers(question, keys):
    assert questions.key_terms(question) == keys


@pytest.mark.parametrize("question,parts", [
    ("How many offences was Durov charged with, and how much was his bail?",
     ["How many offences was Durov charged with", "how much was his bail?"]),
    ("Pourquoi Telegram a-t-il été bloqué en Russie, et pendant quelles années ?",
     ["Pourquoi Telegram a-t-il été bloqué en Russie", "pendant quelles années ?"]),
    ("Berapa usia Durov, dan dengan berapa pelanggaran ia didakwa?",
     ["Berapa usia Durov", "dengan berapa pelanggaran ia didakwa?"]),
    ("杜罗夫今年几岁？他的保释金是多少？", ["杜罗夫今年几岁？", "他的保释金是多少？"]),
    # without the comma, a question word after "and" opens the second question
    ("How old is Durov and how much was his bail?", ["How old is Durov", "how much was his bail?"]),
    ("Quel âge a Durov et combien a-t-il payé de caution ?", ["Quel âge a Durov", "combien a-t-il payé de caution ?"]),
    ("Berapa usia Durov dan berapa uang jaminannya?", ["Berapa usia Durov", "berapa uang jaminannya?"]),
    # … or a preposition and a question word, or a question word and one word more
    ("Why was Telegram banned in Russia and for how long?", ["Why was Telegram banned in Russia", "for how long?"]),
    ("Pourquoi Telegram a-t-il été bloqué en Russie et pendant combien de temps ?",
     ["Pourquoi Telegram a-t-il été bloqué en Russie", "pendant combien de temps ?"]),
    ("Mengapa Telegram diblokir di Rusia dan berapa lama?", ["Mengapa Telegram diblokir di Rusia", "berapa lama?"]),
    # a Chinese comma between two clauses that each ask something
    ("杜罗夫在哪里被捕，什么时候获释？", ["杜罗夫在哪里被捕", "什么时候获释？"]),
    ("Telegram 为什么在俄罗斯被封锁，封锁了多久？", ["Telegram 为什么在俄罗斯被封锁", "封锁了多久？"]),
    # one thing asked, whatever its "and"
    ("Where and when was Durov arrested?", None),
    ("Is Telegram encrypted and is it safe to use?", None),
    ("What did the police and the prosecutors say?", None),
    ("Who criticised Telegram for not scanning for CSAM and for not cooperating?", None),
    ("Durov et Telegram sont-ils poursuivis en France ?", None),
    ("Apa kata Durov dan Telegram tentang penangkapan itu?", None),
    ("法国和德国对 Telegram 做了什么？", None),
    ("除俄罗斯外，Telegram 还在哪个国家遭到封禁？", None),  # the first clause sets the scene
    ("杜罗夫说，当一个国家对某项互联网服务不满时，惯常的做法是什么？", None),
    ("Where was Durov arrested and when?", None),
    ("Goldenson proposed a merger between UPT and what network in October 1954?", None),  # XQuAD: no question opens it
])
def test_the_parts_of_a_question_that_asks_two_things(question, parts):
    assert questions.parts(question) == (parts or [question])


def test_a_lower_false_refusal_target_lowers_the_cut():
    model = answerable.load()["base"]
    cuts = [answerable.threshold(model, rate) for rate in (0.01, 0.05, 0.1, 0.3)]
    assert cuts == sorted(cuts) and cuts[0] < cuts[-1]
    assert answerable.threshold(model, 0.06) == pytest.approx(
        answerable.threshold(model, 0.05) + 0.4 * (answerable.threshold(model, 0.075) - answerable.threshold(model, 0.05)))
    assert answerable.threshold(model, 0.001) == answerable.threshold(model, 0.01)  # no extrapolation


@pytest.mark.parametrize("question", [
    "How much was Durov's bail?",  # the amount is in the French file only
    "Berapa uang jaminan Durov?",
    "Où Pavel Durov a-t-il été arrêté ?",
    "Telegram 在俄罗斯被封锁是从哪一年到哪一年？",  # the years are in the Indonesian file
    # s052, from a sentence in French: the features alone refused it until the learned ranking's
    # verdict and the kind of answer asked for joined them (ranked_top, asks_kind_*)
    "出生于俄罗斯的杜罗夫如今拥有哪国国籍？",
])
def test_answerable_questions_pass(seeds_assistant, question):
    answer = seeds_assistant.ask(question, backend="extractive")
    verdict = answer.answerability
    assert verdict["probability"] >= verdict["threshold"] and not answer.abstained, verdict


@pytest.mark.parametrize("question,refusal", [
    ("Who won the 2022 FIFA World Cup?", "The corpus does not say."),
    ("Quelle est la capitale de l'Australie ?", "Le corpus ne le dit pas."),
    ("Siapa presiden Brasil saat ini?", "Korpus tidak menyebutkannya."),
    ("珠穆朗玛峰有多高？", "语料库中没有提到这一点。"),
    # mostly a name: the refusal in the question's language (French, Portuguese and French before)
    ("Siapa Emmanuel Macron?", "Korpus tidak menyebutkannya."),
    ("Emmanuel Macron是谁？", "语料库中没有提到这一点。"),
    ("Qu'est-ce que OpenAI ?", "Le corpus ne le dit pas."),
])
def test_questions_the_corpus_does_not_answer_are_refused(seeds_assistant, question, refusal):
    answer = seeds_assistant.ask(question, backend="extractive")
    verdict = answer.answerability
    assert verdict["probability"] < verdict["threshold"], verdict
    assert answer.abstained and answer.text == refusal and not answer.citations


def test_the_false_refusal_setting_moves_the_cut(seeds_assistant):
    question = "How much was Durov's bail?"
    default = seeds_assistant.ask(question, backend="extractive").answerability
    settings = seeds_assistant.settings
    seeds_assistant.settings = settings.model_copy(update={"false_refusal": 0.5})
    try:
        strict = seeds_assistant.ask(question, backend="extractive").answerability
    finally:
        seeds_assistant.settings = settings
    assert strict["probability"] == default["probability"] and strict["threshold"] > default["threshold"]


def test_the_training_script_reproduces_the_weights(tmp_path):
    """Step 2 of ``python -m assistant.evals.answerability`` on the committed features files."""
    folder = ROOT / answerability.OUT
    rows = [json.loads(line) for line in (folder / "features.jsonl").open(encoding="utf-8")]
    judged = [json.loads(line) for line in (folder / "llm_features.jsonl").open(encoding="utf-8")]
    assert {r["source"] for r in rows} == {r["source"] for r in judged} == {"seeds", "xquad", "nomiracl"}
    trained = sorted((r["group"], r["label"], r["question"]) for r in rows if r["source"] == "nomiracl")
    assert trained == _first_nomiracl_queries()  # the queries after them are for evaluation
    weights = tmp_path / "answerable.json"
    answerability.fit(rows, judged, tmp_path, weights)
    fresh, committed = json.loads(weights.read_text()), answerable.load()
    for name in ("base", "llm"):
        assert fresh[name]["features"] == committed[name]["features"]
        assert fresh[name]["coef"] == pytest.approx(committed[name]["coef"], abs=1e-3)
        assert fresh[name]["thresholds"] == pytest.approx(committed[name]["thresholds"], abs=1e-3)
        assert (tmp_path / f"calibration_{name}.png").stat().st_size > 10_000


def _first_nomiracl_queries() -> list:
    from assistant.evals import nomiracl

    data = ROOT.parent / "shared" / "benchmarks" / "nomiracl"
    return sorted((lang, int(subset == "relevant"), q["query"]) for lang in ("en", "fr", "id", "zh")
                  for subset in nomiracl.SUBSETS for q in nomiracl.load(data, lang, subset, answerability.NOMIRACL_TRAIN))


@pytest.mark.parametrize("question,answers", [
    # seeds dev questions on which the features alone decided wrongly
    ("How much is Durov paying his defence lawyers?", False),  # s180: the corpus names no fee
    ("Quel est le nom du procureur chargé de l'enquête sur Durov ?", False),  # s185: names no prosecutor
    # s194: Russia and France are all
    pytest.param("除了俄罗斯和法国，杜罗夫还持有哪个国家的国籍？", False, marks=pytest.mark.xfail(
        strict=False, reason="decided right on an AMD EPYC before stop 44; on an Intel Xeon the model's P(yes) is 0.59 "
        "(llama.cpp's kernels differ by CPU) and the probability (0.78 since stop 44's features) stays above the cut "
        "(0.71)")),
    ("Quelle nationalité Durov a-t-il obtenue en plus de ses origines russes ?", True),  # s073
])
def test_the_bundled_models_judgement_corrects_the_features(seeds_assistant, question, answers):
    """With ``llm_reader`` the extractive backend's gate reads the bundled model's P(yes) (the
    ``llm`` model of answerable.json); without it, the features alone got these wrong."""
    alone = ask_extractive(seeds_assistant, question, reader=False)
    read = ask_extractive(seeds_assistant, question, reader=True)
    assert "llm_yes" not in alone.answerability and alone.abstained == answers, alone.answerability
    assert 0.0 < read.answerability["llm_yes"] < 1.0, read.answerability
    assert read.answered_by == "extractive" and read.abstained != answers, read.answerability
    if answers:  # the sentence that says it is quoted (the ranker may put another first)
        assert any("citoyenneté française" in c.quote for c in read.citations), read.citations


@pytest.mark.xfail(strict=True, reason="known failure: the model's P(yes) is 0.18 over the French bail sentence "
                   "next to an Indonesian disclaimer that 'tidak memberikan jaminan' (a guarantee); the features "
                   "alone answer it (test_answerable_questions_pass)")
def test_the_bail_asked_in_indonesian_is_answered_with_the_models_judgement(seeds_assistant):
    answer = ask_extractive(seeds_assistant, "Berapa uang jaminan Durov?", reader=True)
    assert "llm_yes" in answer.answerability and not answer.abstained, answer.answerability


def test_without_llama_cpp_the_features_decide_alone(seeds_assistant, tmp_path, caplog):
    """A GGUF path that does not exist: one warning naming the fix, and the answer still comes."""
    settings = seeds_assistant.settings
    seeds_assistant.settings = settings.model_copy(update={"llm_reader": True, "gguf_path": tmp_path / "none.gguf"})
    llms = seeds_assistant.llms
    seeds_assistant.llms = {}
    try:
        asked = ("How much was Durov's bail?", "Où Pavel Durov a-t-il été arrêté ?")
        answers = [seeds_assistant.ask(q, backend="extractive") for q in asked]
    finally:
        seeds_assistant.settings, seeds_assistant.llms = settings, llms
    assert all(not a.abstained and "llm_yes" not in a.answerability for a in answers)
    warned = [r.getMessage() for r in caplog.records if "no LLM judges" in r.getMessage()]
    assert len(warned) == 1 and "ASSISTANT_GGUF_PATH" in warned[0], warned


def test_the_page_says_which_model_judges_the_quotes(seeds_assistant):
    from assistant.web import notice

    settings = seeds_assistant.settings
    try:
        seeds_assistant.settings = settings.model_copy(update={"llm_reader": True})
        judged = notice(seeds_assistant)
        seeds_assistant.settings = settings.model_copy(update={"llm_reader": False})
        alone = notice(seeds_assistant)
    finally:
        seeds_assistant.settings = settings
    assert "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf judges whether they answer" in judged
    assert "<code>llamacpp</code> under Settings" in judged and "Running without an LLM" in alone


def test_the_judges_instruction_is_read_back_from_its_prompt_cache(seeds_assistant, tmp_path):
    """The gate's instruction is evaluated once and kept on disk: a new process reads its state
    back and evaluates only the passages and the question, with the same P(yes); a damaged file
    costs only the evaluation."""
    from assistant.answer.judge import Judge
    from assistant.answer.llms import gguf_file

    model = gguf_file(seeds_assistant.settings)
    asked = [("How much was Durov's bail?", ["Pavel Durov a été libéré sous contrôle judiciaire avec une caution "
                                              "de 5 millions d'euros."]),
             ("杜罗夫在哪里被捕？", ["Durov ditangkap di bandara Le Bourget, Paris."])]
    first, second = Judge(model, state_dir=tmp_path), Judge(model, state_dir=tmp_path)
    _count_evaluations(first), _count_evaluations(second)
    before, evaluated = [first.answers(q, p) for q, p in asked], first.evaluated
    [cache] = tmp_path.glob("prompt-*.kv")
    assert cache.stat().st_size > 100_000
    after = [second.answers(q, p) for q, p in asked]
    assert after == pytest.approx(before, abs=1e-3)
    # the first judge evaluated the instruction, then each question's rest; the second only the rests
    assert evaluated[0] > 50 and second.evaluated == evaluated[1:], (evaluated, second.evaluated)

    cache.write_bytes(b"damaged")
    assert Judge(model, state_dir=tmp_path).answers(*asked[0]) == pytest.approx(before[0], abs=1e-3)
    assert cache.stat().st_size > 100_000  # written again


def _count_evaluations(judge) -> None:
    """Record how many tokens each of the judge's llama.cpp evaluations takes, in ``judge.evaluated``."""
    llama, judge.evaluated = judge._model(), []
    evaluate = llama.eval
    llama.eval = lambda tokens: (judge.evaluated.append(len(tokens)), evaluate(tokens))[1]
