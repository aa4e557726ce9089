"""evals/RESULTS.md and the README's headline table are what the kept reports say."""
from assistant.evals.report import headline, write_results

from .conftest import ROOT

REPORTS = ROOT / "evals" / "reports"


def test_results_and_readme_come_from_the_kept_reports(tmp_path):
    write_results(REPORTS, tmp_path / "RESULTS.md")
    assert (tmp_path / "RESULTS.md").read_text() == (ROOT / "evals" / "RESULTS.md").read_text()
    table = headline(REPORTS)
    assert table.count("| test |") >= 2, "the README shows the test split of at least two backends"
    assert table in (ROOT / "README.md").read_text()


def test_a_seeds_run_names_the_cpu_it_ran_on():
    """The bundled model's answers to the same prompts differ from one CPU to another."""
    from assistant.evals.report import cpu, seeds_table

    here = cpu()
    assert here != "unknown" and f": {here}\n" in open("/proc/cpuinfo", encoding="utf-8").read()
    run = {"split": "test", "backend": "llamacpp", "n": 1, "metrics": {}, "cpu": here}
    older = {"split": "dev", "backend": "extractive", "n": 1, "metrics": {}}
    first, second = seeds_table([("a", run), ("b", older)])[2:]
    assert first.endswith(f"| {here} |") and second.endswith("| not recorded |")


def test_the_nomiracl_curve_reads_the_cuts_of_the_model_that_judged():
    """With the model's yes/no in the gate the probabilities are the ``llm`` model's: its cuts, not the base's."""
    from assistant.answer import answerable
    from assistant.evals import nomiracl

    judged = [{"language": "en", "subset": s, "probability": 0.5, "llm_yes": 0.4} for s in ("relevant", "non_relevant")]
    alone = [{**c, "llm_yes": None} for c in judged]
    assert nomiracl.model_of(judged) == "llm" and nomiracl.model_of(alone) == "base"
    for cases, name in ((judged, "llm"), (alone, "base")):
        cuts = [point["cut"] for point in nomiracl.curve(cases, ["en"], nomiracl.model_of(cases))["en"]]
        assert cuts == sorted(answerable.load()[name]["thresholds"].values())
