"""``assistant eval --suite nomiracl``: does the assistant know when the documents do not answer?

NoMIRACL (Thakur et al., EMNLP 2024 Findings; Apache-2.0, passages from Wikipedia, CC BY-SA):
per language, queries each with 10 Wikipedia passages, judged ``relevant`` (at least one passage
answers) or ``non_relevant`` (none does). For each language and subset the passages of ``limit``
queries from ``offset`` on are written as files ``<query>/<k>.txt`` (title, blank line, text) of
one corpus in a work folder, indexed, and every query is asked. The first 50 queries of each file
train the answerability model (``answerability.py``): report from ``offset`` 50.

- ``HR`` (hallucination rate) = ``non_relevant`` queries that got an answer / those queries;
- ``ER`` (error rate) = ``relevant`` queries that got an abstention / those queries.

Reported apart, per language, never averaged into one number. An answer another backend wrote
instead (``Answer.fallback_from``) is never credited: it counts as an answer for HR and as an
abstention for ER.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .scoring import share

SUBSETS = ("non_relevant", "relevant")
# The paper's GPT-4 figures on the same test set (README of the shared files), percent / 100.
GPT4 = {"en": (0.42, 0.05), "fr": (0.47, 0.11), "id": (0.37, 0.34), "zh": (0.44, 0.04)}


def load(data_dir: Path, language: str, subset: str, limit: int | None = None, offset: int = 0) -> list[dict]:
    path = Path(data_dir) / f"{language}.{subset}.jsonl"
    queries = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return queries[offset:offset + limit if limit else None]


def write_corpus(queries: list[dict], corpus: Path) -> Path:
    shutil.rmtree(corpus, ignore_errors=True)
    for q in queries:
        folder = Path(corpus) / re.sub(r"[^\w.-]", "_", str(q["query_id"]))
        folder.mkdir(parents=True, exist_ok=True)
        for k, passage in enumerate(q["passages"]):
            (folder / f"{k}.txt").write_text(f"{passage['title']}\n\n{passage['text']}\n", encoding="utf-8")
    return Path(corpus)


def evaluate(make_assistant, data_dir: Path, work: Path, languages: list[str], limit: int | None = None,
             backend: str = "extractive", progress=None, offset: int = 0) -> dict:
    """``make_assistant(corpus, index) -> Assistant`` builds (and indexes) one per corpus."""
    per_language, cases = {}, []
    for lang in languages:
        rates = {}
        for subset in SUBSETS:
            queries = load(data_dir, lang, subset, limit, offset)
            folder = Path(work) / f"{lang}.{subset}"
            bot = make_assistant(write_corpus(queries, folder / "corpus"), folder / "index")
            flags = []
            for q in queries:
                answer = bot.ask(q["query"], backend=backend)
                credited_abstention = answer.abstained and not answer.fallback_from
                flags.append(credited_abstention)
                cases.append({"language": lang, "subset": subset, "query_id": q["query_id"], "query": q["query"],
                              "answer": answer.text, "abstained": answer.abstained,
                              "answered_by": answer.answered_by, "fallback_from": answer.fallback_from,
                              "probability": answer.answerability.get("probability"),
                              "llm_yes": answer.answerability.get("llm_yes"),
                              "ms": answer.timings_ms.get("total")})
                if progress:
                    progress()
            abstained = sum(flags)
            if subset == "non_relevant":
                rates["HR"] = share(len(flags) - abstained, len(flags))
                rates["n_non_relevant"] = len(flags)
            else:
                rates["ER"] = share(abstained, len(flags))
                rates["n_relevant"] = len(flags)
        per_language[lang] = rates
    last = offset + limit - 1 if limit else "end"
    report = {"suite": "nomiracl", "backend": backend, "split": f"queries {offset}-{last} of each file",
            "languages": languages, "n": len(cases), "metrics": per_language, "cases": cases}
    report["curve"] = curve(cases, languages, model_of(cases))
    return report


def model_of(cases: list[dict]) -> str:
    """The answerability model that gave the cases' probabilities: ``llm`` when a llama.cpp model
    judged the evidence (the llamacpp backend; the extractive one with ``Settings.llm_reader``)."""
    return "llm" if any(c.get("llm_yes") is not None for c in cases) else "base"


def curve(cases: list[dict], languages: list[str], model_name: str = "base") -> dict:
    """HR and ER per language at each row of the answerability model's table (false-refusal
    target → probability cut): what ``Settings.false_refusal`` would give, had the answer been
    decided by the model alone (the extractive backend's rule; an LLM behind it refuses more).
    ``model_name``: the model that gave the cases' probabilities ("llm" with a llama.cpp judge)."""
    from ..answer import answerable

    model = answerable.load()[model_name]
    out = {}
    for lang in languages:
        mine = [c for c in cases if c["language"] == lang and c["probability"] is not None]
        negative = [c["probability"] for c in mine if c["subset"] == "non_relevant"]
        positive = [c["probability"] for c in mine if c["subset"] == "relevant"]
        out[lang] = [{"false_refusal": float(rate), "cut": cut,
                      "HR": share(sum(p >= cut for p in negative), len(negative)),
                      "ER": share(sum(p < cut for p in positive), len(positive))}
                     for rate, cut in sorted(model["thresholds"].items(), key=lambda kv: float(kv[0]))]
    return out


def markdown(report: dict) -> str:
    lines = [f"# NoMIRACL ({report['backend']}, {report['split']})", "",
             "HR = answered / non-relevant queries; ER = abstained / relevant queries (lower is better; "
             "see `assistant/evals/nomiracl.py`). GPT-4 from the paper, same test set.", "",
             "| language | HR | ER | n non-relevant | n relevant | GPT-4 HR | GPT-4 ER |", "|---|---|---|---|---|---|---|"]
    for lang, m in report["metrics"].items():
        ref = GPT4.get(lang, (None, None))
        lines.append(f"| {lang} | {m['HR']} | {m['ER']} | {m['n_non_relevant']} | {m['n_relevant']} | "
                     f"{ref[0]} | {ref[1]} |")
    if report.get("curve"):
        langs = list(report["curve"])
        lines += ["", "Over the false-refusal setting (`ASSISTANT_FALSE_REFUSAL`; the answerability model alone, "
                  "as the extractive backend decides): HR / ER per language.", "",
                  "| false_refusal | cut | " + " | ".join(langs) + " |", "|---|---|" + "---|" * len(langs)]
        for k, point in enumerate(report["curve"][langs[0]]):
            cells = [f"{report['curve'][lang][k]['HR']} / {report['curve'][lang][k]['ER']}" for lang in langs]
            lines.append(f"| {point['false_refusal']} | {point['cut']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot(report: dict, out: Path) -> list[Path]:
    """HR and ER per language, with GPT-4's figures as markers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    langs = list(report["metrics"])
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for k, key in enumerate(("HR", "ER")):
        xs = [i + k * 0.4 for i in range(len(langs))]
        ax.bar(xs, [report["metrics"][lang][key] or 0 for lang in langs], 0.38, label=f"{key} ({report['backend']})")
        ax.scatter(xs, [GPT4.get(lang, (None, None))[k] for lang in langs], marker="_", s=400, color="black",
                   label="GPT-4 (paper)" if k == 0 else None, zorder=3)
    ax.set_xticks([i + 0.2 for i in range(len(langs))], langs)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=7)
    ax.set_title("NoMIRACL: hallucination rate (HR) and error rate (ER), lower is better")
    fig.tight_layout()
    path = Path(out) / "nomiracl.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path] + ([plot_curve(report, out)] if report.get("curve") else [])


def plot_curve(report: dict, out: Path) -> Path:
    """ER against HR over the false-refusal setting, per language, with GPT-4's point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 5))
    for k, (lang, points) in enumerate(report["curve"].items()):
        color = f"C{k}"
        ax.plot([p["HR"] for p in points], [p["ER"] for p in points], marker=".", color=color, label=lang)
        if lang in GPT4:
            ax.scatter(*GPT4[lang], marker="*", s=140, color=color, edgecolor="black", zorder=3,
                       label=f"GPT-4 {lang} (paper)")
    ax.axvline(0.2, color="grey", linestyle=":", linewidth=1)
    ax.axhline(0.2, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("hallucination rate HR (answered, no passage answers)")
    ax.set_ylabel("error rate ER (refused, a passage answers)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(f"NoMIRACL over the false-refusal setting ({report['backend']})", fontsize=10)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    path = Path(out) / "nomiracl_curve.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
