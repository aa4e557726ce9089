"""What every benchmark shares: percentiles, memory, the XQuAD corpus, and running a section in
its own process (so that its peak memory and its cold start are its own)."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from assistant.evals import xquad

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"  # git-ignored: built indexes reused between sections
GOLD = ROOT / "evals" / "gold" / "seeds.jsonl"
XQUAD_DIR = ROOT.parent / "shared" / "benchmarks" / "xquad"
XQUAD_LANGUAGES = sorted(p.name.split(".")[1] for p in XQUAD_DIR.glob("xquad.*.json"))


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 (nearest rank) and n, rounded to 0.1."""
    ordered = sorted(values)

    def at(q):
        return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)

    return {"n": len(values), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99)}


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return round(int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def disk_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20, 1)


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def seeds_questions(split: str | None = None) -> list[str]:
    cases = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    return [c["question"] for c in cases if split in (None, c["split"])]


def warm_up_questions() -> list[str]:
    """One gold question per language: the first question in a language loads its analyzer."""
    by_language = {}
    for line in GOLD.open(encoding="utf-8"):
        case = json.loads(line)
        by_language.setdefault(case["language"], case["question"])
    return list(by_language.values())


def xquad_corpus(paragraphs: int, languages: str | None = None, split: str = "all") -> tuple[Path, dict]:
    """The first ``paragraphs`` XQuAD paragraphs of ``split``'s articles (``all``, ``dev`` or
    ``test``) in each language (default: every shared one), written as files ``<lang>/<p>.txt``;
    the section that indexes them keeps the index beside, in ``../index``."""
    chosen = languages.split(",") if languages else XQUAD_LANGUAGES
    articles = xquad.SPLITS.get(split, range(48))
    loaded = xquad.load(XQUAD_DIR, chosen, articles)
    data = {lang: [{"context": p["context"], "questions": [q["question"] for q in p["questions"]]}
                   for p in items[:paragraphs]] for lang, items in loaded.items()}
    name = "-".join([f"xquad-{paragraphs}", *([] if split == "all" else [split]),
                     *([languages.replace(",", "-")] if languages else [])])
    corpus = WORK / name / "corpus"
    for lang, items in data.items():
        (corpus / lang).mkdir(parents=True, exist_ok=True)
        for p, item in enumerate(items):
            (corpus / lang / f"{p:04d}.txt").write_text(item["context"], encoding="utf-8")
    return corpus, data


def run_section(module: str, *args: str) -> dict:
    """``python -m benchmarks.<module> --json ...`` in a fresh process; its last stdout line."""
    command = [sys.executable, "-m", f"benchmarks.{module}", "--json", *args]
    print(f"$ {' '.join(command[2:])}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"benchmark section {module} failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {module} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return result


def emit(result: dict, as_json: bool) -> None:
    """Print a section's numbers: one JSON line for the runner, or indented for a reader."""
    print(json.dumps(result) if as_json else json.dumps(result, indent=1, ensure_ascii=False))
