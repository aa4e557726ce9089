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


def test_the_targets_table_reads_each_figure_from_its_run(tmp_path):
    """The README's targets are what the kept runs say; a verdict follows the figure, a bar may be
    another run's figure, and a run never kept is "not run", not met."""
    import json

    from assistant.evals import targets
    from assistant.evals.report import update_readme

    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text())
    update_readme(REPORTS, readme)
    assert readme.read_text() == (ROOT / "README.md").read_text(), "README's tables are regenerated"
    assert "<!-- targets -->\n| issue |" in readme.read_text()

    def keep(name, **metrics):
        (tmp_path / "reports" / name).mkdir(parents=True)
        (tmp_path / "reports" / name / "report.json").write_text(json.dumps({"metrics": metrics}))

    keep("seeds-test-llamacpp", accuracy=0.9, reject_recall=0.5, fallback_rate=0.2)
    keep("seeds-test-extractive", reject_recall=0.6)
    runs = {p.parent.name: json.loads(p.read_text()) for p in (tmp_path / "reports").glob("*/report.json")}
    reports = targets.load(runs, tmp_path / "reports", benchmarks=tmp_path / "none.json")
    verdicts = {t.what: t.met(reports) for t in targets.TARGETS}
    assert verdicts["seeds test, bundled model: accuracy"] is True
    assert verdicts["seeds test, bundled model: overrules by the extractive quote (fallback rate)"] is False
    assert verdicts["seeds test, bundled model: reject recall, no worse than the extractive backend's"] is False
    assert verdicts["seeds test, bundled model: citation precision on gold evidence"] is None  # not in the report
    assert verdicts["first question after a restart at 100k chunks (s)"] is None  # no benchmark results
    row = next(line for line in targets.table(reports) if "reject recall, no worse" in line)
    assert "| >= 0.6 (seeds-test-extractive) | 0.5 | **missed** |" in row


def test_the_benchmark_targets_read_the_benchmark_results_file(tmp_path):
    """Issue 12's and 14's speed targets come from ``benchmarks/results/latest.json`` (``python -m
    benchmarks`` regenerates the table with it): milliseconds read as seconds, the largest scale's
    restart, a figure missing from the file "not run"."""
    import json

    from assistant.evals import targets

    results = tmp_path / "latest.json"
    results.write_text(json.dumps({
        "upload": {"until_answered_s": {"p50": 4.2}},
        "scale": {"sizes": [{"restart": {"first_question_ms": 300}}, {"restart": {"first_question_ms": 6240}}]},
        "pdf_corpus": {"share_of_bound": 0.81},
    }))
    reports = targets.load({}, tmp_path / "reports", benchmarks=results)
    by_what = {t.what: t for t in targets.TARGETS if t.run == "benchmarks"}
    restart = by_what["first question after a restart at 100k chunks (s)"]
    assert restart.value(reports) == 6.2 and restart.met(reports) is False
    upload = by_what["upload of a 10-page PDF until a question about it is answered, p50 (s)"]
    assert upload.value(reports) == 4.2 and upload.met(reports) is True
    assert by_what["answering benchmark, bundled model: first token p50 (s)"].met(reports) is None
    row = next(line for line in targets.table(reports) if "after a restart" in line)
    assert "`benchmarks/results/latest.json` | <= 5 | 6.2 | **missed** |" in row


def test_runs_of_other_questions_are_kept_apart_from_the_gold_sets(tmp_path):
    """A seeds run over other questions (``--data-dir evals/gold/natural``) has its own table, never
    the README's headline of the gold set's test split."""
    import json

    from assistant.evals.report import write_results

    for name, data in (("gold-run", None), ("natural-run", "evals/gold/natural")):
        (tmp_path / name).mkdir()
        report = {"suite": "seeds", "split": "test", "backend": "extractive", "n": 1, "metrics": {"accuracy": 0.5}}
        (tmp_path / name / "report.json").write_text(json.dumps(report | ({"gold": data} if data else {})))
    table = headline(tmp_path)
    assert "gold-run" in table and "natural-run" not in table
    write_results(tmp_path, tmp_path / "RESULTS.md")
    results = (tmp_path / "RESULTS.md").read_text()
    own = results.split("## Seeds: the questions of `evals/gold/natural`", 1)[1].split("\n## ", 1)[0]
    assert "natural-run" in own and "gold-run" not in own
