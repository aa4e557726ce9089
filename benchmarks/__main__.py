"""Every benchmark, each in its own process, into one file and one page.

    .venv/bin/python -m benchmarks            # full: about an hour on 2 cores (most of it 100k chunks)
    .venv/bin/python -m benchmarks --quick    # a smoke run, under two minutes

Writes ``benchmarks/results/latest.json`` (every figure) and regenerates ``docs/PERFORMANCE.md``
with its plots; ``--quick`` writes ``benchmarks/results/quick.json`` and ``quick/PERFORMANCE.md``
there instead (git-ignored), leaving the full run's figures alone. Needs the seeds index
(``assistant index``) and ``../shared/benchmarks/xquad``.
Run it on an otherwise idle machine: two cores shared with anything else measure the sharing.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from . import report
from .common import ROOT, run_section

FULL = {
    "indexing_seeds": ("indexing", "--corpus", "seeds"),
    "indexing_xquad": ("indexing", "--corpus", "xquad", "--paragraphs", "20"),
    "answering": ("answering", "--repeat", "2", "--llm-questions", "20"),
    "cold": ("cold", "--runs", "3"),
    "scale": ("scale", "--sizes", "1000,10000,100000", "--paragraphs", "20"),
    "naive": ("naive", "--paragraphs", "20"),
    "server": ("server", "--repeat", "1"),
    "load": ("load",),
    "make_run": ("make_run",),
    "pdf_corpus": ("pdf_corpus",),
    "upload": ("upload", "--runs", "3"),
}
QUICK = {  # every section at its smallest: a check that all of them run, not numbers to quote
    "indexing_xquad": ("indexing", "--corpus", "xquad", "--paragraphs", "1", "--corpus-languages", "en,zh"),
    "answering": ("answering", "--repeat", "1", "--limit", "12", "--llm-questions", "0"),
    "cold": ("cold", "--runs", "1", "--no-page"),
    "scale": ("scale", "--sizes", "300", "--paragraphs", "1", "--corpus-languages", "en,zh", "--questions", "6"),
    "naive": ("naive", "--paragraphs", "1", "--corpus-languages", "en,zh", "--languages", "en,zh"),
    "server": ("server", "--limit", "12", "--no-pair"),
}


def refresh_targets() -> None:
    """The issues' targets table (``evals/RESULTS.md`` and the README) reads some figures from
    ``latest.json``: it is regenerated with it."""
    from assistant.evals.report import update_readme, write_results

    reports = ROOT / "evals" / "reports"
    write_results(reports, reports.parent / "RESULTS.md")
    update_readme(reports, ROOT / "README.md")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="smallest sizes, no LLM, no page: under two minutes")
    parser.add_argument("--only", help="comma-separated sections (default: all); the others are kept "
                        "from the previous latest.json")
    parser.add_argument("--report-only", action="store_true", help="only regenerate docs/PERFORMANCE.md")
    args = parser.parse_args()
    results_dir = ROOT / "benchmarks" / "results"
    # a quick run checks that every section runs; it must not replace the full run's figures
    path = results_dir / ("quick.json" if args.quick else "latest.json")
    page = results_dir / "quick" / "PERFORMANCE.md" if args.quick else None
    if args.report_only:
        print(report.write(json.loads(path.read_text(encoding="utf-8"))).relative_to(ROOT))
        if not args.quick:
            refresh_targets()
        return
    plan = QUICK if args.quick else FULL
    chosen = args.only.split(",") if args.only else list(plan)
    started = time.perf_counter()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    cpu = report.cpu()  # the machine changes between sessions: each section names its own
    results = {name: run_section(*plan[name]) | {"commit": commit, "cpu": cpu} for name in chosen}
    earlier = json.loads(path.read_text(encoding="utf-8")) if args.only and path.exists() else {}
    out = {
        "command": " ".join(["python -m benchmarks", *sys.argv[1:]]),
        "mode": "quick" if args.quick else "full",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": report.machine(),
        "sections": {**earlier.get("sections", {}), **{name: " ".join(plan[name]) for name in chosen}},
        **{k: v for k, v in earlier.items() if k in plan},  # --only: the other sections stay
        **results,
    }
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    written = report.write(out, page) if page else report.write(out)
    if not args.quick:
        refresh_targets()
    print(f"{path.relative_to(ROOT)} and {written.relative_to(ROOT)} written "
          f"in {out['seconds']:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
