"""``assistant eval --suite seeds``: answer the gold questions and measure the answers.

Metrics (all in [0, 1] except latency), over the cases of one split:

- ``retrieval_hit@5``: answerable cases where a retrieved passage of a gold source contains a
  gold answer or alias.
- ``accuracy``: answerable cases answered (not abstained) with a gold answer or alias in the text.
- ``citation_validity``: answers whose every ``[n]`` maps to a citation whose quote is exactly
  ``file[start:end]``.
- ``unsupported_rate``: generated sentences that verification dropped / all generated sentences.
- ``reject_recall``: unanswerable cases abstained / unanswerable cases;
  ``reject_precision``: unanswerable cases abstained / all abstentions;
  ``answerable_recall``: answerable cases answered / answerable cases;
  ``refusal_score``: the mean of the three, so that refusing everything does not score well.
- ``language_match``: answered cases whose answer is in the question's language.
- ``citation_recall`` (ALCE, Gao et al. 2023): answer sentences whose cited quotes, together,
  support them / all answer sentences of answered cases;
  ``citation_precision``: citations that support their sentence alone, or without which the
  others no longer do / all citations. Support here is the deterministic check of
  ``answer/verify.py`` (numbers, names, e5 similarity or term overlap).
- ``citation_recall_llm``: the same recall with a local LLM as the entailment judge
  (``--judge ollama|llamacpp``), reported separately.
"""
from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

from .ingest.language import detect

EVALS = Path(__file__).resolve().parents[1] / "evals"
GOLD = EVALS / "gold" / "seeds.jsonl"
SEEDS_KEYS = ("retrieval_hit@5", "accuracy", "citation_validity", "citation_recall", "citation_precision",
              "citation_recall_llm",
              "unsupported_rate", "reject_recall",
              "reject_precision", "answerable_recall", "refusal_score", "language_match", "latency_ms_p50")


def load_cases(split: str | None) -> list[dict]:
    cases = [json.loads(line) for line in GOLD.open(encoding="utf-8") if line.strip()]
    return [c for c in cases if split in (None, "all", c["split"])]


def _valid_citations(answer, corpus: Path) -> bool:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    if markers != {c.n for c in answer.citations}:
        return False
    from .ingest.read import read_source  # decodes as indexing did (legacy encodings too)

    texts = {source: read_source(corpus, source)[0] for source in {c.source for c in answer.citations}}
    return all(texts[c.source][c.start : c.end] == c.quote for c in answer.citations)


def _supports(assistant, claim: str, quotes: list[str], question: str) -> bool:
    from .answer.verify import MIN_SIMILARITY, names_supported, numbers_supported

    if not quotes:
        return False
    evidence = " ".join(quotes)
    if not (numbers_supported(claim, evidence) and names_supported(claim, evidence, question)):
        return False
    vectors = assistant.embedding.get_text_embedding_batch([claim, *quotes])
    claim_vector = vectors[0]
    return max(sum(a * b for a, b in zip(claim_vector, v)) for v in vectors[1:]) >= MIN_SIMILARITY


JUDGE = """Passage: {passage}

Claim: {claim}

Does the passage state what the claim says? Answer only yes or no."""


def judged_recall(assistant, answer, judge: str) -> tuple[int, int]:
    """(sentences the LLM judge finds supported by their cited quotes, sentences)."""
    from llama_index.core.base.llms.types import ChatMessage

    from .answer.backends import llm_for
    from .answer.verify import split_claims

    llm = llm_for(judge, assistant)
    quotes = {c.n: c.quote for c in answer.citations}
    supported = total = 0
    for claim in split_claims(answer.text):
        total += 1
        passage = " ".join(quotes[n] for n in claim.markers if n in quotes)
        if passage:
            prompt = JUDGE.format(passage=passage, claim=claim.text)
            reply = llm.chat([ChatMessage(role="user", content=prompt)]).message.content or ""
            supported += reply.strip().lower().startswith(("yes", "oui", "ya", "是"))
    return supported, total


def citation_scores(assistant, answer) -> tuple[int, int, int, int]:
    """(supported sentences, sentences, precise citations, citations) of one answer."""
    from .answer.verify import split_claims

    quotes = {c.n: c.quote for c in answer.citations}
    supported = sentences = precise = cited = 0
    for claim in split_claims(answer.text):
        marks = [n for n in claim.markers if n in quotes]
        sentences += 1
        together = _supports(assistant, claim.text, [quotes[n] for n in marks], answer.question)
        supported += together
        for n in marks:
            cited += 1
            alone = _supports(assistant, claim.text, [quotes[n]], answer.question)
            others = [quotes[m] for m in marks if m != n]
            needed = together and not _supports(assistant, claim.text, others, answer.question)
            precise += alone or needed
    return supported, sentences, precise, cited


def run_case(assistant, case: dict, by_id: dict, backend: str | None, judge: str | None = None) -> dict:
    history = []
    if case.get("followup_of"):
        first = by_id[case["followup_of"]]
        history = [{"role": "user", "content": first["question"]}]
    answer = assistant.ask(case["question"], history, backend)
    text = answer.text.lower()
    correct = case["answerable"] and not answer.abstained and any(a.lower() in text for a in case["answers"])
    sources = [h.chunk.source for h in answer.hits]
    hit = any(h.chunk.source in case["gold_sources"] and any(a.lower() in h.chunk.text.lower() for a in case["answers"])
              for h in answer.hits)
    return {
        "id": case["id"], "question": case["question"], "language": case["language"],
        "type": case["type"], "answerable": case["answerable"], "answer": answer.text,
        "backend": answer.backend, "abstained": answer.abstained, "correct": bool(correct),
        "retrieved": sources, "hit": hit,
        "citations": [c.__dict__ for c in answer.citations], "dropped": answer.dropped,
        "kept_sentences": len(answer.citations) if not answer.backend.startswith("extractive") else 0,
        "valid_citations": _valid_citations(answer, assistant.settings.corpus_dir),
        "citation_scores": citation_scores(assistant, answer) if not answer.abstained else (0, 0, 0, 0),
        "judged": judged_recall(assistant, answer, judge) if judge and not answer.abstained else (0, 0),
        "answer_language": detect(answer.text) if not answer.abstained else case["language"],
        "timings_ms": answer.timings_ms,
    }


def metrics(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    abstained = [r for r in rows if r["abstained"]]
    answered = [r for r in rows if not r["abstained"]]
    generated = sum(r["kept_sentences"] + len(r["dropped"]) for r in rows)

    def share(part, whole):
        return round(len(part) / len(whole), 3) if whole else None

    m = {
        "n": len(rows),
        "retrieval_hit@5": share([r for r in answerable if r["hit"]], answerable),
        "accuracy": share([r for r in answerable if r["correct"]], answerable),
        "citation_validity": share([r for r in rows if r["valid_citations"]], rows),
        "unsupported_rate": round(sum(len(r["dropped"]) for r in rows) / generated, 3) if generated else 0.0,
        "reject_recall": share([r for r in unanswerable if r["abstained"]], unanswerable),
        "reject_precision": share([r for r in abstained if not r["answerable"]], abstained),
        "answerable_recall": share([r for r in answerable if not r["abstained"]], answerable),
        "language_match": share([r for r in answered if r["answer_language"] == r["language"]], answered),
        "latency_ms_p50": round(statistics.median(r["timings_ms"]["total"] for r in rows), 1) if rows else None,
    }
    scores = [sum(r["citation_scores"][i] for r in rows) for i in range(4)]
    m["citation_recall"] = round(scores[0] / scores[1], 3) if scores[1] else None
    m["citation_precision"] = round(scores[2] / scores[3], 3) if scores[3] else None
    judged = [sum(r.get("judged", (0, 0))[i] for r in rows) for i in range(2)]
    m["citation_recall_llm"] = round(judged[0] / judged[1], 3) if judged[1] else None
    parts = [m["reject_recall"], m["reject_precision"], m["answerable_recall"]]
    m["refusal_score"] = round(sum(p or 0.0 for p in parts) / 3, 3)
    return m


def evaluate_seeds(assistant, split: str = "dev", backend: str | None = None, progress=None,
                   limit: int | None = None, judge: str | None = None) -> dict:
    cases = load_cases(split)[:limit]
    by_id = {c["id"]: c for c in load_cases(None)}
    rows = []
    for case in cases:
        rows.append(run_case(assistant, case, by_id, backend, judge))
        if progress:
            progress(len(rows), len(cases))
    per_language = {lang: metrics([r for r in rows if r["language"] == lang])
                    for lang in sorted({r["language"] for r in rows})}
    return {"suite": "seeds", "backend": backend or assistant.settings.backend, "split": split, "judge": judge,
            "n": len(rows), "metrics": metrics(rows), "per_language": per_language, "cases": rows}


def write_report(report: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [f"# {report['suite']} / {report['split']} / {report['backend']} (n={report['n']})", "",
             "| metric | all | " + " | ".join(report["per_language"]) + " |",
             "|---|---|" + "---|" * len(report["per_language"])]
    for key, value in report["metrics"].items():
        per = " | ".join(str(m.get(key)) for m in report["per_language"].values())
        lines.append(f"| {key} | {value} | {per} |")
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_results(reports_dir: Path = EVALS / "reports", target: Path = EVALS / "RESULTS.md") -> None:
    """Regenerate RESULTS.md from every report under ``reports_dir`` (run after each eval)."""
    reports = []
    for path in sorted(reports_dir.glob("*/report.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        reports.append((path.parent.name, report))
    lines = ["# Eval results", "", "Generated by `assistant eval` from `evals/reports/*/report.json`; "
             "metrics are defined in `assistant/evaluate.py` and `assistant/xquad.py`.", "",
             "## Seeds gold set", "", "| report | split | backend | n | " + " | ".join(SEEDS_KEYS) + " |",
             "|---|---|---|---|" + "---|" * len(SEEDS_KEYS)]
    for name, r in reports:
        if r["suite"] == "seeds":
            values = " | ".join(str(r["metrics"].get(k)) for k in SEEDS_KEYS)
            lines.append(f"| {name} | {r['split']} | {r['backend']} | {r['n']} | {values} |")
    lines += ["", "## XQuAD retrieval", "", "| report | languages | questions | retriever | recall@1 | "
              "recall@5 | recall@10 | MRR | cross-lingual recall@5 |", "|---|---|---|---|---|---|---|---|---|"]
    for name, r in reports:
        if r["suite"] == "xquad":
            for mode, m in r["metrics"].items():
                lines.append(f"| {name} | {','.join(r['languages'])} | {r['n']} | {mode} | {m['recall@1']} | "
                             f"{m['recall@5']} | {m['recall@10']} | {m['mrr']} | {m['cross_lingual_recall@5']} |")
    answered = [(name, r) for name, r in reports if r["suite"] == "xquad" and "answers" in r]
    if answered:
        lines += ["", "## XQuAD answers", "", "| report | languages | backend | n | accuracy | cites gold | "
                  "cross-lingual cited | abstained | p50 ms |", "|---|---|---|---|---|---|---|---|---|"]
        for name, r in answered:
            m = r["answers"]["metrics"]
            lines.append(f"| {name} | {','.join(r['languages'])} | {r['answers']['backend']} | {m['n']} | "
                         f"{m['accuracy']} | {m['cites_gold']} | {m['cross_lingual_cited']} | {m['abstained']} | "
                         f"{m['latency_ms_p50']} |")
    seeds = [(name, r) for name, r in reports if r["suite"] == "seeds"]
    if seeds:
        plot_seeds(seeds, target.parent / "seeds_metrics.png")
        lines += ["", "![seeds metrics by report](seeds_metrics.png)"]
    lines += ["", "## Commands", ""]
    lines += [f"- `{name}`: `{r.get('command', '?')}`" for name, r in reports]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


PLOTTED = ("retrieval_hit@5", "accuracy", "citation_validity", "citation_recall", "unsupported_rate",
           "reject_recall", "answerable_recall", "refusal_score")


def plot_seeds(reports: list[tuple[str, dict]], path: Path) -> None:
    """Grouped bars: one group per metric, one bar per report (backend and split)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4))
    width = 0.8 / len(reports)
    for i, (name, r) in enumerate(reports):
        values = [r["metrics"].get(k) or 0 for k in PLOTTED]
        ax.bar([x + i * width for x in range(len(PLOTTED))], values, width, label=name)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(PLOTTED))], PLOTTED, rotation=20, fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=7)
    ax.set_title("Seeds gold set: metrics by report")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
