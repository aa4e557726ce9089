"""One report writer for every suite: ``report.json``, ``report.md`` and plots per run, and
``RESULTS.md`` regenerated from every kept run (test split first; dev rows are labelled)."""
from __future__ import annotations

import json
from pathlib import Path

from . import claims, documents, nomiracl, seeds, targets, xquad

SUITES = {"seeds": seeds, "xquad": xquad, "nomiracl": nomiracl, "claims": claims, "documents": documents}


def write(report: dict, out: Path) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    suite = SUITES[report["suite"]]
    (out / "report.md").write_text(suite.markdown(report), encoding="utf-8")
    return suite.plot(report, out)


def _reports(reports_dir: Path) -> list[tuple[str, dict]]:
    found = []
    for path in sorted(Path(reports_dir).glob("*/report.json")):
        found.append((path.parent.name, json.loads(path.read_text(encoding="utf-8"))))
    return sorted(found, key=lambda item: (item[1]["suite"], item[1].get("split") != "test", item[0]))


SEEDS_COLUMNS = ("accuracy", "answer_bearing", "citation_precision", "citation_recall", "reject_recall",
                 "answerable_recall", "language_match", "fallback_rate", "accuracy_with_fallbacks",
                 "self_check", "latency_ms_p50")


def cpu() -> str:
    """The CPU an eval ran on: llama.cpp's kernels differ from one CPU to another, and so do the
    bundled model's answers to the same prompts (and e5's last digits, so ties in retrieval)."""
    path = Path("/proc/cpuinfo")
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "unknown")


def seeds_table(reports: list[tuple[str, dict]]) -> list[str]:
    lines = ["| run | split | backend | n | " + " | ".join(SEEDS_COLUMNS) + " | cpu |",
             "|---|---|---|---|" + "---|" * (len(SEEDS_COLUMNS) + 1)]
    for name, r in reports:
        split = r["split"] if r["split"] == "test" else f"{r['split']} (tuning)"
        values = " | ".join(str(r["metrics"].get(k)) for k in SEEDS_COLUMNS)
        lines.append(f"| [{name}](reports/{name}/report.md) | {split} | {r['backend']} | {r['n']} | {values} | "
                     f"{r.get('cpu', 'not recorded')} |")
    return lines


DOCUMENTS_COLUMNS = ("page_right", "first_page_right", "citation_precision", "pdf_citation_precision", "accuracy",
                     "answer_bearing", "reject_recall", "answerable_recall", "language_match", "latency_ms_p50")


def documents_table(reports: list[tuple[str, dict]]) -> list[str]:
    lines = ["| run | split | backend | n | " + " | ".join(DOCUMENTS_COLUMNS) + " |",
             "|---|---|---|---|" + "---|" * len(DOCUMENTS_COLUMNS)]
    for name, r in reports:
        split = r["split"] if r["split"] == "test" else f"{r['split']} (tuning)"
        values = " | ".join(str(r["metrics"].get(k)) for k in DOCUMENTS_COLUMNS)
        lines.append(f"| [{name}](reports/{name}/report.md) | {split} | {r['backend']} | {r['n']} | {values} |")
    return lines


def xquad_tables(reports: list[tuple[str, dict]]) -> list[str]:
    keys = ("answer_bearing", "em", "f1", "contains_any", "abstained", "fallback_rate")
    lines = ["| run | split | backend | setting | n | hit@5 | " + " | ".join(keys) + " | negatives abstained |",
             "|---|---|---|---|---|---|" + "---|" * len(keys) + "---|"]
    for name, r in reports:
        rows = [("parallel, all", r["parallel"]["all"], r["retrieval"]["hybrid"]["recall@5"])] if r.get("parallel") else []
        rows += [(pair, m, m["hit@5"]) for pair, m in (r.get("cross_lingual") or {}).items()]
        for setting, m, hit in rows:
            negative = r["negatives"]["all"]["negative_abstention"] if setting.startswith("parallel") else ""
            lines.append(f"| {name} | {r['split']} | {r['backend']} | {setting} | {m['n']} | {hit} | "
                         + " | ".join(str(m[k]) for k in keys) + f" | {negative} |")
    return lines


def nomiracl_table(reports: list[tuple[str, dict]]) -> list[str]:
    lines = ["| run | backend | queries per file | " + " | ".join(
        f"HR {lang} | ER {lang}" for lang in nomiracl.GPT4) + " |", "|---|---|---|" + "---|---|" * len(nomiracl.GPT4)]
    for name, r in reports:
        cells = [f"{r['metrics'].get(lang, {}).get('HR', '')} | {r['metrics'].get(lang, {}).get('ER', '')}"
                 for lang in nomiracl.GPT4]
        first = next(iter(r["metrics"].values()))
        lines.append(f"| {name} | {r['backend']} | {first['n_non_relevant']} + {first['n_relevant']} | "
                     + " | ".join(cells) + " |")
    gpt4 = [f"{hr} | {er}" for hr, er in nomiracl.GPT4.values()]
    lines.append("| GPT-4 (paper, full test set) | | | " + " | ".join(gpt4) + " |")
    return lines


def claims_table(reports: list[tuple[str, dict]]) -> list[str]:
    lines = ["| run | split | checks | n | wrong rejected | right kept | judge calls | judge s |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in reports:
        m = r["metrics"]
        split = r["split"] if r["split"] == "test" else f"{r['split']} (tuning)"
        lines.append(f"| [{name}](reports/{name}/report.md) | {split} | {r['backend']} | {r['n']} | "
                     f"{m['wrong_rejected']} | {m['right_kept']} | {m['judge']['calls']} | {m['judge']['seconds']} |")
    return lines


GOLD = "evals/gold"  # the gold set's folder; a seeds run may read other questions (``--data-dir``)


def gold(report: dict) -> str:
    """The folder of the questions a seeds run asked (runs before it was recorded asked the gold set's)."""
    return report.get("gold", GOLD)


def headline(reports_dir: Path) -> str:
    """The README's table: every kept seeds run of the gold set's test split, one row per backend."""
    return _headline(_reports(reports_dir))


def _headline(reports: list[tuple[str, dict]]) -> str:
    runs = [(n, r) for n, r in reports if r["suite"] == "seeds" and r["split"] == "test" and gold(r) == GOLD]
    return "\n".join(line.replace("](reports/", "](evals/reports/") for line in seeds_table(runs))


def update_readme(reports_dir: Path, readme: Path) -> None:
    """Put ``headline`` between the README's ``<!-- results -->`` and ``<!-- /results -->``, and the
    issues' targets (``targets.table``) between ``<!-- targets -->`` and ``<!-- /targets -->``."""
    text = Path(readme).read_text(encoding="utf-8")
    reports = _reports(reports_dir)
    blocks = {"results": _headline(reports),
              "targets": "\n".join(targets.table(targets.load(dict(reports), reports_dir), link="evals/reports/"))}
    for name, block in blocks.items():
        start, end = f"<!-- {name} -->\n", f"<!-- /{name} -->"
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + start + block + "\n" + end + rest.split(end, 1)[1]
    Path(readme).write_text(text, encoding="utf-8")


def write_results(reports_dir: Path, target: Path) -> None:
    """Regenerate ``RESULTS.md`` from every ``<reports_dir>/*/report.json``."""
    reports = _reports(reports_dir)
    by_suite = {s: [(n, r) for n, r in reports if r["suite"] == s] for s in SUITES}
    other_questions = sorted({gold(r) for _, r in by_suite["seeds"]} - {GOLD})
    by_gold = {g: [(n, r) for n, r in by_suite["seeds"] if gold(r) == g] for g in (GOLD, *other_questions)}
    lines = ["# Eval results", "",
             "Generated by `assistant eval` from `evals/reports/*/report.json`. Scores are against gold "
             "evidence and gold answers, never the product's own checks (`self_check` is the product "
             "grading itself, shown apart). Definitions: `assistant/evals/seeds.py`, `xquad.py`, "
             "`nomiracl.py`, `claims.py`, `documents.py`. Tune on dev, report on test.", "",
             "## The issues' targets", "",
             "Each figure read from the run or benchmark named (`assistant/evals/targets.py`).", "",
             *targets.table(targets.load(dict(reports), reports_dir)), "",
             "## Seeds gold set", "", *seeds_table(by_gold[GOLD]), "",
             *(line for g in other_questions for line in (
                 f"## Seeds: the questions of `{g}`", "", *seeds_table(by_gold[g]), "")),
             "## Documents: the seeds questions over PDF, DOCX, HTML and Markdown (pages cited)", "",
             *documents_table(by_suite["documents"]), "",
             "## XQuAD answers (hybrid top 5)", "", *xquad_tables(by_suite["xquad"]), "",
             "## NoMIRACL: hallucination rate (HR) and error rate (ER), lower is better", "",
             *nomiracl_table(by_suite["nomiracl"]), "",
             "## Claims: LLM answer sentences verified (wrong rejected, right kept)", "",
             *claims_table(by_suite["claims"]), "", "## Plots", ""]
    for name, _ in reports:
        lines += [f"- {name}: " + ", ".join(f"[{p.name}](reports/{name}/{p.name})"
                                             for p in sorted((Path(reports_dir) / name).glob("*.png")))]
    lines += ["", "## Commands", ""]
    lines += [f"- `{name}`: `{r.get('command', '?')}`" for name, r in reports]
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
