"""Where the issues' measured targets stand, read from the kept runs: one generated table.

Each ``Target`` names an issue, what it measures, the kept run (``evals/reports/<run>/report.json``)
or benchmark section (``benchmarks/results/latest.json``) it is read from, and the bar. The table
goes into ``evals/RESULTS.md`` and between the README's ``<!-- targets -->`` markers whenever
``RESULTS.md`` is regenerated, so no figure in it is typed by hand:

>>> accuracy = Target(12, "accuracy", "seeds-test-llamacpp", at("metrics", "accuracy"), ">=", 0.85)
>>> runs = {"seeds-test-llamacpp": {"metrics": {"accuracy": 0.241}}}  # report.json by run folder
>>> accuracy.value(runs), accuracy.met(runs)
(0.241, False)
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS = Path("benchmarks/results/latest.json")  # from the project's root, where evals/reports is
NOMIRACL_LANGUAGES = ("en", "fr", "id", "zh")


def at(*keys):
    """The figure at ``keys`` of a report (an int indexes a list), or None where it is missing."""
    def read(report: dict):
        for key in keys:
            if isinstance(report, list) and isinstance(key, int):
                report = report[key] if -len(report) <= key < len(report) else None
            else:
                report = report.get(key) if isinstance(report, dict) else None
        return report
    return read


def worst(key: str):
    """The worst of the four NoMIRACL languages for HR or ER (each must be within the bar)."""
    def read(report: dict):
        values = [report["metrics"].get(lang, {}).get(key) for lang in NOMIRACL_LANGUAGES]
        return None if None in values else max(values)
    return read


def seconds(*keys):
    """A benchmark figure kept in milliseconds, in seconds."""
    def read(report: dict):
        ms = at(*keys)(report)
        return None if ms is None else round(ms / 1000, 1)
    return read


@dataclass(frozen=True)
class Target:
    issue: int
    what: str
    run: str  # a kept eval run's folder name, or "benchmarks" for the benchmark results file
    read: Callable[[dict], float | None]  # the figure, from that run's report
    op: str  # ">=" or "<="
    bar: float | str  # a number, or another run whose same figure is the bar

    def value(self, reports: dict[str, dict]):
        return self.read(reports[self.run]) if self.run in reports else None

    def threshold(self, reports: dict[str, dict]):
        if isinstance(self.bar, str):
            return self.read(reports[self.bar]) if self.bar in reports else None
        return self.bar

    def met(self, reports: dict[str, dict]) -> bool | None:
        """Whether the figure clears the bar; None when either was never measured."""
        value, bar = self.value(reports), self.threshold(reports)
        if value is None or bar is None:
            return None
        return value >= bar if self.op == ">=" else value <= bar


TARGETS = (
    Target(12, "seeds test, bundled model: accuracy", "seeds-test-llamacpp", at("metrics", "accuracy"), ">=", 0.85),
    Target(12, "seeds test, bundled model: citation precision on gold evidence", "seeds-test-llamacpp",
           at("metrics", "citation_precision"), ">=", 0.90),
    Target(12, "seeds test, bundled model: answers in the question's language", "seeds-test-llamacpp",
           at("metrics", "language_match"), ">=", 0.98),
    Target(12, "seeds test, bundled model: overrules by the extractive quote (fallback rate)",
           "seeds-test-llamacpp", at("metrics", "fallback_rate"), "<=", 0.10),
    Target(12, "seeds test, bundled model: reject recall, no worse than the extractive backend's",
           "seeds-test-llamacpp", at("metrics", "reject_recall"), ">=", "seeds-test-extractive"),
    Target(12, "crafted claims (test), as the bundled model's answers are checked: wrong rejected",
           "claims-test-llamacpp", at("metrics", "wrong_rejected"), ">=", 0.90),
    Target(12, "crafted claims (test), as the bundled model's answers are checked: right kept",
           "claims-test-llamacpp", at("metrics", "right_kept"), ">=", 0.90),
    Target(12, "answering benchmark, bundled model: first token p50 (s)", "benchmarks",
           seconds("answering", "llamacpp", "ttft_ms", "p50"), "<=", 5),
    Target(12, "answering benchmark, bundled model: whole verified answer p50 (s)", "benchmarks",
           seconds("answering", "llamacpp", "answer_ms", "p50"), "<=", 10),
    Target(13, "NoMIRACL held-out, extractive: worst HR of en, fr, id, zh", "nomiracl-extractive-heldout",
           worst("HR"), "<=", 0.20),
    Target(13, "NoMIRACL held-out, extractive: worst ER of en, fr, id, zh", "nomiracl-extractive-heldout",
           worst("ER"), "<=", 0.20),
    Target(13, "NoMIRACL held-out, bundled model: worst HR of en, fr, id, zh", "nomiracl-llamacpp-heldout",
           worst("HR"), "<=", 0.20),
    Target(13, "NoMIRACL held-out, bundled model: worst ER of en, fr, id, zh", "nomiracl-llamacpp-heldout",
           worst("ER"), "<=", 0.20),
    Target(13, "seeds test, extractive: reject recall", "seeds-test-extractive", at("metrics", "reject_recall"),
           ">=", 0.85),
    Target(13, "seeds test, extractive: answerable recall", "seeds-test-extractive",
           at("metrics", "answerable_recall"), ">=", 0.90),
    Target(13, "seeds test, bundled model: reject recall", "seeds-test-llamacpp", at("metrics", "reject_recall"),
           ">=", 0.85),
    Target(13, "seeds test, bundled model: answerable recall", "seeds-test-llamacpp",
           at("metrics", "answerable_recall"), ">=", 0.90),
    Target(13, "XQuAD test articles, extractive: false refusal (answerable questions abstained on)",
           "xquad-test-extractive", at("parallel", "all", "abstained"), "<=", 0.05),
    Target(13, "XQuAD test articles, extractive: abstention on negatives", "xquad-test-extractive",
           at("negatives", "all", "negative_abstention"), ">=", 0.95),
    Target(14, "documents test, extractive: cited page right", "documents-test-extractive",
           at("metrics", "page_right"), ">=", 0.95),
    Target(14, "documents test, extractive: citation precision on gold evidence", "documents-test-extractive",
           at("metrics", "citation_precision"), ">=", 0.90),
    Target(14, "documents test, bundled model: cited page right", "documents-test-llamacpp",
           at("metrics", "page_right"), ">=", 0.95),
    Target(14, "documents test, bundled model: citation precision on gold evidence", "documents-test-llamacpp",
           at("metrics", "citation_precision"), ">=", 0.90),
    Target(14, "upload of a 10-page PDF until a question about it is answered, p50 (s)", "benchmarks",
           at("upload", "until_answered_s", "p50"), "<=", 10),
    Target(14, "first question after a restart at 100k chunks (s)", "benchmarks",
           seconds("scale", "sizes", -1, "restart", "first_question_ms"), "<=", 5),
    Target(14, "indexing 2,844 PDF pages (XQuAD, 6 languages) against the embedder's bound (a bound measured "
           "while other jobs shared the cores: see Performance)",
           "benchmarks", at("pdf_corpus", "share_of_bound"), ">=", 0.80),
)


def load(runs: dict[str, dict], reports_dir: Path, benchmarks: Path | None = None) -> dict[str, dict]:
    """The kept runs (by folder name, as ``report.py`` reads them) and the benchmark results as
    ``benchmarks`` (by default the project's, ``reports_dir`` being its ``evals/reports``)."""
    benchmarks = benchmarks or Path(reports_dir).resolve().parents[1] / BENCHMARKS
    if not Path(benchmarks).is_file():
        return dict(runs)
    return {**runs, "benchmarks": json.loads(Path(benchmarks).read_text(encoding="utf-8"))}


def table(reports: dict[str, dict], link: str = "reports/") -> list[str]:
    """One row per target: issue, what, where it is read, the bar, the figure, met or not."""
    lines = ["| issue | what | read from | target | measured | |", "|---|---|---|---|---|---|"]
    for t in TARGETS:
        value, bar, met = t.value(reports), t.threshold(reports), t.met(reports)
        source = ("`benchmarks/results/latest.json`" if t.run == "benchmarks"
                  else f"[{t.run}]({link}{t.run}/report.md)")
        shown_bar = f"{t.op} {bar}" + (f" ({t.bar})" if isinstance(t.bar, str) else "")
        verdict = {True: "met", False: "**missed**", None: "not run"}[met]
        lines.append(f"| {t.issue} | {t.what} | {source} | {shown_bar} | {'' if value is None else value} | {verdict} |")
    return lines
