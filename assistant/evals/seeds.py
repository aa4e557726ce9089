"""``assistant eval --suite seeds``: the gold questions about the seed corpus, scored on gold evidence.

Each case of ``<data-dir>/seeds.jsonl`` (format in ``evals/gold/README.md``) has alias groups
and ``evidence``: every span ``{source, start, end}`` of the corpus that states its answer.
Nothing below reuses the product's own checks, except ``self_check``, which says so.

Who answered: every score counts only the answers the backend wrote itself. An answer another
backend wrote instead (``Answer.fallback_from`` is not empty) is neither correct nor an
abstention for it; ``fallback_rate`` shows how often that happened, and
``accuracy_with_fallbacks`` what a user got all the same.

- ``accuracy`` = answerable cases answered with an alias of every alias group in the text
  (a ``conflict`` case: of any group; ``conflict_all_versions`` = of every group) / answerable.
- ``answer_bearing`` = answerable cases answered whose first citation overlaps gold evidence /
  answerable cases (the extractive backend's accuracy: its first sentence is its answer).
- ``citation_precision`` = citations of answered answerable cases that overlap a gold evidence
  span / those citations. ``citation_recall`` = correct answers with at least one citation on
  gold evidence / correct answers.
- ``reject_recall`` = unanswerable cases abstained / unanswerable; ``answerable_recall`` =
  answerable cases answered / answerable; ``reject_precision`` = abstentions on unanswerable /
  abstentions.
- ``language_match`` = answered cases whose answer (markers removed) is in the question's language.
- ``retrieval_hit@k`` = answerable cases with a retrieved passage overlapping gold evidence.
- ``self_check`` = the share of answer sentences ``answer/verify.py``'s support check passes for
  their cited quotes: the product grading itself, shown apart, never as citation quality.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..ingest.language import detect
from .scoring import contains, overlaps, p50, share, strip_markers, unwrap_cjk

KEYS = ("accuracy", "answer_bearing", "citation_precision", "citation_recall", "reject_recall",
        "answerable_recall", "language_match", "fallback_rate", "accuracy_with_fallbacks",
        "conflict_all_versions", "retrieval_hit@k", "self_check", "latency_ms_p50")


def load_cases(data_dir: Path, split: str | None = None) -> list[dict]:
    path = Path(data_dir) / "seeds.jsonl"
    cases = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [c for c in cases if split in (None, "all", c["split"])]


def _history(case: dict, by_id: dict) -> list[dict]:
    """A follow-up is asked after the question it follows; a new topic after the one before it."""
    before = case.get("followup_of") or case.get("after")
    return [{"role": "user", "content": by_id[before]["question"]}] if before else []


def _on_evidence(source: str, start: int, end: int, evidence: list[dict]) -> bool:
    return any(e["source"] == source and overlaps((start, end), (e["start"], e["end"])) for e in evidence)


def matched_groups(text: str, groups: list[list[str]]) -> list[bool]:
    return [any(contains(text, alias) for alias in group) for group in groups]


def run_case(assistant, case: dict, by_id: dict, backend: str, unwrap: bool = False) -> dict:
    """One case asked and scored; ``unwrap``: line breaks between Chinese characters (a PDF's
    layout) are dropped from the answer before aliases are matched."""
    answer = assistant.ask(case["question"], _history(case, by_id), backend)
    own = not answer.fallback_from
    text = strip_markers(answer.text)
    text = unwrap_cjk(text) if unwrap else text
    groups = matched_groups(text, case["answers"]) if not answer.abstained else [False] * len(case["answers"])
    if case["type"] == "conflict":
        correct = any(groups)
    else:
        correct = bool(groups) and all(groups)
    evidence = case["evidence"]
    cited = [_on_evidence(c.source, c.start, c.end, evidence) for c in answer.citations]
    return {
        "id": case["id"], "fact": case["fact"], "type": case["type"], "language": case["language"],
        "question": case["question"], "answerable": case["answerable"], "answer": answer.text,
        "answered_by": answer.answered_by, "fallback_from": answer.fallback_from, "own": own,
        "abstained": answer.abstained, "correct": correct, "all_versions": bool(groups) and all(groups),
        "citations": [{"n": c.n, "source": c.source, "page": c.page, "start": c.start, "end": c.end,
                       "on_evidence": ok}
                      for c, ok in zip(answer.citations, cited)],
        "answer_bearing": bool(cited) and cited[0],
        "retrieved_evidence": any(_on_evidence(h.chunk.source, h.chunk.start, h.chunk.end, evidence)
                                  for h in answer.hits),
        "answer_language": detect(text) if not answer.abstained else case["language"],
        "self_check": self_check(assistant, answer) if not answer.abstained else (0, 0),
        "answerability": answer.answerability,
        "dropped": answer.dropped, "warnings": answer.warnings, "timings_ms": answer.timings_ms,
    }


def self_check(assistant, answer) -> tuple[int, int]:
    """(sentences ``verify.support`` finds supported by their cited quotes, sentences)."""
    from ..answer.verify import MIN_SIMILARITY, names_supported, numbers_supported, split_claims

    quotes = {c.n: c.quote for c in answer.citations}
    supported = total = 0
    for claim in split_claims(answer.text):
        total += 1
        cited = [quotes[n] for n in claim.markers if n in quotes]
        evidence = " ".join(cited)
        if not cited or not (numbers_supported(claim.text, evidence)
                             and names_supported(claim.text, evidence, answer.question)):
            continue
        vectors = assistant.embedding.get_text_embedding_batch([claim.text, *cited])
        supported += max(sum(a * b for a, b in zip(vectors[0], v)) for v in vectors[1:]) >= MIN_SIMILARITY
    return supported, total


def metrics(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    own = [r for r in rows if r["own"]]
    answered = [r for r in own if not r["abstained"]]
    abstained = [r for r in own if r["abstained"]]
    correct = [r for r in answerable if r["own"] and r["correct"]]
    citations = [c for r in answered if r["answerable"] for c in r["citations"]]
    conflicts = [r for r in answerable if r["type"] == "conflict"]
    checked = [sum(r["self_check"][i] for r in rows) for i in (0, 1)]
    return {
        "n": len(rows),
        "accuracy": share(len(correct), len(answerable)),
        "answer_bearing": share(sum(r["own"] and not r["abstained"] and r["answer_bearing"] for r in answerable),
                                len(answerable)),
        "citation_precision": share(sum(c["on_evidence"] for c in citations), len(citations)),
        "citation_recall": share(sum(any(c["on_evidence"] for c in r["citations"]) for r in correct), len(correct)),
        "reject_recall": share(sum(r["own"] and r["abstained"] for r in unanswerable), len(unanswerable)),
        "reject_precision": share(sum(not r["answerable"] for r in abstained), len(abstained)),
        "answerable_recall": share(sum(r["own"] and not r["abstained"] for r in answerable), len(answerable)),
        "language_match": share(sum(r["answer_language"] == r["language"] for r in answered), len(answered)),
        "fallback_rate": share(len(rows) - len(own), len(rows)),
        "accuracy_with_fallbacks": share(sum(r["correct"] for r in answerable), len(answerable)),
        "conflict_all_versions": share(sum(r["own"] and r["all_versions"] for r in conflicts), len(conflicts)),
        "retrieval_hit@k": share(sum(r["retrieved_evidence"] for r in answerable), len(answerable)),
        "self_check": share(checked[0], checked[1]),
        "latency_ms_p50": p50([r["timings_ms"].get("total") for r in rows]),
    }


def evaluate(assistant, data_dir: Path, split: str = "dev", backend: str | None = None,
             limit: int | None = None, progress=None) -> dict:
    by_id = {c["id"]: c for c in load_cases(data_dir)}
    cases = load_cases(data_dir, split)[:limit]
    backend = assistant.backend_name(backend)
    rows = []
    for case in cases:
        rows.append(run_case(assistant, case, by_id, backend))
        if progress:
            progress(len(rows), len(cases))
    return {
        "suite": "seeds", "backend": backend, "split": split, "gold": Path(data_dir).as_posix(), "n": len(rows),
        "metrics": metrics(rows), "per_language": {lang: metrics([r for r in rows if r["language"] == lang])
                         for lang in sorted({r["language"] for r in rows})},
        "per_type": {kind: metrics([r for r in rows if r["type"] == kind])
                     for kind in sorted({r["type"] for r in rows})},
        "cases": rows,
    }


def markdown(report: dict) -> str:
    groups = {"all": report["metrics"], **report["per_language"]}
    lines = [f"# seeds / {report['split']} / {report['backend']} (n={report['n']})", "",
             "Scores on gold evidence; definitions in `assistant/evals/seeds.py`.", "",
             "| metric | " + " | ".join(groups) + " |", "|---|" + "---|" * len(groups)]
    for key in ("n", *KEYS):
        lines.append(f"| {key} | " + " | ".join(str(m.get(key)) for m in groups.values()) + " |")
    kinds = report["per_type"]
    lines += ["", "By question type:", "", "| type | n | accuracy | answer_bearing | citation_precision | "
              "reject_recall | answerable_recall |", "|---|---|---|---|---|---|---|"]
    for kind, m in kinds.items():
        lines.append(f"| {kind} | {m['n']} | {m['accuracy']} | {m['answer_bearing']} | {m['citation_precision']} | "
                     f"{m['reject_recall']} | {m['answerable_recall']} |")
    return "\n".join(lines) + "\n"


PLOTTED = ("accuracy", "answer_bearing", "citation_precision", "citation_recall", "reject_recall",
           "answerable_recall", "language_match")


def plot(report: dict, out: Path) -> list[Path]:
    return plot_bars(report, out, PLOTTED, f"Seeds {report['split']} split, {report['backend']}: scores on gold evidence",
                     "seeds_scores.png")


def plot_bars(report: dict, out: Path, keys: tuple[str, ...], title: str, name: str) -> list[Path]:
    """Bars by metric (``keys`` of ``report["metrics"]``), one bar per question language."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = {"all": report["metrics"], **report["per_language"]}
    fig, ax = plt.subplots(figsize=(10, 4))
    width = 0.8 / len(groups)
    for i, (group, m) in enumerate(groups.items()):
        ax.bar([x + i * width for x in range(len(keys))], [m.get(k) or 0 for k in keys], width, label=group)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(keys))], keys, rotation=20, fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=7, title="question language")
    ax.set_title(title)
    fig.tight_layout()
    path = Path(out) / name
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path]
