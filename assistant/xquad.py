"""``assistant eval --suite xquad``: cross-lingual retrieval on XQuAD (CC BY-SA 4.0).

XQuAD's paragraphs are parallel: paragraph ``p`` exists in every language, and so does each of
its questions. The first ``limit`` paragraphs of each chosen language are written as files
``<lang>/<p>.txt`` and indexed together; every question is asked in every chosen language, and
for each paragraph language ``pl`` the gold is ``<pl>/<p>.txt``.

Per (question language, paragraph language) pair, with ``rank`` the position of the gold file
among the passages retrieved (none if absent). The retriever is asked for exactly k passages
(``top_k`` = 5 for hit@1 and hit@5, 10 for hit@10 and MRR), as a user's ``--top-k`` would:
its diversification depends on k.

- ``hit@k`` = share of questions whose gold file is within the top k (k = 1, 5, 10); with one
  gold per pair it equals ``recall@k`` there;
- ``recall@k`` over all pairs = found gold files / all gold files (one per paragraph language);
- ``MRR`` = mean of 1 / rank (0 when absent).

The same questions go through the dense-only, the BM25-only and the hybrid retriever.

Answers (``evaluate_answers``): every question is answered by a backend from the hybrid top 5.
XQuAD's answers are parallel too, so an answer is correct when it contains the question's gold
answer span in any chosen language (case-folded): the passage that answers may be in another
language than the question, and an extractive answer quotes it verbatim.

- ``accuracy`` = correct answers / questions;
- ``cites_gold`` = share of answers citing the question's paragraph (in any language);
- ``cross_lingual_cited`` = share of answers citing a passage in another language than the question;
- ``abstained`` = share of answers that said the corpus does not answer.
"""
from __future__ import annotations

import json
from pathlib import Path

XQUAD_DIR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "xquad"
MODES = ("dense", "lexical", "hybrid")
KS = (1, 5, 10)


def load(languages: list[str], limit: int, xquad_dir: Path = XQUAD_DIR) -> dict[str, list[dict]]:
    """Per language, the first ``limit`` paragraphs: ``{"context", "questions"}``."""
    out = {}
    for lang in languages:
        path = xquad_dir / f"xquad.{lang}.json"
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        paragraphs = [p for article in data for p in article["paragraphs"]][:limit]
        out[lang] = [{"context": p["context"], "questions": [q["question"] for q in p["qas"]],
                      "answers": [q["answers"][0]["text"] for q in p["qas"]]} for p in paragraphs]
    return out


def write_corpus(paragraphs: dict[str, list[dict]], corpus: Path) -> None:
    for lang, items in paragraphs.items():
        (corpus / lang).mkdir(parents=True, exist_ok=True)
        for p, item in enumerate(items):
            (corpus / lang / f"{p:04d}.txt").write_text(item["context"], encoding="utf-8")


def _rank(sources: list[str], gold: str) -> int | None:
    return sources.index(gold) + 1 if gold in sources else None


def _pair_metrics(ranks: list[tuple[int | None, int | None]]) -> dict:
    """``ranks``: per question, the gold's rank among 5 and among 10 retrieved passages."""
    n = len(ranks)
    out = {f"hit@{k}": round(sum(1 for r5, r10 in ranks if (r5 if k <= 5 else r10) and
                                 (r5 if k <= 5 else r10) <= k) / n, 3) for k in KS}
    out["mrr"] = round(sum(1 / r10 for _, r10 in ranks if r10) / n, 3)
    out["n"] = n
    return out


def evaluate_xquad(assistant, paragraphs: dict[str, list[dict]], progress=None) -> dict:
    languages = list(paragraphs)
    retriever = assistant.retriever
    ranks: dict[str, dict[tuple[str, str], list]] = {m: {} for m in MODES}
    total = sum(len(item["questions"]) for item in paragraphs[languages[0]]) * len(languages) * len(MODES)
    done = 0
    for mode in MODES:
        retriever.mode = mode
        for ql in languages:
            for p, item in enumerate(paragraphs[ql]):
                for question in item["questions"]:
                    top5 = [h.chunk.source for h in assistant.retrieve(question, top_k=5)]
                    top10 = [h.chunk.source for h in assistant.retrieve(question, top_k=10)]
                    for pl in languages:
                        gold = f"{pl}/{p:04d}.txt"
                        ranks[mode].setdefault((ql, pl), []).append(
                            (_rank(top5, gold), _rank(top10, gold)))
                    done += 1
                    if progress:
                        progress(done, total)
    retriever.mode = "hybrid"
    per_pair = {m: {f"{ql}->{pl}": _pair_metrics(r) for (ql, pl), r in pairs.items()} for m, pairs in ranks.items()}
    overall = {}
    for m, pairs in ranks.items():
        every = [r for rs in pairs.values() for r in rs]
        cross = [r for (ql, pl), rs in pairs.items() if ql != pl for r in rs]
        overall[m] = {**{f"recall@{k}": _pair_metrics(every)[f"hit@{k}"] for k in KS},
                      "mrr": _pair_metrics(every)["mrr"],
                      "cross_lingual_recall@5": _pair_metrics(cross)["hit@5"] if cross else None}
    n_questions = sum(len(i["questions"]) for i in paragraphs[languages[0]])
    return {"suite": "xquad", "backend": "retrieval", "split": f"first {len(paragraphs[languages[0]])} paragraphs",
            "n": n_questions * len(languages), "languages": languages, "metrics": overall,
            "per_language": per_pair, "cases": []}



def evaluate_answers(assistant, paragraphs: dict[str, list[dict]], backend: str = "extractive", progress=None) -> dict:
    """Answer accuracy per question language (see the module docstring)."""
    languages = list(paragraphs)
    per_language, cases = {}, []
    total, done = sum(len(item["questions"]) for item in paragraphs[languages[0]]) * len(languages), 0
    for ql in languages:
        rows = []
        for p, item in enumerate(paragraphs[ql]):
            for i, question in enumerate(item["questions"]):
                answer = assistant.ask(question, backend=backend)
                golds = {paragraphs[lang][p]["answers"][i].casefold() for lang in languages}
                cited = {c.source for c in answer.citations}
                row = {"question": question, "language": ql, "answer": answer.text, "golds": sorted(golds),
                       "correct": any(g in answer.text.casefold() for g in golds),
                       "cites_gold": any(src.endswith(f"/{p:04d}.txt") for src in cited),
                       "cross_lingual_cited": any(not src.startswith(f"{ql}/") for src in cited),
                       "abstained": answer.abstained, "ms": answer.timings_ms.get("total")}
                rows.append(row)
                done += 1
                if progress:
                    progress(done, total)
        per_language[ql] = _answer_metrics(rows)
        cases += rows
    return {"backend": backend, "metrics": _answer_metrics(cases), "per_language": per_language, "cases": cases}


def _answer_metrics(rows: list[dict]) -> dict:
    n = len(rows)
    out = {k: round(sum(r[k] for r in rows) / n, 3) for k in ("correct", "cites_gold", "cross_lingual_cited", "abstained")}
    out["accuracy"] = out.pop("correct")
    out["latency_ms_p50"] = sorted(r["ms"] for r in rows)[n // 2]
    out["n"] = n
    return out

def plot(report: dict, out: Path) -> list[Path]:
    """Heatmap of hybrid recall@5 by question × paragraph language, and bars by retriever."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    langs = report["languages"]
    grid = np.array([[report["per_language"]["hybrid"][f"{ql}->{pl}"]["hit@5"] for pl in langs] for ql in langs])
    fig, ax = plt.subplots(figsize=(1.2 * len(langs) + 2, 1.0 * len(langs) + 1.5))
    im = ax.imshow(grid, vmin=0, vmax=1, cmap="viridis")
    ax.set_xticks(range(len(langs)), langs)
    ax.set_yticks(range(len(langs)), langs)
    ax.set_xlabel("paragraph language")
    ax.set_ylabel("question language")
    for i in range(len(langs)):
        for j in range(len(langs)):
            ax.text(j, i, f"{grid[i, j]:.2f}", ha="center", va="center", color="white" if grid[i, j] < 0.6 else "black")
    ax.set_title("XQuAD recall@5, hybrid")
    fig.colorbar(im)
    fig.tight_layout()
    heatmap = out / "xquad_recall5_heatmap.png"
    fig.savefig(heatmap, dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.5))
    keys = ["recall@1", "recall@5", "recall@10", "mrr", "cross_lingual_recall@5"]
    for i, mode in enumerate(MODES):
        ax.bar(np.arange(len(keys)) + i * 0.27, [report["metrics"][mode][k] or 0 for k in keys], 0.27, label=mode)
    ax.set_xticks(np.arange(len(keys)) + 0.27, keys, fontsize=8)
    ax.set_ylim(0, 1)
    ax.legend()
    ax.set_title("XQuAD retrieval by retriever")
    fig.tight_layout()
    bars = out / "xquad_by_retriever.png"
    fig.savefig(bars, dpi=110)
    plt.close(fig)
    return [heatmap, bars]


def markdown(report: dict) -> str:
    lines = [f"# XQuAD retrieval ({report['split']}, languages {', '.join(report['languages'])}, "
             f"{report['n']} questions per retriever)", "",
             "| retriever | recall@1 | recall@5 | recall@10 | MRR | cross-lingual recall@5 |", "|---|---|---|---|---|---|"]
    for mode, m in report["metrics"].items():
        lines.append(f"| {mode} | {m['recall@1']} | {m['recall@5']} | {m['recall@10']} | {m['mrr']} | "
                     f"{m['cross_lingual_recall@5']} |")
    langs = report["languages"]
    lines += ["", "Hybrid hit@5 by question language (rows) × paragraph language (columns):", "",
              "| q \\ p | " + " | ".join(langs) + " |", "|---|" + "---|" * len(langs)]
    for ql in langs:
        row = [str(report["per_language"]["hybrid"][f"{ql}->{pl}"]["hit@5"]) for pl in langs]
        lines.append(f"| {ql} | " + " | ".join(row) + " |")
    if "answers" in report:
        a = report["answers"]
        lines += ["", f"Answers ({a['backend']}, from the hybrid top 5), by question language:", "",
                  "| question language | n | accuracy | cites gold | cross-lingual cited | abstained | p50 ms |",
                  "|---|---|---|---|---|---|---|"]
        for lang, m in [*a["per_language"].items(), ("all", a["metrics"])]:
            lines.append(f"| {lang} | {m['n']} | {m['accuracy']} | {m['cites_gold']} | {m['cross_lingual_cited']} | "
                         f"{m['abstained']} | {m['latency_ms_p50']} |")
    return "\n".join(lines) + "\n"
