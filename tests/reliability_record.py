"""Record what the reliability tests saw, and write it to docs/RELIABILITY.md.

A test marked ``@pytest.mark.case("area", "case")`` calls ``observed("...")`` with what the
system actually did (the error line it printed, the answer it gave, the numbers it measured).
``pytest tests/test_reliability_*.py --reliability-doc docs/RELIABILITY.md`` writes every case,
what was observed and the test that checks it; ``test_reliability_doc.py`` fails when the file
and the tests drift apart.
"""
from __future__ import annotations

import datetime
import re
from collections import defaultdict
from pathlib import Path

import pytest

HEADER = """# Reliability and security: every case tried

Generated from the test run by
`python -m pytest tests/test_reliability_*.py --reliability-doc docs/RELIABILITY.md` ({date}):
{count} cases, {failed} failed. "What the system did" is what the run observed, not what was
expected; the test named beside it fails when that behaviour breaks.
"""
TMP = re.compile(r"/tmp/pytest-of-[^/]+/pytest-\d+/")  # the same from run to run
_records: dict[str, dict] = {}


def pytest_addoption(parser):
    parser.addoption("--reliability-doc", metavar="PATH", help="write the reliability cases to PATH")


def pytest_configure(config):
    config.addinivalue_line("markers", "case(area, name): a reliability case recorded in docs/RELIABILITY.md")


def _case(item):
    marker = item.get_closest_marker("case")
    return None if marker is None else marker.args


@pytest.fixture
def observed(request):
    """``observed(text)`` records what the system did in this case."""
    if _case(request.node) is None:
        raise RuntimeError("observed() needs @pytest.mark.case(area, name)")
    lines = _records.setdefault(request.node.nodeid, {"seen": []})["seen"]
    return lambda text: lines.append(TMP.sub("<tmp>/", " ".join(str(text).split())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    case = _case(item)
    if case is None:
        return
    record = _records.setdefault(item.nodeid, {"seen": []})
    record.update(area=case[0], name=case[1], test=item.nodeid)
    if report.failed:
        record["outcome"] = "failed"
    elif report.skipped:
        record["outcome"] = "skipped"
    elif report.when == "call" and "outcome" not in record:
        record["outcome"] = "passed"

def pytest_sessionfinish(session):
    path = session.config.getoption("--reliability-doc")
    if not path or not _records:
        return
    rows = [r for r in _records.values() if "area" in r]
    by_area = defaultdict(list)
    for r in rows:
        by_area[r["area"]].append(r)
    failed = sum(r.get("outcome") != "passed" for r in rows)
    out = [HEADER.format(date=datetime.date.today().isoformat(), count=len(rows), failed=failed)]
    for area, cases in by_area.items():
        out += [f"## {area}", "", "| case | what the system did | test |", "|---|---|---|"]
        for r in cases:
            seen = "; ".join(r["seen"]) or "(nothing recorded)"
            if r.get("outcome") != "passed":
                seen = f"**{r.get('outcome', 'not run').upper()}** {seen}"
            out.append(f"| {_cell(r['name'])} | {_cell(seen)} | `{r['test']}` |")
        out.append("")
    Path(path).write_text("\n".join(out), encoding="utf-8")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
