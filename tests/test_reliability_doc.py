"""docs/RELIABILITY.md stays in step with the reliability tests: every recorded case of this run
is listed, and every test it lists exists."""
import re

from .conftest import ROOT

DOC = ROOT / "docs" / "RELIABILITY.md"


def test_every_reliability_case_is_in_the_record_and_every_listed_test_exists(request):
    text = DOC.read_text(encoding="utf-8")
    listed = set(re.findall(r"`(tests/test_reliability_\w+\.py::[^`]+)`", text))
    assert listed, "docs/RELIABILITY.md lists no test"
    cases = [item for item in request.session.items if item.get_closest_marker("case")]
    missing = [item.nodeid for item in cases if item.nodeid not in listed]
    assert not missing, f"not in docs/RELIABILITY.md (regenerate it, see its header): {missing}"
    for nodeid in listed:
        path, name = nodeid.split("::")
        assert f"def {name.split('[')[0]}(" in (ROOT / path).read_text(encoding="utf-8"), nodeid
    assert "FAILED" not in text and "SKIPPED" not in text
