"""Verification of LLM answer sentences (``answer/verify.py``, ``facts.py``, ``align.py``) against
the seeds with the real e5 model: each rule rejects what it is for, in two languages or more, and
lets the right version of the same sentence through (so each test fails if its rule is removed).
The claims here are written for these tests, not taken from ``evals/gold/claims.jsonl``."""
from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.answer import facts
from assistant.answer.align import negation_mismatch
from assistant.answer.generate import sources_for
from assistant.answer.verify import CAUSE_FAULT, PERIOD_FAULT, Claim, check, clauses, is_fragment
from assistant.evals import claims as claims_suite
from assistant.ingest.language import detect

from .conftest import FRENCH, INDONESIAN, MIXED, ROOT, SEEDS

ENGLISH = "000_186d9d6d1e53edb1.txt"


def verdict(assistant, claim: str, question: str, source: str, needle: str, rescue=None):
    """``verify.check`` of ``claim`` citing the hit that holds ``needle`` of ``source``, over the
    hits retrieved for ``question``: what a streaming LLM answer gets (``rescue``: the LLM judge
    keeping near claims across languages, as for llama.cpp answers)."""
    text = (SEEDS / source).read_text(encoding="utf-8")
    start = text.index(needle)
    row = {"id": "t", "source": source, "start": start, "end": start + len(needle)}
    language = detect(question)
    hits, n, _ = claims_suite.cited_hit(assistant, row, assistant.retrieve(question, language=language))
    return check(Claim(claim, [n]), sources_for(assistant.answer_context(), question, language, hits, rescue=rescue))


REPORT = ("Les utilisateurs peuvent signaler du contenu illégal", "Comment signaler un contenu illégal ?", FRENCH)
KOREA = ("韩国媒体监管机构周二表示", "韩国监管机构说了什么？", MIXED)
REVIEW = ("没有接受过外部的审查", "Telegram 的加密算法可靠吗？", MIXED)
BLOCKED = ("Telegram diblokir di Rusia dari tahun 2018 hingga 2020", "Di mana Telegram diblokir?", INDONESIAN)
BAIL = ("libéré sous caution de 5 millions", "Quelle caution Durov a-t-il payée ?", FRENCH)
GERMANY = ("In 2022, Germany imposed fines", "Why was Telegram fined in Germany?", ENGLISH)


def _check(assistant, claim, case):
    needle, question, source = case
    return verdict(assistant, claim, question, source, needle)


# -- negation -----------------------------------------------------------------------------------
@pytest.mark.parametrize("wrong,right,case", [
    ("Les utilisateurs ne peuvent pas signaler de contenu illégal à Telegram sur son site web.",
     "Les utilisateurs peuvent signaler du contenu illégal à Telegram grâce à un robot sur son site web.", REPORT),
    ("韩国媒体监管机构周二表示,Telegram 没有遵从其要求删除某些深度伪造色情内容。",
     "韩国媒体监管机构周二表示,Telegram 已遵从其要求删除某些深度伪造色情内容。", KOREA),
    ("Telegram 使用的加密算法是内部开发的,并且接受过外部的审查。",  # the source: 没有接受过 (never reviewed)
     "Telegram 使用的加密算法是内部开发的,没有接受过外部的审查。", REVIEW),
])
def test_negation_mismatch_is_rejected(seeds_assistant, wrong, right, case):
    result = _check(seeds_assistant, wrong, case)
    assert not result.ok and "negates" in result.reason, (result.reason, result.similarity)
    assert _check(seeds_assistant, right, case).ok


ANARCHIC = ("that Telegram is some sort of anarchic paradise are absolutely untrue",
            "What does Durov say about claims that Telegram is an anarchic paradise?", MIXED)


@pytest.mark.parametrize("wrong,right", [
    # what the source calls untrue, stated as what it says; its denial said again in other words
    ("According to Durov, Telegram is some sort of anarchic paradise.",
     "Durov membantah klaim sejumlah media bahwa Telegram adalah semacam surga anarkis."),
    ("Selon Durov, Telegram est une sorte de paradis anarchique.",
     "Durov affirme que les affirmations de certains médias selon lesquelles Telegram serait un paradis anarchique "
     "sont totalement fausses."),
    # 无政府 ("anarchic") holds no negation
    ("杜罗夫认为 Telegram 是某种无政府主义天堂。", "杜罗夫驳斥了一些媒体称 Telegram 是无政府主义天堂的说法。"),
])
def test_what_a_source_calls_untrue_is_no_statement_of_it(seeds_assistant, wrong, right):
    result = _check(seeds_assistant, wrong, ANARCHIC)
    assert not result.ok and "negates" in result.reason, (result.reason, result.similarity)
    kept = _check(seeds_assistant, right, ANARCHIC)
    assert kept.ok and ANARCHIC[0] in kept.candidate.text, kept.reason


UNHAPPY = ("If a country is unhappy with an internet service, the established practice is to start a legal action "
           "against the service itself.")


@pytest.mark.parametrize("wrong,right", [
    # "不满" and "tidak puas" are the words for "unhappy": no denial; a denial of the practice still is one
    ("当一个国家对某项互联网服务不满时，惯常的做法不是对该服务本身提起法律诉讼。",
     "当一个国家对某项互联网服务不满时，惯常的做法是对该服务本身提起法律诉讼。"),
    ("Jika suatu negara tidak puas dengan sebuah layanan internet, praktik yang lazim bukanlah mengajukan tuntutan "
     "hukum terhadap layanan itu sendiri.",
     "Jika suatu negara tidak puas dengan sebuah layanan internet, praktik yang lazim adalah mengajukan tuntutan "
     "hukum terhadap layanan itu sendiri."),
])
def test_dissatisfied_is_no_negation(seeds_assistant, wrong, right):
    assert UNHAPPY in (SEEDS / "002_014609ecee85ddf9.txt").read_text(encoding="utf-8")
    embedding = seeds_assistant.answer_context().embedding

    def embed(texts):
        return np.asarray(embedding.get_text_embedding_batch(texts), dtype=np.float32)

    assert not negation_mismatch(right, UNHAPPY, embed)
    assert negation_mismatch(wrong, UNHAPPY, embed)


KAYE = ("acknowledges that while Telegram has banned certain groups", "What does David Kaye say about Telegram?",
        "004_2d0bfc7bcb64a6f2.txt")
IRAN = ("When Iran demanded we block channels", "Why was Telegram banned in Iran?", MIXED)


@pytest.mark.parametrize("wrong,right,case", [
    # The sentence tells of a refusal too, of something else (sharing data): the claim's refusal is
    # of what the sentence says was done.
    ("According to David Kaye, Telegram has refused to ban certain groups and to remove CSAM content in response to law "
     "enforcement.",
     "According to David Kaye, Telegram has banned certain groups and removed CSAM content in response to law "
     "enforcement, but refuses to share data with investigators.", KAYE),
    ("Selon David Kaye, Telegram a refusé d’interdire des groupes et de retirer des contenus CSAM à la demande "
     "des forces de l’ordre.",
     "Selon David Kaye, Telegram a interdit certains groupes et retiré des contenus CSAM à la demande des forces de "
     "l’ordre, mais refuse de partager des données avec les enquêteurs.", KAYE),
])
def test_refusing_what_the_sentence_says_was_done_is_rejected(seeds_assistant, wrong, right, case):
    result = _check(seeds_assistant, wrong, case)
    assert not result.ok and "negates" in result.reason, (result.reason, result.similarity)
    assert _check(seeds_assistant, right, case).ok


@pytest.mark.parametrize("claim", [
    "Telegram was banned in Iran after it refused Iran's demand to block the channels of peaceful protesters.",
    "伊朗要求 Telegram 封锁和平抗议者的频道,Telegram 拒绝了,随后在伊朗被封禁。",
])
def test_refusing_what_was_demanded_is_kept(seeds_assistant, claim):
    result = _check(seeds_assistant, claim, IRAN)  # the sentence: "..., we refused — and Telegram got banned in Iran."
    assert result.ok, (result.reason, result.similarity)


# -- dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("wrong,right,case", [
    ("South Korea's media regulator said on Thursday that the encrypted messaging app Telegram had complied with "
     "its request and removed certain deepfake pornographic content from its platform.",
     "South Korea's media regulator said on Tuesday that the encrypted messaging app Telegram had complied with "
     "its request and removed certain deepfake pornographic content from its platform.", KOREA),
    ("Les autorités françaises ont arrêté Durov à l’aéroport du Bourget près de Paris fin juin.",
     "Les autorités françaises ont arrêté Durov à l’aéroport du Bourget près de Paris fin août.",
     ("Les autorités françaises ont arrêté Durov", "Où Durov a-t-il été arrêté ?", FRENCH)),
    ("Polisi Prancis menahan Durov dua tahun yang lalu setelah jet pribadinya mendarat di Bandara Paris-Le Bourget.",
     "Polisi Prancis menahan Durov dua minggu yang lalu setelah jet pribadinya mendarat di Bandara Paris-Le Bourget.",
     ("Polisi Prancis menahan Durov", "Kapan Durov ditahan?", INDONESIAN)),
])
def test_swapped_date_is_rejected(seeds_assistant, wrong, right, case):
    result = _check(seeds_assistant, wrong, case)
    assert not result.ok and "date" in result.reason, (result.reason, result.similarity)
    assert _check(seeds_assistant, right, case).ok


# -- quantities: scales and number words -----------------------------------------------------------
@pytest.mark.parametrize("claim,case", [
    ("杜罗夫以 500 万欧元的保释金获释,并须每周向警方报到两次。", BAIL),  # 500 万 = 5 millions, 两次 = deux fois
    ("Durov dibebaskan dengan jaminan 5 juta euro dan harus melapor ke polisi dua kali seminggu.", BAIL),
])
def test_translated_quantities_are_kept(seeds_assistant, claim, case):
    result = _check(seeds_assistant, claim, case)
    assert result.ok, (result.reason, result.similarity)


@pytest.mark.parametrize("claim,case", [
    ("杜罗夫以 500 万欧元的保释金获释,并须每周向警方报到三次。", BAIL),
    ("Durov dibebaskan dengan jaminan 5 juta euro dan harus melapor ke polisi tiga kali seminggu.", BAIL),
    ("Durov a été libéré sous une caution de 50 millions d’euros.", BAIL),
])
def test_swapped_quantity_is_rejected(seeds_assistant, claim, case):
    result = _check(seeds_assistant, claim, case)
    assert not result.ok and "number" in result.reason, (result.reason, result.similarity)


ARRESTED = ("Polisi Prancis menahan Durov dua minggu yang lalu", "Kapan Durov ditahan?", INDONESIAN)


@pytest.mark.parametrize("wrong,right", [
    ("Durov a été inculpé de 2 infractions, puis arrêté par la police française.",
     "Durov a été arrêté par la police française il y a deux semaines."),
    ("Polisi Prancis menahan Durov setelah 2 pelanggaran terkait jet pribadinya.",
     "Polisi Prancis menahan Durov dua minggu yang lalu di Bandara Paris-Le Bourget."),
])
def test_a_count_is_not_held_by_a_span_of_time(seeds_assistant, wrong, right):
    """The sentence holds "dua minggu" (two weeks): a 2 of something else is not in it."""
    result = _check(seeds_assistant, wrong, ARRESTED)
    assert not result.ok and "number" in result.reason, (result.reason, result.similarity)
    assert _check(seeds_assistant, right, ARRESTED).ok


def test_quantities_read_scales_and_number_words():
    assert 5e6 in facts.quantities("500 万欧元")[1] and 5e6 in facts.quantities("5 millions d’euros")[1]
    assert 9.5e8 in facts.quantities("9.5 亿")[1] and 9.5e8 in facts.quantities("950 juta")[1]
    assert facts.quantities("dua puluh pelanggaran")[1] == {20.0} and facts.quantities("selusin")[1] == {12.0}
    assert facts.quantities("为期六天")[1] == {6.0} and facts.quantities("一对一通信")[1] == set()
    # "100m" before a Chinese character is a distance; "€5.1m" and "950m users" are millions
    assert facts.quantities("只显示100m内群组")[1] == {100.0} and 5.1e6 in facts.quantities("€5.1m (£3.7m)")[1]
    # a scale is a word of its own: "100 mètres" is no 100 million
    assert facts.quantities("dans un rayon de 100 mètres")[1] == {100.0} == facts.quantities("100 meter")[1]
    # a scale with an article or a Chinese numeral for its number is one (or that many) of it;
    # a scale alone is no amount
    assert facts.quantities("Almost a billion users")[1] == {1e9} == facts.quantities("près d'un milliard")[1]
    assert facts.quantities("hampir satu miliar")[1] == {1e9} == facts.quantities("近十亿用户")[1]
    assert facts.quantities("sejuta")[1] == {1e6} and facts.quantities("两万人")[1] == {2e4}
    assert facts.quantities("millions of harmful posts")[1] == set()


# -- places -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("wrong,right,case", [
    ("Telegram 于 2018 年至 2020 年在俄罗斯被封禁,并且在日本仍然处于封禁状态。",
     "Telegram 于 2018 年至 2020 年在俄罗斯被封禁,并且在伊朗仍然处于封禁状态。", BLOCKED),
    ("Telegram a été bloqué en Russie de 2018 à 2020 et l’est toujours en Chine.",
     "Telegram a été bloqué en Russie de 2018 à 2020 et l’est toujours en Iran.", BLOCKED),
])
def test_swapped_place_is_rejected_and_translated_places_are_kept(seeds_assistant, wrong, right, case):
    result = _check(seeds_assistant, wrong, case)
    assert not result.ok and ("place" in result.reason or "name" in result.reason), result.reason
    assert _check(seeds_assistant, right, case).ok  # Russie / 俄罗斯 = Rusia, Iran / 伊朗 = Iran


def test_places_are_read_across_languages():
    assert facts.places("Telegram diblokir di Rusia, di AS dan di Uni Eropa") == {"russia", "us", "europe"}
    assert facts.places("东南亚分公司") == {"southeast asia"} and facts.places("Southeast Asia") == {"southeast asia"}
    assert facts.places("pemblokiran index euros") == set()
    # Indonesia, not India: "印度尼西亚" holds "印度"
    assert facts.places("在印度尼西亚") == {"indonesia"} == facts.places("en Indonésie") and facts.places("印度") == {"india"}
    assert facts.places("un sentiment de malaise") == set()


USERS_ID = ("yang saat ini memiliki lebih dari 950 juta pengguna", "Berapa pengguna Telegram di Indonesia?", INDONESIAN)
USERS_EN = ("the popular messaging app with 950 million users", "How many Telegram users are there in Indonesia?",
            "004_2d0bfc7bcb64a6f2.txt")


@pytest.mark.parametrize("wrong,right,case", [
    ("Telegram memiliki lebih dari 950 juta pengguna aktif bulanan di Indonesia.",
     "Telegram memiliki lebih dari 950 juta pengguna aktif bulanan.", USERS_ID),
    ("Telegram is a popular messaging app with 950 million users in Indonesia.",
     "Telegram is a popular messaging app with 950 million users.", USERS_EN),
])
def test_the_place_a_question_asks_about_is_not_put_into_a_fact(seeds_assistant, wrong, right, case):
    """A look-alike unanswerable: the corpus counts Telegram's users worldwide, not in Indonesia."""
    result = _check(seeds_assistant, wrong, case)
    assert not result.ok and "place" in result.reason, result.reason
    assert _check(seeds_assistant, right, case).ok


# -- how often ----------------------------------------------------------------------------------------
REPORTING = ("doit se présenter à la police deux fois par semaine", "Seberapa sering Durov harus melapor ke polisi?", FRENCH)
REMOVALS = ("We take down millions of harmful posts and channels every day",
            "Combien de publications nuisibles Telegram supprime-t-il ?", MIXED)


@pytest.mark.parametrize("wrong,right,case", [
    ("Durov harus melapor ke polisi dua kali sehari.", "Durov harus melapor ke polisi dua kali seminggu.", REPORTING),
    ("Durov must report to the police twice a month.", "Durov must report to the police twice a week.", REPORTING),
    ("Telegram supprime des millions de publications et de chaînes nuisibles chaque semaine.",
     "Telegram supprime chaque jour des millions de publications et de chaînes nuisibles.", REMOVALS),
])
def test_a_swapped_period_of_how_often_is_rejected(seeds_assistant, wrong, right, case):
    # every number and word of "twice a day" is in "deux fois par semaine": only the period differs
    result = _check(seeds_assistant, wrong, case)
    assert not result.ok and result.reason == PERIOD_FAULT, result.reason
    assert _check(seeds_assistant, right, case).ok


def test_periods_are_read_in_every_language_only_where_they_say_how_often():
    week = ["deux fois par semaine", "twice a week", "dua kali seminggu", "每周两次", "weekly reports"]
    assert all(facts.periods(text) == {"week"} for text in week)
    assert facts.periods("setiap hari") == facts.periods("每天删除") == facts.periods("tous les jours") == {"day"}
    assert facts.periods("950 juta pengguna aktif bulanan") == facts.periods("9.5亿月活跃用户") == {"month"}
    # a day after, a daily newspaper, a name: no period
    assert facts.periods("sehari setelah penangkapannya") == facts.periods("a day after his arrest") == set()
    assert facts.periods("selon le quotidien Le Monde") == facts.periods("The Daily Telegraph") == set()


# -- causes -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("claim,case", [
    ("In 2022, Germany imposed fines of €5.1m on Telegram because of its encryption.", GERMANY),
    ("En 2022, l’Allemagne a infligé une amende de 5,1 millions d’euros à Telegram parce que ses serveurs "
     "étaient trop lents.", GERMANY),
])
def test_invented_cause_is_rejected(seeds_assistant, claim, case):
    result = _check(seeds_assistant, claim, case)
    assert not result.ok and "cause" in result.reason, (result.reason, result.similarity)


def test_a_cause_the_sentence_gives_is_kept(seeds_assistant):
    claim = "In 2022, Germany imposed fines of €5.1m on Telegram because it violated laws that govern major online platforms."
    assert _check(seeds_assistant, claim, GERMANY).ok


# -- names spelled out from an acronym ------------------------------------------------------------------
def test_translated_name_of_an_acronym_is_kept(seeds_assistant):
    claim = ("Menurut Komisi Standar Komunikasi Korea (KCSC), Telegram telah menghapus 25 materi eksploitasi "
             "seksual dari platformnya.")
    case = ("韩国通信标准委员会 (KCSC) 表示", "Apa kata regulator Korea Selatan tentang Telegram?", MIXED)
    result = _check(seeds_assistant, claim, case)
    assert result.ok, (result.reason, result.similarity)
    wrong = claim.replace("(KCSC)", "(KPI)")  # an acronym the source does not use
    assert not _check(seeds_assistant, wrong, case).ok


# -- the claims suite, end to end ----------------------------------------------------------------------------
def test_claims_suite_on_a_few_dev_claims(seeds_assistant, tmp_path):
    from assistant.evals.report import write

    report = claims_suite.evaluate(lambda corpus, index: seeds_assistant, ROOT / "evals" / "gold",
                                   SEEDS, tmp_path / "work", "dev", limit=6)
    assert report["suite"] == "claims" and report["split"] == "dev" and report["n"] == 6
    rows = [json.loads(line) for line in (ROOT / "evals" / "gold" / "claims.jsonl").open(encoding="utf-8")]
    assert [c["id"] for c in report["cases"]] == [r["id"] for r in rows if r["split"] == "dev"][:6]
    m = report["metrics"]
    assert set(m) >= {"wrong_rejected", "right_kept", "per_kind", "per_language", "reasons", "added_hits", "judge"}
    for case in report["cases"]:
        assert case["correct"] == (case["kept"] == (case["label"] == "right"))
        assert case["kept"] == (not case["reason"])
    assert sum(m["reasons"].values()) == sum(not c["kept"] for c in report["cases"])
    paths = write(report, tmp_path / "out")
    assert (tmp_path / "out" / "report.md").read_text().startswith("# Claims") and paths[0].is_file()


# -- what a claim adds to its sentence ----------------------------------------------------------------------
@pytest.mark.parametrize("wrong,right,case", [
    ("Durov, libéré sous caution de 5 millions d’euros, doit se présenter à la police deux fois par semaine et "
     "remettre son passeport aux autorités judiciaires.",
     "Durov, libéré sous une caution de 5 millions d’euros, doit se présenter deux fois par semaine à la police.", BAIL),
    ("Durov merilis pernyataan panjang di saluran Telegram-nya pada hari Kamis, mengatakan bahwa dia telah bekerja sama "
     "dengan penegak hukum Prancis di masa lalu, termasuk lewat sebuah tim khusus pemantau konten teroris.",
     "Durov merilis pernyataan panjang di saluran Telegram-nya pada hari Kamis, mengatakan bahwa dia telah bekerja sama "
     "dengan penegak hukum Prancis di masa lalu.",
     ("Durov merilis pernyataan panjang", "Apa yang dikatakan Durov dalam pernyataannya?", INDONESIAN)),
])
def test_a_claim_adding_words_of_its_own_to_its_sentence_is_rejected(seeds_assistant, wrong, right, case):
    result = _check(seeds_assistant, wrong, case)
    assert not result.ok and "words" in result.reason, (result.reason, result.similarity)
    assert _check(seeds_assistant, right, case).ok


@pytest.mark.parametrize("question,case", [
    ("Di mana Telegram diblokir?", BLOCKED),
    ("杜罗夫以多少保释金获释？", BAIL),
])
def test_a_question_echoed_as_an_answer_is_dropped(seeds_assistant, question, case):
    """Small models echo the question ("Telegram menjadi sumber informasi penting tentang perang apa?"):
    a question states nothing, even when e5 finds it near the sentence it cites."""
    needle, _, source = case
    result = verdict(seeds_assistant, f"{question} [1]", question, source, needle)
    assert not result.ok and "question" in result.reason, (result.reason, result.similarity)


# -- the LLM judge -------------------------------------------------------------------------------------------
def test_llm_judge_reads_yes_and_no_from_the_bundled_model():
    from assistant.answer.judge import judge_for_settings
    from assistant.settings import Settings

    judge = judge_for_settings(Settings())
    sentence = ("In 2022, Germany imposed fines of €5.1m (£3.7m) on Telegram for violating laws that govern major "
                "online platforms.")
    right = judge("In 2022, Germany fined Telegram €5.1m for violating laws that govern major online platforms.", sentence)
    wrong = judge("In 2022, Germany awarded Telegram a prize of €5.1m for its work against crime.", sentence)
    assert 0 < wrong < right < 1 and right >= 0.65 > wrong, (right, wrong)
    assert judge.calls == 2 and judge.seconds > 0


@pytest.mark.parametrize("claim,question,source,needle,kept", [
    # one fact of a long sentence in another language: e5 puts the short claim below MIN_SIMILARITY
    ("德国在 2022 年对 Telegram 处以了罚款。", "哪个国家在 2022 年对 Telegram 处以了罚款？", ENGLISH,
     "In 2022, Germany imposed fines", True),
    ("His bail was set at 5 million euros.", "How many offences was Durov charged with, and how much was his bail?",
     FRENCH, "libéré sous caution de 5 millions", True),
    # near too, and wrong: police held him two weeks ago, no court sentenced him (the judge: 0.75)
    ("The court handed down to Durov a sentence of two weeks' imprisonment.", "How long is Durov's prison sentence?",
     INDONESIAN, "Polisi Prancis menahan Durov dua minggu yang lalu", False),
])
def test_the_llm_keeps_a_short_claim_near_a_sentence_in_another_language(seeds_assistant, claim, question, source,
                                                                         needle, kept):
    from assistant.answer.judge import judge_for_settings
    from assistant.settings import Settings

    without = verdict(seeds_assistant, claim, question, source, needle)
    assert not without.ok and without.reason == "the cited passage does not say this", (without.reason, without.similarity)
    reader = judge_for_settings(Settings())
    result = verdict(seeds_assistant, claim, question, source, needle, rescue=reader)
    assert reader.calls == 1 and result.ok is kept, (reader.last, result.reason)
    if kept:
        assert needle in result.candidate.text


@pytest.mark.parametrize("claim,question,source,needle,kept", [
    # the cause's words are the sentence's (the bail), the link is invented: e5 finds the cause there
    ("Durov ditangkap karena ia libur di caution sebanyak 5 juta euro.", "Mengapa Durov ditangkap?", FRENCH,
     "libéré sous caution de 5 millions", False),
    ("Durov was arrested because he paid a bail of 5 million euros.", "Why was Durov arrested?", FRENCH,
     "libéré sous caution de 5 millions", False),
    # a cause the sentence gives, said again in another language and in its own
    ("En 2022, l'Allemagne a infligé à Telegram une amende de 5,1 millions d'euros pour avoir enfreint les lois sur "
     "les grandes plateformes en ligne.", "Pourquoi l'Allemagne a-t-elle infligé une amende à Telegram en 2022 ?",
     ENGLISH, "In 2022, Germany imposed fines", True),
    ("Durov was arrested due to his involvement in illegal activities such as drug trafficking.",
     "Why was Durov arrested?", ENGLISH, "was recently apprehended due to", True),
])
def test_the_llm_reads_whether_a_cause_is_the_sentences_own(seeds_assistant, claim, question, source, needle, kept):
    """Small models link two facts of one sentence by a cause it never gives ("ditangkap karena ...
    caution"); the rules see the cause's words there, the model reads whether it is the sentence's cause."""
    from assistant.answer.judge import judge_for_settings
    from assistant.settings import Settings

    assert verdict(seeds_assistant, claim, question, source, needle).ok  # the rules alone let every one through
    reader = judge_for_settings(Settings())
    result = verdict(seeds_assistant, claim, question, source, needle, rescue=reader)
    assert reader.calls >= 1 and result.ok is kept, (reader.last, result.reason)
    if not kept:
        assert result.reason == CAUSE_FAULT


def test_the_llamacpp_backend_lets_its_model_keep_near_claims_across_languages(seeds_assistant):
    from assistant.answer.generate import Generative, sources_for
    from assistant.answer.llms import LlamaCppChat

    llm = LlamaCppChat(model_path="/nonexistent.gguf")  # loaded only when asked to speak
    try:
        reader = Generative(seeds_assistant.answer_context(), "llamacpp", llm)._reader()
        assert reader is not None and reader.model_path == "/nonexistent.gguf"
        sources = sources_for(seeds_assistant.answer_context(), "Quel âge a Durov ?", "fr", [], rescue=reader)
        assert sources.rescue is reader and sources.judge is None
        assert Generative(seeds_assistant.answer_context(), "ollama", object())._reader() is None  # no token probabilities
    finally:
        seeds_assistant.llms.clear()


def test_the_judge_is_asked_only_for_llamacpp_answers_when_set(seeds_assistant):
    from assistant.answer.generate import Generative
    from assistant.answer.judge import Judge
    from assistant.answer.llms import LlamaCppChat

    original = seeds_assistant.settings
    llm = LlamaCppChat(model_path="/nonexistent.gguf")  # loaded only when asked to speak
    try:
        assert Generative(seeds_assistant.answer_context(), "llamacpp", llm)._judge() is None  # off by default
        seeds_assistant.settings = original.model_copy(update={"llm_judge": True})
        judge = Generative(seeds_assistant.answer_context(), "llamacpp", llm)._judge()
        assert isinstance(judge, Judge) and judge.model_path == "/nonexistent.gguf"
        assert Generative(seeds_assistant.answer_context(), "llamacpp", llm)._judge() is judge  # built once
        assert Generative(seeds_assistant.answer_context(), "ollama", object())._judge() is None
    finally:
        seeds_assistant.settings = original
        seeds_assistant.llms.clear()


def test_fragments_are_the_short_answers_of_every_script():
    assert all(is_fragment(t) for t in ["5 million euros [1]", "Twice per week.", "2018-2020", "500万欧元。", "5 juta euro"])
    assert not any(is_fragment(t) for t in ["Durov was released on bail of 5 million euros.",
                                            "Durov dibebaskan dengan jaminan 5 juta euro.", "杜罗夫以500万欧元保释获释。"])


@pytest.mark.parametrize("right,wrong,question", [
    ("5 million euros", "7 million euros", "How much was Durov's bail?"),  # the amount is only in French
    ("5 juta euro", "50 juta euro", "Berapa uang jaminan Durov?"),
])
def test_a_short_answer_is_checked_with_its_question(seeds_assistant, right, wrong, question):
    """"5 million euros" alone is too short to be near the French sentence by meaning; read after
    its question it is, and its number is still checked as it stands."""
    needle = "libéré sous caution de 5 millions"
    assert verdict(seeds_assistant, right, question, FRENCH, needle).ok
    assert not verdict(seeds_assistant, wrong, question, FRENCH, needle).ok


# -- a wrong marker -------------------------------------------------------------------------------
def _wrong_marker_check(assistant, question: str, claim: str, needle: str):
    """``check`` of ``claim`` citing the first retrieved hit that does NOT hold ``needle``."""
    language = detect(question)
    hits = assistant.retrieve(question, language=language)
    wrong = next(i + 1 for i, h in enumerate(hits) if needle not in h.chunk.text)
    return check(Claim(claim, [wrong]), sources_for(assistant.answer_context(), question, language, hits)), hits[wrong - 1]


@pytest.mark.parametrize("question,claim,needle,source", [
    # Indonesian claim, the bail is only in the French file
    ("Berapa jaminan yang harus dibayar Durov?", "Durov dibebaskan dengan jaminan 5 juta euro.", "5 millions", FRENCH),
    # French claim, the user count is stated in the Indonesian file
    ("Combien d'utilisateurs a Telegram ?", "Telegram compte 950 millions d'utilisateurs.", "950", INDONESIAN),
])
def test_a_claim_citing_the_wrong_passage_is_moved_to_the_one_holding_its_numbers(
        seeds_assistant, question, claim, needle, source):
    result, cited = _wrong_marker_check(seeds_assistant, question, claim, needle)
    assert result.ok, (result.reason, result.similarity)
    assert result.candidate.hit is not cited and needle in result.candidate.hit.chunk.text
    assert result.candidate.hit.chunk.source == source


@pytest.mark.parametrize("question,claim,needle", [
    ("Berapa jaminan yang harus dibayar Durov?", "Durov dibebaskan dengan jaminan 50 juta euro.", "5 millions"),
    ("杜罗夫的保释金是多少？", "杜罗夫以 5000 万欧元的保释金获释。", "5 millions"),
])
def test_another_passage_does_not_excuse_a_wrong_number(seeds_assistant, question, claim, needle):
    result, _ = _wrong_marker_check(seeds_assistant, question, claim, needle)
    assert not result.ok and "number" in result.reason, (result.reason, result.similarity)


def test_ages_are_read_in_every_language():
    for text in ("39 years old", "a 39-year-old man", "Durov, 39 ans", "Durov berusia 39 tahun", "杜罗夫今年39岁"):
        assert facts.dates(text) == {"39 year"}, text
    assert facts.dates("Durov, 40 ans") != facts.dates("a 39-year-old man")


def test_a_scaled_number_in_a_claim_states_its_value():
    from assistant.answer.verify import numbers_supported
    assert not numbers_supported("Telegram 有 950 亿用户。", "Telegram has 950 million users.")  # 95 billion
    assert numbers_supported("Telegram 有 9.5 亿用户。", "Telegram has 950 million users.")
    assert numbers_supported("Telegram memiliki 950 juta pengguna.", "Telegram has 950 million users.")
    assert numbers_supported("Telegram a 950 millions d'utilisateurs.", "Telegram, qui compte 950 millions")
    # the digits of a scaled number are not a count of something else
    assert not numbers_supported("Durov a été inculpé de 5 infractions.", "libéré sous caution de 5 millions d’euros")
    assert not numbers_supported("Durov didakwa atas 5 pelanggaran.", "dibebaskan dengan jaminan 5 juta euro")
    assert numbers_supported("保释金为 5,000,000 欧元。", "libéré sous caution de 5 millions d’euros")
    assert numbers_supported("保释金为5百万欧元。", "libéré sous caution de 5 millions d’euros")  # 百万: a million
    assert not numbers_supported("保释金为5千万欧元。", "libéré sous caution de 5 millions d’euros")  # 千万: ten
    # "5.1" is a decimal, not 51 with a thousands dot: "€5.1m" is 510 万, not 5100 万
    fine = "In 2022, Germany imposed fines of €5.1m (£3.7m) on Telegram."
    assert not numbers_supported("2022 年德国对 Telegram 的罚款金额是 5100 万欧元。", fine)
    assert not numbers_supported("Jerman mendenda Telegram 51 juta euro.", fine)
    assert numbers_supported("2022 年德国对 Telegram 的罚款金额是 510 万欧元。", fine)
    assert numbers_supported("menjangkau 86.000 editor", "reaching 86,000 editors")


# -- compound sentences: one fact per clause, each from its own source ---------------------------------
def test_clauses_split_coordinated_facts_in_every_script():
    assert clauses("Durov a 39 ans, et sa caution est de 5 millions d'euros.") == [
        "Durov a 39 ans", "sa caution est de 5 millions d'euros."]
    assert clauses("Jerman mendenda Telegram pada 2022, dan Telegram diblokir di Rusia.") == [
        "Jerman mendenda Telegram pada 2022", "Telegram diblokir di Rusia."]
    assert clauses("杜罗夫今年39岁，他的保释金是500万欧元。") == ["杜罗夫今年39岁", "他的保释金是500万欧元。"]
    # pieces too short to state a fact, and causes, stay with their sentence
    assert clauses("Durov, 39, was arrested in Paris.") == ["Durov, 39, was arrested in Paris."]
    assert clauses("据报道，杜罗夫被捕了。") == ["据报道，杜罗夫被捕了。"]
    assert clauses("Telegram was fined because it failed to remove content.") == [
        "Telegram was fined because it failed to remove content."]


# The two facts of each answer are in two files, one of them only in a language the question is not in.
JOINED = {
    "fr": ("Quel âge a Durov, et à combien s'élevait sa caution ?",
           "Durov a 39 ans, et sa caution est de 5 millions d'euros.",  # English file, French file
           (ENGLISH, "The 39-year-old"), {ENGLISH, FRENCH}, ("5 millions", "7 millions")),
    "id": ("Berapa uang jaminan Durov, dan kapan Telegram diblokir di Rusia?",
           "Durov dibebaskan dengan uang jaminan 5 juta euro, dan Telegram diblokir di Rusia dari tahun 2018 hingga 2020.",
           (INDONESIAN, BLOCKED[0]), {FRENCH, INDONESIAN}, ("5 juta", "7 juta")),
}


@pytest.mark.parametrize("language", JOINED)
def test_a_sentence_joining_facts_of_two_files_cites_both_and_each_clause_must_hold(seeds_assistant, language):
    question, claim, (source, needle), files, (amount, wrong_amount) = JOINED[language]
    result = verdict(seeds_assistant, claim, question, source, needle)
    assert result.ok, result.reason
    assert {c.hit.chunk.source for c in [result.candidate, *result.also]} == files
    wrong = verdict(seeds_assistant, claim.replace(amount, wrong_amount), question, source, needle)
    assert not wrong.ok and "number" in wrong.reason, wrong.reason


# -- what the claim takes from the question ---------------------------------------------------------
ARTICLE_EN = "004_2d0bfc7bcb64a6f2.txt"
KAYE = ("David Kaye, a professor", ARTICLE_EN)
FOUNDER = ("Le fondateur et PDG de Telegram, Pavel Durov", FRENCH)
ARREST = ("Polisi Prancis menahan Durov", INDONESIAN)


@pytest.mark.parametrize("look_alike,wrong,asked,right,case", [
    ("Which judge ordered Durov's release on bail?",
     "The judge who ordered Durov's release on bail was David Kaye, a professor at the University of California, "
     "Irvine School of Law.",
     "Who is David Kaye?", "David Kaye is a professor at the University of California, Irvine School of Law.", KAYE),
    ("Quel juge a libéré Pavel Durov ?",
     "Le juge qui a libéré Pavel Durov est le fondateur et PDG de Telegram, qui s'est engagé à lutter contre la criminalité.",
     "Qui a fondé Telegram ?",
     "Le fondateur et PDG de Telegram est Pavel Durov, qui s'est engagé à lutter contre la criminalité sur le "
     "service de messagerie.",
     FOUNDER),
    ("Siapa hakim yang membebaskan Durov dengan jaminan?",
     "Hakim yang membebaskan Durov dengan jaminan adalah polisi Prancis yang menahan Durov setelah jet pribadinya "
     "mendarat di Bandara Paris-Le Bourget.",
     "Kapan polisi Prancis menahan Durov?",
     "Polisi Prancis menahan Durov dua minggu yang lalu setelah jet pribadinya mendarat di Bandara Paris-Le Bourget.",
     ARREST),
])
def test_a_claim_restating_a_question_its_sentence_does_not_speak_of_is_rejected(
        seeds_assistant, look_alike, wrong, asked, right, case):
    """The sentence's words are all in the wrong claim, and its other words are the question's: the
    rule that a claim reuse its sentence's words lets it through. What it takes from the question,
    names aside (a judge, a release on bail), must be in the sentence too; the same sentence
    answering the question it does speak of is kept."""
    needle, source = case
    result = verdict(seeds_assistant, wrong, look_alike, source, needle)
    assert not result.ok and result.reason == "the cited sentence does not speak of what the question asks", result.reason
    assert verdict(seeds_assistant, right, asked, source, needle).ok


AGE = "The 39-year-old individual, originally from Russia"


@pytest.mark.parametrize("claim,question,source,needle,kept", [
    # the question given back with a value, taken from a sentence in another language that answers it
    ("Durov berusia 39 tahun.", "Berapa usia Durov?", ENGLISH, AGE, True),
    ("Durov a 39 ans.", "Quel âge a Durov, et à combien s'élevait sa caution ?", ENGLISH, AGE, True),
    ("Jerman mendenda Telegram pada tahun 2022.", "Pada tahun berapa Jerman mendenda Telegram?", ENGLISH,
     "In 2022, Germany imposed fines", True),
    # a value of another thing: "deux fois par semaine" counts visits to the police, not charges
    ("杜罗夫被指控了两项罪名。", "杜罗夫被指控了多少项罪名？", FRENCH, "libéré sous caution de 5 millions", False),
    # the value with the sense turned around
    ("Durov n'a pas 39 ans.", "Quel âge a Durov, et à combien s'élevait sa caution ?", ENGLISH, AGE, False),
    # more than a value: a cause the sentence does not give
    ("Durov berusia 39 tahun karena ia lahir di Rusia dan pindah ke Prancis.", "Berapa usia Durov?", ENGLISH, AGE, False),
])
def test_a_value_given_as_the_answer_is_read_with_the_question(seeds_assistant, claim, question, source, needle, kept):
    """``verify.value_support``: a claim that restates the question with a number or a date is kept
    when a sentence the ranking puts first for the question holds the value and the model reads,
    with the question, that it gives this answer; e5 alone drops them all (0.80-0.86 across
    languages)."""
    from assistant.answer.judge import judge_for_settings
    from assistant.settings import Settings

    without = verdict(seeds_assistant, claim, question, source, needle)
    assert not without.ok, without.similarity
    reader = judge_for_settings(Settings())
    result = verdict(seeds_assistant, claim, question, source, needle, rescue=reader)
    assert result.ok is kept, (reader.last, result.reason)
    if kept:
        assert needle[:15] in result.candidate.text and reader.last >= 0.7  # "The 39-year-old": either sentence


def test_a_value_of_one_part_of_a_two_part_question_is_taken_from_that_parts_best_sentences(seeds_assistant):
    """The sentences that may give a value are the ranking's first for the question and for each
    thing it asks: the bail sentence answers the second part of "... et à combien s'élevait sa
    caution ?", the age sentence the first."""
    from assistant.answer.judge import judge_for_settings
    from assistant.settings import Settings

    question = "Quel âge a Durov, et à combien s'élevait sa caution ?"
    hits = seeds_assistant.retrieve(question, language="fr")
    whole = sources_for(seeds_assistant.answer_context(), "Quel âge a Durov ?", "fr", hits)
    sources = sources_for(seeds_assistant.answer_context(), question, "fr", hits, rescue=judge_for_settings(Settings()))
    texts = [c.text for c in sources.candidates if c.id in sources.best]
    assert any(AGE in t for t in texts) and any("caution de 5 millions" in t for t in texts), texts
    assert sources.gives is not None and whole.gives is None and len(sources.best) > len(whole.best) == 2


@pytest.mark.parametrize("claim,question,language", [
    ("Jerman mendenda Telegram pada tahun 2022.",
     "Pada tahun berapa Jerman mendenda Telegram, dan pada tahun berapa saja Telegram diblokir di Rusia?", "id"),
])
def test_a_value_from_a_sentence_ranked_low_for_the_question_is_kept_when_the_model_reads_it_answers(
        seeds_assistant, claim, question, language):
    """The German fine answers the first part of a two-part question, yet the learned ranking puts
    it below ``MIN_ANSWER_RANK`` (a true sentence about something else, for ``answers``); being the
    first for that part, the value is kept when the model reads that it gives this answer."""
    from assistant.answer.judge import judge_for_settings
    from assistant.answer.verify import MIN_ANSWER_RANK, answers
    from assistant.settings import Settings

    hits = seeds_assistant.retrieve(question, language=language)
    sources = sources_for(seeds_assistant.answer_context(), question, language, hits, rescue=judge_for_settings(Settings()))
    supported = check(Claim(claim, [1]), sources)
    assert supported.ok and "Germany imposed fines" in supported.candidate.text, supported.reason
    assert sources.ranks[supported.candidate.id] < min(MIN_ANSWER_RANK, max(sources.ranks.values()))
    result = answers(Claim(claim, [1]), supported, sources)
    assert result.ok and "Germany imposed fines" in result.candidate.text, result.reason


def test_the_first_clause_of_a_chinese_two_part_question_ranks_its_own_answer(seeds_assistant):
    """Read as one question, "德国在哪一年对 Telegram 处以罚款，Telegram 又在哪几年被俄罗斯封锁？" put
    the German fine below ``MIN_ANSWER_RANK`` (its value was kept only by the model's reading, as in
    the test above); cut at the comma between two clauses that each ask, the fine is the first
    clause's answer."""
    from assistant.answer.judge import judge_for_settings
    from assistant.answer.questions import parts
    from assistant.answer.verify import MIN_ANSWER_RANK, answers
    from assistant.settings import Settings

    question = "德国在哪一年对 Telegram 处以罚款，Telegram 又在哪几年被俄罗斯封锁？"
    claim = Claim("德国在2022年对Telegram处以罚款。", [1])
    assert parts(question) == ["德国在哪一年对 Telegram 处以罚款", "Telegram 又在哪几年被俄罗斯封锁？"]
    hits = seeds_assistant.retrieve(question, language="zh")
    sources = sources_for(seeds_assistant.answer_context(), question, "zh", hits, rescue=judge_for_settings(Settings()))
    result = answers(claim, check(claim, sources), sources)
    assert result.ok and "Germany imposed fines" in result.candidate.text, result.reason
    assert sources.ranks[result.candidate.id] >= MIN_ANSWER_RANK


@pytest.mark.parametrize("claim,question,language,restated", [
    # a claim whose every term is the question's tells nothing asked, unless the question asks yes or no
    ("Telegram a fourni au régulateur sud-coréen [1].", "Qu'est-ce que Telegram a fourni au régulateur sud-coréen ?",
     "fr", True),
    ("Telegram a fourni une adresse e-mail dédiée [1].", "Qu'est-ce que Telegram a fourni au régulateur sud-coréen ?",
     "fr", False),
    ("Durov doit se présenter à la police [1].", "Est-ce que Durov doit se présenter à la police ?", "fr", False),
    ("Surat kabar menyoroti kasus Telegram [1].", "Surat kabar apa yang menyoroti kasus Telegram?", "id", True),
    ("Telegram pernah didenda [1].", "Apakah Telegram pernah didenda?", "id", False),
])
def test_a_claim_that_restates_a_question_asking_what_says_nothing(claim, question, language, restated):
    from assistant.answer.verify import restates

    assert restates(claim, question, language) == restated
