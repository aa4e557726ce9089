"""CI gate: the extractive backend on the seeds dev split, an XQuAD slice (dev articles) and a
NoMIRACL slice must hold their floors — and the gate must fail when the answer step breaks."""
import random

import pytest

from assistant.answer import answerable
from assistant.evals import gate, nomiracl, seeds, xquad
from assistant.evals.answerability import NOMIRACL_TRAIN
from assistant.evals.report import write
from assistant.evals.run import assistant_factory

from .conftest import ROOT

GOLD = ROOT / "evals" / "gold"
SHARED = ROOT.parent / "shared" / "benchmarks"


def test_extractive_dev_split_holds_the_gate(seeds_assistant, tmp_path):
    report = seeds.evaluate(seeds_assistant, GOLD, "dev", "extractive")
    assert {c["language"] for c in report["cases"]} == {"en", "fr", "id", "zh"}
    assert gate.check(report["metrics"], gate.SEEDS_DEV_EXTRACTIVE) == [], report["metrics"]
    assert {p.name for p in write(report, tmp_path)} == {"seeds_scores.png"}
    assert "| citation_precision |" in (tmp_path / "report.md").read_text()


@pytest.fixture
def broken(seeds_assistant, monkeypatch):
    """Yield a way to break the seeds assistant's answer step; restore it afterwards."""
    settings, hits = seeds_assistant.settings, seeds_assistant._hits

    def never_abstain():  # the answerability model's cut at zero
        monkeypatch.setattr(answerable, "threshold", lambda model, false_refusal: 0.0)

    def random_passages():
        questions = [c["question"] for c in seeds.load_cases(GOLD)]
        rng = random.Random(0)
        seeds_assistant._hits = lambda q, top_k, language: hits(rng.choice(questions), top_k, language)

    yield {"never_abstain": never_abstain, "random_passages": random_passages}
    seeds_assistant.settings, seeds_assistant._hits = settings, hits


@pytest.mark.parametrize("breakage, caught", [("never_abstain", "reject_recall"), ("random_passages", "accuracy")])
def test_the_gate_fails_when_the_answer_step_breaks(seeds_assistant, broken, breakage, caught):
    broken[breakage]()
    report = seeds.evaluate(seeds_assistant, GOLD, "dev", "extractive")
    failures = gate.check(report["metrics"], gate.SEEDS_DEV_EXTRACTIVE)
    assert any(f.startswith(caught) for f in failures), (failures, report["metrics"])


def test_xquad_slice_holds_the_gate(seeds_assistant, tmp_path):
    """en and zh, ten paragraphs of the dev articles, one article held out as negatives."""
    report = xquad.evaluate(assistant_factory(seeds_assistant), SHARED / "xquad", tmp_path / "work", ["en", "zh"],
                            "dev", limit=10, negative_articles=1)
    assert report["articles"] == [0, 1] and report["negative_articles"] == [23]
    assert set(report["retrieval"]["hybrid"]["per_pair"]) == {"en->en", "en->zh", "zh->en", "zh->zh"}
    assert set(report["cross_lingual"]) == {"en->zh", "zh->en"}
    assert gate.check(report, gate.XQUAD_SLICE) == [], {k: report[k] for k in ("parallel", "cross_lingual", "negatives")}
    assert [p.name for p in write(report, tmp_path / "out")] == ["xquad.png"]


def test_nomiracl_slice_holds_the_gate(seeds_assistant, tmp_path):
    """en and zh, five queries of each file after those that trained the answerability model,
    corpora built in a work folder of their own."""
    work = tmp_path / "work"
    report = nomiracl.evaluate(assistant_factory(seeds_assistant), SHARED / "nomiracl", work, ["en", "zh"], 5,
                               offset=NOMIRACL_TRAIN)
    assert set(report["metrics"]) == {"en", "zh"} and report["n"] == 20
    assert sorted(p.name for p in work.iterdir()) == ["en.non_relevant", "en.relevant", "zh.non_relevant", "zh.relevant"]
    assert not any(seeds_assistant.settings.index_dir.glob("*nomiracl*"))  # never in the user's index
    assert gate.check(report, gate.NOMIRACL_SLICE) == [], report["metrics"]
    assert [p.name for p in write(report, tmp_path / "out")] == ["nomiracl.png", "nomiracl_curve.png"]


def test_xquad_cross_lingual_only_answers_nothing_else(seeds_assistant, tmp_path):
    """The LLM run's setting: zh and de questions over the other language only; no parallel
    answers, no negatives, and the report and RESULTS table still render."""
    report = xquad.evaluate(assistant_factory(seeds_assistant), SHARED / "xquad", tmp_path / "work", ["zh", "de"],
                            "dev", limit=2, negative_articles=1, only_cross_lingual=True)
    assert "parallel" not in report and "negatives" not in report
    assert set(report["cross_lingual"]) == {"zh->de", "de->zh"}
    assert {c["setting"] for c in report["cases"]} == {"zh->de", "de->zh"}
    assert all(m["n"] > 0 for m in report["cross_lingual"].values())
    write(report, tmp_path / "out")
    assert "## Negatives" not in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    from assistant.evals.report import xquad_tables
    assert len(xquad_tables([("x", report)])) == 2 + 2  # header, rule, one row per pair
