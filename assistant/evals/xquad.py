"""``assistant eval --suite xquad``: cross-lingual retrieval and answers on XQuAD (CC BY-SA 4.0).

XQuAD's 48 articles (5 paragraphs each) exist in every language with the same questions and
answer spans. Articles 0–23 are the dev split (tune there), 24–47 the test split (report there).
Of the split's articles, the last ``negative_articles`` are never indexed: their questions are
the negatives, which the corpus does not answer. The other articles' paragraphs (the first
``limit``) are written as files ``<lang>/<article>-<paragraph>.txt``.

Settings:

- ``parallel``: every chosen language indexed together, every question asked in every language.
  Retrieval per (question language, paragraph language) pair for the dense-only, BM25-only and
  hybrid retrievers: ``hit@k`` (gold file in the top k, k = 1, 5, 10; the retriever is asked for
  5, or 10 for hit@10 and MRR, as a user's ``--top-k`` would), ``MRR``.
- ``cross-lingual``: for each question language, a corpus of the *other* chosen languages only,
  so the question's own language version of its paragraph is absent (zh questions over en + de).

Answers (each setting, per question language, from the hybrid top 5):

- ``answer_bearing`` = the first citation is a span of the question's paragraph (in any
  language) that contains that language's gold answer span (by XQuAD's ``answer_start``): what
  the extractive backend is scored by;
- ``em`` / ``f1`` = SQuAD exact match and token F1 of the answer text (markers removed) against
  the gold answer in the language of the first cited passage (the question's language when
  nothing is cited): what an LLM's short answer is scored by;
- ``contains_any`` = the answer contains the gold answer of any language (generous: a sentence
  or two contain much besides the answer);
- ``cites_gold``, ``cross_lingual_cited`` = shares citing the question's paragraph, citing a
  passage in another language; ``abstained``; ``fallback_rate`` (answers another backend wrote:
  scored 0 for this one).
- ``negative_abstention`` = negatives' questions abstained / negatives' questions.
"""
from __future__ import annotations

import json
from pathlib import Path

from .scoring import contains, exact_match, p50, share, strip_markers, token_f1

SPLITS = {"dev": range(0, 24), "test": range(24, 48)}
MODES = ("dense", "lexical", "hybrid")
KS = (1, 5, 10)


def load(xquad_dir: Path, languages: list[str], articles: range) -> dict[str, list[dict]]:
    """Per language, the paragraphs of ``articles``, parallel across languages."""
    out = {}
    for lang in languages:
        data = json.loads((Path(xquad_dir) / f"xquad.{lang}.json").read_text(encoding="utf-8"))["data"]
        out[lang] = [{"file": f"{lang}/{a:02d}-{p}.txt", "article": a, "context": para["context"],
                      "questions": [{"question": q["question"], "answer": q["answers"][0]["text"],
                                     "start": q["answers"][0]["answer_start"]} for q in para["qas"]]}
                     for a in articles for p, para in enumerate(data[a]["paragraphs"])]
    return out


def plan(paragraphs: dict[str, list[dict]], limit: int | None, negative_articles: int) -> tuple[list[int], list[int]]:
    """Indices of the paragraphs to index and of the negatives (whole articles left out)."""
    first = next(iter(paragraphs.values()))
    articles = sorted({p["article"] for p in first})
    held_out = set(articles[len(articles) - negative_articles:]) if negative_articles else set()
    indexed = [i for i, p in enumerate(first) if p["article"] not in held_out][:limit]
    return indexed, [i for i, p in enumerate(first) if p["article"] in held_out]


def write_corpus(paragraphs: dict[str, list[dict]], indices: list[int], corpus: Path, languages: list[str]) -> None:
    for lang in languages:
        for i in indices:
            path = Path(corpus) / paragraphs[lang][i]["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(paragraphs[lang][i]["context"], encoding="utf-8")


def _rank(sources: list[str], gold: str) -> int | None:
    return sources.index(gold) + 1 if gold in sources else None


def _ranks_metrics(ranks: list[tuple[int | None, int | None]]) -> dict:
    """``ranks``: per question, the gold's rank among 5 and among 10 retrieved passages."""
    n = len(ranks)
    out = {f"hit@{k}": share(sum(1 for r5, r10 in ranks if (r := (r5 if k <= 5 else r10)) and r <= k), n) for k in KS}
    out["mrr"] = round(sum(1 / r10 for _, r10 in ranks if r10) / n, 3) if n else None
    out["n"] = n
    return out


def retrieval(assistant, paragraphs, indices, languages, progress=None) -> dict:
    """Retrieval per (question language, paragraph language) pair, for each retriever."""
    retriever = assistant.retriever
    ranks: dict[str, dict[str, list]] = {m: {} for m in MODES}
    try:
        for mode in MODES:
            retriever.mode = mode
            for ql in languages:
                for i in indices:
                    for q in paragraphs[ql][i]["questions"]:
                        top5 = [h.chunk.source for h in assistant.retrieve(q["question"], top_k=5)]
                        top10 = [h.chunk.source for h in assistant.retrieve(q["question"], top_k=10)]
                        for pl in languages:
                            gold = paragraphs[pl][i]["file"]
                            ranks[mode].setdefault(f"{ql}->{pl}", []).append((_rank(top5, gold), _rank(top10, gold)))
                        if progress:
                            progress()
    finally:
        retriever.mode = "hybrid"
    out = {}
    for mode, pairs in ranks.items():
        every = [r for rs in pairs.values() for r in rs]
        cross = [r for pair, rs in pairs.items() if pair.split("->")[0] != pair.split("->")[1] for r in rs]
        out[mode] = {"per_pair": {pair: _ranks_metrics(rs) for pair, rs in pairs.items()},
                     "recall@5": _ranks_metrics(every)["hit@5"], "recall@10": _ranks_metrics(every)["hit@10"],
                     "mrr": _ranks_metrics(every)["mrr"],
                     "cross_lingual_recall@5": _ranks_metrics(cross)["hit@5"] if cross else None}
    return out


def score_answer(answer, paragraphs, i: int, qi: int, ql: str) -> dict:
    """One answer against the gold of paragraph ``i``, question ``qi`` (see the module docstring)."""
    by_file = {paragraphs[lang][i]["file"]: lang for lang in paragraphs}
    first = answer.citations[0] if answer.citations else None
    cited_lang = first.source.split("/")[0] if first else None  # files are <lang>/<article>-<p>.txt
    gold_lang = cited_lang if cited_lang in paragraphs else ql  # even a wrong paragraph's language
    bearing = False
    if first and first.source in by_file:
        q = paragraphs[by_file[first.source]][i]["questions"][qi]
        bearing = first.start <= q["start"] and q["start"] + len(q["answer"]) <= first.end
    text = strip_markers(answer.text) if not answer.abstained else ""
    gold = paragraphs[gold_lang][i]["questions"][qi]["answer"]
    own = not answer.fallback_from
    return {
        "question": paragraphs[ql][i]["questions"][qi]["question"], "language": ql, "answer": answer.text,
        "answered_by": answer.answered_by, "own": own, "gold": gold, "gold_language": gold_lang,
        "abstained": answer.abstained, "answer_bearing": own and bearing,
        "em": exact_match(text, gold, gold_lang) if own and text else 0.0,
        "f1": token_f1(text, gold, gold_lang) if own and text else 0.0,
        "contains_any": own and bool(text) and any(
            contains(text, paragraphs[lang][i]["questions"][qi]["answer"]) for lang in paragraphs),
        "cites_gold": any(c.source in by_file for c in answer.citations),
        "cross_lingual_cited": any(not c.source.startswith(f"{ql}/") for c in answer.citations),
        "ms": answer.timings_ms.get("total"),
    }


def answer_metrics(rows: list[dict]) -> dict:
    n = len(rows)
    out = {k: share(sum(r[k] for r in rows), n) for k in
           ("answer_bearing", "em", "f1", "contains_any", "cites_gold", "cross_lingual_cited", "abstained")}
    out["fallback_rate"] = share(sum(not r["own"] for r in rows), n)
    out["latency_ms_p50"] = p50([r["ms"] for r in rows])
    out["n"] = n
    return out


def answers(assistant, paragraphs, indices, question_languages, backend, progress=None) -> list[dict]:
    rows = []
    for ql in question_languages:
        for i in indices:
            for qi, q in enumerate(paragraphs[ql][i]["questions"]):
                rows.append(score_answer(assistant.ask(q["question"], backend=backend), paragraphs, i, qi, ql))
                if progress:
                    progress()
    return rows


def negatives(assistant, paragraphs, indices, question_languages, backend, progress=None) -> dict:
    """Abstention on questions whose article is not in the corpus, per question language."""
    flags: dict[str, list[bool]] = {}
    for ql in question_languages:
        for i in indices:
            for q in paragraphs[ql][i]["questions"]:
                answer = assistant.ask(q["question"], backend=backend)
                flags.setdefault(ql, []).append(answer.abstained and not answer.fallback_from)
                if progress:
                    progress()
    flags["all"] = [f for ql in question_languages for f in flags.get(ql, [])]
    return {ql: {"negative_abstention": share(sum(f), len(f)), "n": len(f)} for ql, f in flags.items()}


def by_language(rows: list[dict]) -> dict:
    langs = sorted({r["language"] for r in rows})
    return {**{lang: answer_metrics([r for r in rows if r["language"] == lang]) for lang in langs},
            "all": answer_metrics(rows)}


def evaluate(make_assistant, xquad_dir: Path, work: Path, languages: list[str], split: str = "test",
             limit: int | None = None, backend: str = "extractive", negative_articles: int = 2,
             cross_lingual: bool = True, progress=None, only_cross_lingual: bool = False) -> dict:
    """``make_assistant(corpus, index) -> Assistant`` builds (and indexes) one per corpus.
    ``only_cross_lingual``: retrieval on the parallel corpus, answers in the cross-lingual
    setting only (no parallel answers, no negatives): an LLM run in a fraction of the time."""
    paragraphs = load(xquad_dir, languages, SPLITS[split])
    indexed, held_out = plan(paragraphs, limit, negative_articles)
    work = Path(work)
    parallel = make_assistant(_corpus(paragraphs, indexed, work / "parallel", languages), work / "parallel" / "index")
    report = {"suite": "xquad", "split": split, "backend": backend, "languages": languages,
              "articles": sorted({paragraphs[languages[0]][i]["article"] for i in indexed}),
              "negative_articles": sorted({paragraphs[languages[0]][i]["article"] for i in held_out}),
              "n": sum(len(paragraphs[languages[0]][i]["questions"]) for i in indexed) * len(languages)}
    report["retrieval"] = retrieval(parallel, paragraphs, indexed, languages, progress)
    cases = []
    if not only_cross_lingual:
        rows = answers(parallel, paragraphs, indexed, languages, backend, progress)
        report["parallel"] = by_language(rows)
        report["negatives"] = negatives(parallel, paragraphs, held_out, languages, backend, progress)
        cases = [dict(r, setting="parallel") for r in rows]
    if cross_lingual and len(languages) > 1:
        report["cross_lingual"] = {}
        for ql in languages:
            others = [lang for lang in languages if lang != ql]
            name = f"{ql}->{'+'.join(others)}"
            bot = make_assistant(_corpus(paragraphs, indexed, work / name, others), work / name / "index")
            cross_rows = answers(bot, paragraphs, indexed, [ql], backend, progress)
            hits = [any(paragraphs[o][i]["file"] in {h.chunk.source for h in bot.retrieve(q["question"], top_k=5)}
                        for o in others) for i in indexed for q in paragraphs[ql][i]["questions"]]
            report["cross_lingual"][name] = {**answer_metrics(cross_rows), "hit@5": share(sum(hits), len(hits))}
            cases += [dict(r, setting=name) for r in cross_rows]
    report["cases"] = cases
    return report


def _corpus(paragraphs, indices, folder: Path, languages: list[str]) -> Path:
    import shutil

    shutil.rmtree(folder / "corpus", ignore_errors=True)  # a smaller --limit must not keep old files
    write_corpus(paragraphs, indices, folder / "corpus", languages)
    return folder / "corpus"


ANSWER_KEYS = ("n", "answer_bearing", "em", "f1", "contains_any", "cites_gold", "cross_lingual_cited",
               "abstained", "fallback_rate", "latency_ms_p50")


def markdown(report: dict) -> str:
    langs = report["languages"]
    lines = [f"# XQuAD {report['split']} articles {report['articles'][0]}–{report['articles'][-1]} "
             f"({', '.join(langs)}; {report['backend']})", "",
             "Definitions in `assistant/evals/xquad.py`. `contains_any` is generous and never the headline.", "",
             "## Retrieval (parallel corpus)", "",
             "| retriever | recall@5 | recall@10 | MRR | cross-lingual recall@5 |", "|---|---|---|---|---|"]
    for mode, m in report["retrieval"].items():
        lines.append(f"| {mode} | {m['recall@5']} | {m['recall@10']} | {m['mrr']} | {m['cross_lingual_recall@5']} |")
    lines += ["", "Hybrid hit@5, question language (rows) × paragraph language (columns):", "",
              "| q \\ p | " + " | ".join(langs) + " |", "|---|" + "---|" * len(langs)]
    for ql in langs:
        row = [str(report["retrieval"]["hybrid"]["per_pair"][f"{ql}->{pl}"]["hit@5"]) for pl in langs]
        lines.append(f"| {ql} | " + " | ".join(row) + " |")
    if report.get("parallel"):
        lines += ["", "## Answers, parallel corpus (every language version indexed)", "",
                  "| question language | " + " | ".join(ANSWER_KEYS) + " |", "|---|" + "---|" * len(ANSWER_KEYS)]
        for lang, m in report["parallel"].items():
            lines.append(f"| {lang} | " + " | ".join(str(m[k]) for k in ANSWER_KEYS) + " |")
    if report.get("cross_lingual"):
        keys = ("hit@5", *ANSWER_KEYS)
        lines += ["", "## Answers, cross-lingual (the question's language version absent)", "",
                  "| question -> corpus | " + " | ".join(keys) + " |", "|---|" + "---|" * len(keys)]
        for pair, m in report["cross_lingual"].items():
            lines.append(f"| {pair} | " + " | ".join(str(m[k]) for k in keys) + " |")
    if report.get("negatives"):
        lines += ["", f"## Negatives (articles {report['negative_articles']} not indexed)", "",
                  "| question language | n | abstained |", "|---|---|---|"]
        lines += [f"| {lang} | {m['n']} | {m['negative_abstention']} |" for lang, m in report["negatives"].items()]
    return "\n".join(lines) + "\n"


def plot(report: dict, out: Path) -> list[Path]:
    """Heatmap of hybrid hit@5 by language pair; answer F1 / answer-bearing by setting."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    langs = report["languages"]
    grid = np.array([[report["retrieval"]["hybrid"]["per_pair"][f"{ql}->{pl}"]["hit@5"] for pl in langs]
                     for ql in langs])
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    im = left.imshow(grid, vmin=0, vmax=1, cmap="viridis")
    left.set_xticks(range(len(langs)), langs)
    left.set_yticks(range(len(langs)), langs)
    left.set_xlabel("paragraph language")
    left.set_ylabel("question language")
    for i in range(len(langs)):
        for j in range(len(langs)):
            left.text(j, i, f"{grid[i, j]:.2f}", ha="center", va="center", color="white" if grid[i, j] < 0.6 else "black")
    left.set_title("hybrid hit@5")
    fig.colorbar(im, ax=left)
    settings = {f"{lang} (parallel)": m for lang, m in (report.get("parallel") or {}).items() if lang != "all"}
    settings.update(report.get("cross_lingual") or {})
    keys = ("answer_bearing", "f1", "contains_any", "abstained")
    x = np.arange(len(settings))
    for k, key in enumerate(keys):
        right.bar(x + k * 0.2, [m[key] or 0 for m in settings.values()], 0.2, label=key)
    right.set_xticks(x + 0.3, list(settings), rotation=25, fontsize=7)
    right.set_ylim(0, 1)
    right.legend(fontsize=7)
    right.set_title(f"answers ({report['backend']})")
    fig.suptitle(f"XQuAD {report['split']} articles")
    fig.tight_layout()
    path = Path(out) / "xquad.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path]
