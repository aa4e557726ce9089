"""The eval scores themselves: hand-worked cases, and who gets credit for an answer."""
from assistant.evals import seeds
from assistant.evals.scoring import contains, exact_match, overlaps, strip_markers, token_f1, unwrap_cjk


def test_squad_scores_by_hand():
    assert exact_match("The Eiffel Tower.", "eiffel tower", "en") == 1.0
    assert exact_match("Eiffel", "eiffel tower", "en") == 0.0
    assert token_f1("in 1889, the tower", "1889", "en") == 0.5  # p = 1/2 (in, the dropped), r = 1
    assert token_f1("巴黎铁塔", "铁塔", "zh") == 0.667  # characters: p = 2/4, r = 2/2
    assert token_f1("der Turm", "Turm", "de") == 1.0  # German articles dropped, as MLQA does
    assert token_f1("nothing", "tower", "en") == 0.0


def test_alias_matching_and_spans():
    assert contains("Il a payé 5 millions d’euros [1].", "5 millions d'euros")
    assert not contains("Il a payé 5 millions.", "5 millions d'euros")
    assert not contains("Pemblokiran Telegram di Rusia", "Iran") and contains("banned in Iran.", "Iran")
    assert contains("杜罗夫被伊朗封锁", "伊朗") and contains("at 39-year-old", "39")
    assert contains("在巴黎-Le Bourget机场被捕", "Le Bourget") and not contains("Bourgetville", "Bourget")
    assert strip_markers("Twice a week [1][2]. Yes [3].") == "Twice a week. Yes."
    assert overlaps((0, 10), (9, 20)) and not overlaps((0, 10), (10, 20))


def row(**kw):
    base = {"answerable": True, "own": True, "abstained": False, "correct": True, "all_versions": True,
            "type": "single", "language": "en", "answer_language": "en", "answer_bearing": True,
            "retrieved_evidence": True, "citations": [{"on_evidence": True}], "self_check": (1, 1),
            "timings_ms": {"total": 1.0}}
    return base | kw


def test_a_fallback_answer_is_never_credited_to_the_backend():
    """An LLM row whose answer the extractive backend wrote instead scores as an LLM failure."""
    own = seeds.metrics([row(), row()])
    fallback = seeds.metrics([row(), row(own=False)])
    assert own["accuracy"] == 1.0 and fallback["accuracy"] == 0.5
    assert fallback["fallback_rate"] == 0.5 and fallback["accuracy_with_fallbacks"] == 1.0
    refusals = seeds.metrics([row(answerable=False, abstained=True, correct=False),
                              row(answerable=False, abstained=True, correct=False, own=False)])
    assert refusals["reject_recall"] == 0.5


def test_citation_precision_and_recall_read_gold_evidence_only():
    m = seeds.metrics([row(citations=[{"on_evidence": True}, {"on_evidence": False}]),
                       row(correct=False, citations=[{"on_evidence": False}]),
                       row(answerable=False, citations=[{"on_evidence": False}])])
    assert m["citation_precision"] == round(1 / 3, 3)  # answered answerable cases' citations
    assert m["citation_recall"] == 1.0  # the one correct answer cites gold evidence
    assert m["accuracy"] == 0.5 and m["reject_recall"] == 0.0


def test_alias_groups_all_needed_except_for_conflicts():
    groups = [["5 millions d'euros", "5 million euros"], ["deux fois par semaine", "twice a week"]]
    assert seeds.matched_groups("Bail was 5 million euros [1].", groups) == [True, False]
    assert seeds.matched_groups("5 million euros, twice a week", groups) == [True, True]


def test_documents_pages_are_read_from_gold_spans():
    """A citation's page is right when it is the page of a gold span it overlaps."""
    from assistant.evals import documents

    evidence = [{"source": "a.pdf", "page": 2, "start": 100, "end": 150, "group": 0},
                {"source": "b.html", "page": 1, "start": 0, "end": 40, "group": 0}]
    assert documents.gold_pages({"source": "a.pdf", "start": 140, "end": 160}, evidence) == {2}
    assert documents.gold_pages({"source": "a.pdf", "start": 150, "end": 160}, evidence) == set()
    cite = {"source": "a.pdf", "on_evidence": True}
    m = documents.metrics([row(citations=[cite | {"page": 2, "page_right": True},
                                          {"source": "a.pdf", "page": 1, "on_evidence": False, "page_right": False}],
                               first_page_right=True),
                           row(citations=[cite | {"page": 3, "page_right": False}], first_page_right=False),
                           row(abstained=True, citations=[], first_page_right=False)])
    assert m["page_right"] == 0.5  # of the two citations on gold evidence, one on its gold page
    assert m["first_page_right"] == 0.5  # of the two answered cases
    assert m["pdf_citation_precision"] == round(2 / 3, 3) and m["citations_on_evidence"] == 2
    assert seeds.matched_groups(unwrap_cjk("沟\n通不畅 [1]"), [["沟通不畅"]]) == [True]
