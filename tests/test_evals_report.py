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
