"""Train the answerability model (``answer/answerable.py``): ``python -m assistant.evals.answerability``.

Data, never a test split:

- ``seeds``: the dev split of ``evals/gold/seeds.jsonl`` over the seeds corpus (answerable or not,
  as the gold says);
- ``xquad``: XQuAD dev articles 0–23; paragraphs of articles 0–17 in en, de and zh are indexed,
  questions are asked in en, de, zh, es, ru and vi; a question of an indexed article is a positive,
  one of articles 18–23 (never indexed) a negative;
- ``nomiracl``: the first ``NOMIRACL_TRAIN`` queries of each shared NoMIRACL file (en, fr, id, zh),
  indexed as ``assistant eval --suite nomiracl`` does; ``relevant`` queries are positives.
  Queries after those are left for evaluation (``assistant eval --suite nomiracl --offset 50``).

``--features`` (step 1, slow: it indexes every corpus) writes one row of features per question to
``evals/tuning/answerability/features.jsonl``; ``--fit`` (step 2, seconds) reads that file,
compares logistic regression with gradient-boosted trees by 5-fold cross-validation (fixed seed;
each source weighs the same in the loss), fits the chosen model on all rows and writes
``assistant/answer/answerable.json`` with the threshold table (false-refusal rate → probability
cut, from out-of-fold probabilities of the answerable rows), plus a report and the calibration
plot beside the features. With neither flag, both steps run.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from ..answer import answerable
from ..ingest.language import detect
from . import nomiracl, seeds, xquad

OUT = Path("evals/tuning/answerability")
NOMIRACL_TRAIN = 50
XQUAD_INDEXED, XQUAD_NEGATIVE = range(0, 18), range(18, 24)
XQUAD_CORPUS = ("en", "de", "zh")
XQUAD_QUESTIONS = ("en", "de", "zh", "es", "ru", "vi")
XQUAD_PER_LANGUAGE = (80, 40)  # positives, negatives sampled per question language
LLM_EVERY = {"seeds": 1, "nomiracl": 1, "xquad": 2}  # rows judged by the LLM (1.3 s each)
RATES = (0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8)
SEED = 13


def rows_for(bot, questions: list[tuple[str, str | None, bool]], source: str, group: str) -> list[dict]:
    """One feature row per (question, language or None to detect, answerable)."""
    context = bot.answer_context()
    out = []
    for question, language, label in questions:
        language = language or detect(question)
        hits = bot.retrieve(question, language=language)
        scored = answerable.score(context, question, language, hits)
        out.append({"source": source, "group": group, "language": language, "question": question,
                    "label": int(label), **answerable.features(question, language, hits, scored)})
    return out


def seeds_rows(make, gold: Path, corpus: Path, work: Path) -> list[dict]:
    bot = make(corpus, work / "seeds" / "index")
    cases = seeds.load_cases(gold, "dev")
    return rows_for(bot, [(c["question"], c["language"], c["answerable"]) for c in cases], "seeds", "seeds")


def xquad_rows(make, data: Path, work: Path) -> list[dict]:
    paragraphs = xquad.load(data, list(XQUAD_QUESTIONS), range(0, 24))
    first = paragraphs[XQUAD_QUESTIONS[0]]
    indexed = [i for i, p in enumerate(first) if p["article"] in XQUAD_INDEXED]
    held_out = [i for i, p in enumerate(first) if p["article"] in XQUAD_NEGATIVE]
    corpus = work / "xquad" / "corpus"
    xquad.write_corpus(paragraphs, indexed, corpus, list(XQUAD_CORPUS))
    bot = make(corpus, work / "xquad" / "index")
    rng, rows = random.Random(SEED), []
    for lang in XQUAD_QUESTIONS:
        for indices, label, n in ((indexed, True, XQUAD_PER_LANGUAGE[0]), (held_out, False, XQUAD_PER_LANGUAGE[1])):
            asked = [(q["question"], lang, label) for i in indices for q in paragraphs[lang][i]["questions"]]
            rows += rows_for(bot, rng.sample(asked, min(n, len(asked))), "xquad", lang)
    return rows


def nomiracl_rows(make, data: Path, work: Path) -> list[dict]:
    rows = []
    for lang in ("en", "fr", "id", "zh"):
        for subset in nomiracl.SUBSETS:
            queries = nomiracl.load(data, lang, subset, NOMIRACL_TRAIN)
            folder = work / "nomiracl" / f"{lang}.{subset}"
            bot = make(nomiracl.write_corpus(queries, folder / "corpus"), folder / "index")
            rows += rows_for(bot, [(q["query"], None, subset == "relevant") for q in queries], "nomiracl", lang)
    return rows


def build(base, gold: Path, corpus: Path, xquad_dir: Path, nomiracl_dir: Path, work: Path) -> list[dict]:
    from .run import assistant_factory

    make = assistant_factory(base)
    rows = seeds_rows(make, gold, corpus, work) + xquad_rows(make, xquad_dir, work)
    return rows + nomiracl_rows(make, nomiracl_dir, work)


def corpus_of(row: dict, work: Path) -> Path:
    """The work folder a feature row's question was asked in."""
    if row["source"] == "nomiracl":
        return work / "nomiracl" / f"{row['group']}.{'relevant' if row['label'] else 'non_relevant'}"
    return work / row["source"]


def llm_rows(base, rows: list[dict], work: Path, every: dict[str, int], judge) -> list[dict]:
    """The LLM feature (``answerable.llm_yes``) for every ``every[source]``-th row of each source,
    asked again in its own corpus (indexed by step 1, so nothing is embedded again)."""
    from .run import assistant_factory

    make, bots, out = assistant_factory(base), {}, []
    for source, step in every.items():
        for row in [r for r in rows if r["source"] == source][::step]:
            folder = corpus_of(row, work)
            if folder not in bots:
                bots[folder] = make(folder / "corpus" if source != "seeds" else Path("seeds"), folder / "index")
            bot = bots[folder]
            hits = bot.retrieve(row["question"], language=row["language"])
            scored = answerable.score(bot.answer_context(), row["question"], row["language"], hits)
            out.append({**row, "llm_yes": answerable.llm_yes(judge, row["question"], scored)})
            print(f"{len(out)} {source} {row['label']} {out[-1]['llm_yes']:.3f}", file=sys.stderr, flush=True)
    return out


# -- fitting ---------------------------------------------------------------------------------------
def source_weights(rows: list[dict]):
    """Each source weighs the same in total, whatever its number of rows."""
    import numpy as np

    sources = sorted({r["source"] for r in rows})
    count = {s: sum(r["source"] == s for r in rows) for s in sources}
    return np.array([len(rows) / (len(sources) * count[r["source"]]) for r in rows])


def _models():
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {
        "logistic": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)),
        "boosted_trees": lambda: HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_depth=3,
                                                                random_state=SEED),
    }


def logistic_table(pipeline, names: list[str]) -> dict:
    """A fitted StandardScaler + LogisticRegression pipeline as the table the product reads
    (``answer/ranking.py``'s ``logit``): feature names, means, scales, weights, intercept."""
    scaler, lr = pipeline.named_steps["standardscaler"], pipeline.named_steps["logisticregression"]
    return {"features": names, "mean": [round(float(v), 6) for v in scaler.mean_],
            "scale": [round(float(v), 6) for v in scaler.scale_], "coef": [round(float(v), 6) for v in lr.coef_[0]],
            "intercept": round(float(lr.intercept_[0]), 6)}


def out_of_fold(make_model, x, y, w, strata):
    """Each row's probability from a model that did not see it (5 folds, stratified by source
    and label)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    p = np.zeros(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=SEED).split(x, strata):
        model = make_model()
        fit_kwargs = {"logisticregression__sample_weight": w[train]} if hasattr(model, "steps") else {"sample_weight": w[train]}
        model.fit(x[train], y[train], **fit_kwargs)
        p[test] = model.predict_proba(x[test])[:, 1]
    return p


def _metrics(y, p, w, rows, cut=None) -> dict:
    from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

    out = {"log_loss": round(log_loss(y, p, sample_weight=w), 4), "auc": round(roc_auc_score(y, p, sample_weight=w), 4),
           "brier": round(brier_score_loss(y, p, sample_weight=w), 4)}
    by_source = {}
    for source in sorted({r["source"] for r in rows}):
        mask = [r["source"] == source for r in rows]
        ys, ps = y[mask], p[mask]
        m = {"n": int(sum(mask)), "auc": round(roc_auc_score(ys, ps), 4)}
        if cut is not None:
            m["false_refusal"] = round(float(((ps < cut) & (ys == 1)).sum() / max(1, (ys == 1).sum())), 3)
            m["false_answer"] = round(float(((ps >= cut) & (ys == 0)).sum() / max(1, (ys == 0).sum())), 3)
        by_source[source] = m
    out["by_source"] = by_source
    return out


def thresholds(y, p, w) -> dict[str, float]:
    """Per target false-refusal rate, the probability below which that (weighted) share of the
    answerable rows falls."""
    import numpy as np

    pos = y == 1
    order = np.argsort(p[pos])
    ps, ws = p[pos][order], w[pos][order]
    cumulative = np.cumsum(ws) / ws.sum()
    return {str(rate): round(float(ps[min(np.searchsorted(cumulative, rate), len(ps) - 1)]), 4) for rate in RATES}


def fit_one(rows: list[dict], names: list[str]) -> tuple[dict, dict, object]:
    """(the logistic model as a table, its cross-validated report beside the trees', its
    out-of-fold probabilities)."""
    import numpy as np

    x = np.array([[r[n] for n in names] for r in rows], dtype=float)
    y = np.array([r["label"] for r in rows])
    w = source_weights(rows)
    strata = [f"{r['source']}:{r['label']}" for r in rows]
    compared, oof = {}, {}
    for name, make_model in _models().items():
        oof[name] = out_of_fold(make_model, x, y, w, strata)
        compared[name] = _metrics(y, oof[name], w, rows)
    # Logistic regression: the trees were no better on held-out folds (report.json), its
    # weights read as a table, and its probabilities come out calibrated without a second fit.
    final = _models()["logistic"]()
    final.fit(x, y, logisticregression__sample_weight=w)
    table = thresholds(y, oof["logistic"], w)
    model = {**logistic_table(final, names), "thresholds": table,
             "trained_on": {s: int(sum(r["source"] == s for r in rows)) for s in sorted({r["source"] for r in rows})}}
    report = {"cross_validated": compared,
              "at_thresholds": {rate: _metrics(y, oof["logistic"], w, rows, cut)["by_source"] for rate, cut in table.items()}}
    return model, report, (y, oof["logistic"])


def fit(rows: list[dict], judged: list[dict], out: Path, weights_path: Path) -> dict:
    """Two models: ``base`` on the retrieval features (every row), ``llm`` with the LLM's
    judgement too (the rows it judged), used when a llama.cpp model is loaded."""
    models, report = {"command": "python -m assistant.evals.answerability"}, {}
    for name, data, names in (("base", rows, list(answerable.FEATURES)),
                              ("llm", judged, list(answerable.FEATURES) + ["llm_yes"])):
        if not data:
            continue
        models[name], report[name], (y, p) = fit_one(data, names)
        plot(y, p, data, out / f"calibration_{name}.png", name)
    weights_path.write_text(json.dumps(models, indent=1) + "\n", encoding="utf-8")
    (out / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


def plot(y, p, rows, path: Path, name: str) -> None:
    """Reliability diagram of the out-of-fold probabilities, per source and overall."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1)
    bins = np.linspace(0, 1, 11)
    groups = [("all", np.ones(len(y), bool))] + [(s, np.array([r["source"] == s for r in rows]))
                                                  for s in sorted({r["source"] for r in rows})]
    for group, mask in groups:
        which = np.digitize(p[mask], bins[1:-1])
        xs, ys = [], []
        for b in range(10):
            sel = which == b
            if sel.sum() >= 5:
                xs.append(p[mask][sel].mean())
                ys.append(y[mask][sel].mean())
        ax.plot(xs, ys, marker="o", label=f"{group} (n={int(mask.sum())})", linewidth=2 if group == "all" else 1)
    ax.set_xlabel("predicted probability that the evidence answers (out of fold)")
    ax.set_ylabel("share that was answerable")
    ax.set_title(f"Answerability model ({name}): calibration on held-out folds", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.evals.answerability", description=__doc__.split("\n")[0])
    parser.add_argument("--features", action="store_true", help="step 1 only: index the corpora, write features")
    parser.add_argument("--llm", action="store_true", help="step 1b only: add the bundled LLM's judgement to "
                        "the rows of step 1 (every row of seeds and NoMIRACL, every other one of XQuAD)")
    parser.add_argument("--fit", action="store_true", help="step 2 only: fit from the features files")
    parser.add_argument("--work-dir", default="evals/work/answerability")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    features_file = out / "features.jsonl"
    if args.features or not args.fit:
        from ..core import Assistant

        base = Assistant()
        rows = build(base, Path("evals/gold"), Path("seeds"), Path("../shared/benchmarks/xquad"),
                     Path("../shared/benchmarks/nomiracl"), Path(args.work_dir))
        features_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} rows: {features_file}", file=sys.stderr)
    llm_file = out / "llm_features.jsonl"
    if args.llm or not (args.features or args.fit):
        from ..answer.judge import judge_for_settings
        from ..core import Assistant

        base = Assistant()
        rows = [json.loads(line) for line in features_file.open(encoding="utf-8")]
        rows = llm_rows(base, rows, Path(args.work_dir), LLM_EVERY, judge_for_settings(base.settings))
        llm_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    if args.fit or not (args.features or args.llm):
        rows = [json.loads(line) for line in features_file.open(encoding="utf-8")]
        judged = [json.loads(line) for line in llm_file.open(encoding="utf-8")] if llm_file.exists() else []
        report = fit(rows, judged, out, answerable.WEIGHTS)
        print(json.dumps({name: r["cross_validated"] for name, r in report.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
