"""``assistant eval --suite documents``: the seeds questions over the seeds as documents.

``evals/documents/corpus`` holds the five seed articles as an HTML page with its boilerplate
(000, en), a French PDF of six pages (001), an English and Chinese PDF in a CID font (002), an
Indonesian DOCX (003) and Markdown (004), made by ``evals/documents/make_fixtures.py``.
``<data-dir>/documents.jsonl`` is ``seeds.jsonl`` with every evidence span moved into the text
the readers extract from those files, and the page holding it: ``{source, page, start, end,
group}`` (checked by ``tests/test_gold_documents.py``). The corpus is copied into the work
folder and indexed there, never in the user's index.

Every score of the seeds suite (``assistant/evals/seeds.py``; aliases matched after dropping the
PDF's line breaks between Chinese characters), and where the citations point:

- ``page_right`` = citations on gold evidence (of answered answerable cases) whose page is the
  page of a gold span they overlap / citations on gold evidence;
- ``first_page_right`` = answered answerable cases whose first citation's (source, page) is that
  of a gold span / answered answerable cases (a right page, not necessarily the right sentence);
- ``pdf_citation_precision`` = ``citation_precision`` for the citations of PDF files only.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from . import seeds
from .scoring import overlaps, share

KEYS = ("page_right", "first_page_right", "citation_precision", "pdf_citation_precision", "accuracy",
        "answer_bearing", "citation_recall", "reject_recall", "answerable_recall", "language_match",
        "fallback_rate", "retrieval_hit@k", "latency_ms_p50")


def load_cases(data_dir: Path, split: str | None = None) -> list[dict]:
    path = Path(data_dir) / "documents.jsonl"
    cases = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [c for c in cases if split in (None, "all", c["split"])]


def gold_pages(citation: dict, evidence: list[dict]) -> set[int]:
    """Pages of the gold spans a citation overlaps."""
    return {e["page"] for e in evidence if e["source"] == citation["source"]
            and overlaps((citation["start"], citation["end"]), (e["start"], e["end"]))}


def run_case(assistant, case: dict, by_id: dict, backend: str) -> dict:
    row = seeds.run_case(assistant, case, by_id, backend, unwrap=True)
    for c in row["citations"]:
        c["page_right"] = c["on_evidence"] and c["page"] in gold_pages(c, case["evidence"])
    first = row["citations"][0] if row["citations"] else None
    row["first_page_right"] = bool(first) and (first["source"], first["page"]) in {
        (e["source"], e["page"]) for e in case["evidence"]}
    return row


def metrics(rows: list[dict]) -> dict:
    out = seeds.metrics(rows)
    answered = [r for r in rows if r["answerable"] and r["own"] and not r["abstained"]]
    on_evidence = [c for r in answered for c in r["citations"] if c["on_evidence"]]
    pdf = [c for r in answered for c in r["citations"] if c["source"].endswith(".pdf")]
    out["page_right"] = share(sum(c["page_right"] for c in on_evidence), len(on_evidence))
    out["first_page_right"] = share(sum(r["first_page_right"] for r in answered), len(answered))
    out["pdf_citation_precision"] = share(sum(c["on_evidence"] for c in pdf), len(pdf))
    out["citations_on_evidence"] = len(on_evidence)
    return out


def evaluate(make, data_dir: Path, corpus: Path, work: Path, split: str = "dev", backend: str | None = None,
             limit: int | None = None, progress=None) -> dict:
    """``make(corpus, index)`` builds and indexes an assistant (``run.assistant_factory``)."""
    work = Path(work)
    copy = work / "corpus"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(corpus, copy)
    bot = make(copy, work / "index")
    by_id = {c["id"]: c for c in load_cases(data_dir)}
    cases = load_cases(data_dir, split)[:limit]
    backend = bot.backend_name(backend)
    rows = []
    for case in cases:
        rows.append(run_case(bot, case, by_id, backend))
        if progress:
            progress(len(rows), len(cases))
    return {
        "suite": "documents", "backend": backend, "split": split, "n": len(rows), "metrics": metrics(rows),
        "per_language": {lang: metrics([r for r in rows if r["language"] == lang])
                         for lang in sorted({r["language"] for r in rows})},
        "per_type": {kind: metrics([r for r in rows if r["type"] == kind])
                     for kind in sorted({r["type"] for r in rows})},
        "files": sorted(p.name for p in Path(corpus).iterdir()),
        "cases": rows,
    }


def markdown(report: dict) -> str:
    groups = {"all": report["metrics"], **report["per_language"]}
    lines = [f"# documents / {report['split']} / {report['backend']} (n={report['n']})", "",
             "The seeds questions over the seeds as HTML, PDF, DOCX and Markdown (" + ", ".join(
                 f"`{f}`" for f in report.get("files", [])) + "); scores on gold evidence and gold pages, "
             "by question language; definitions in `assistant/evals/documents.py`.", "",
             "| metric | " + " | ".join(groups) + " |", "|---|" + "---|" * len(groups)]
    for key in ("n", "citations_on_evidence", *KEYS):
        lines.append(f"| {key} | " + " | ".join(str(m.get(key)) for m in groups.values()) + " |")
    lines += ["", "By question type:", "", "| type | n | accuracy | page_right | citation_precision | "
              "reject_recall | answerable_recall |", "|---|---|---|---|---|---|---|"]
    for kind, m in report["per_type"].items():
        lines.append(f"| {kind} | {m['n']} | {m['accuracy']} | {m['page_right']} | {m['citation_precision']} | "
                     f"{m['reject_recall']} | {m['answerable_recall']} |")
    return "\n".join(lines) + "\n"


PLOTTED = ("page_right", "first_page_right", "citation_precision", "accuracy", "reject_recall", "answerable_recall")


def plot(report: dict, out: Path) -> list[Path]:
    return seeds.plot_bars(report, out, PLOTTED, f"Documents {report['split']} split, {report['backend']}: pages and "
                           "citations on gold evidence", "documents_scores.png")
