"""A tuning folder's README: a table of the seeds-eval reports it keeps, one row per run."""
from __future__ import annotations

import json
from pathlib import Path


def write(folder: Path, title: str, about: str, runs: dict[str, Path], keys: tuple[str, ...]) -> str:
    """Write ``folder/README.md`` (title, what the runs are, the table) and return its text."""
    lines = [f"# {title}", "", " ".join(about.split()), "",
             f"Written by `evals/tuning/{folder.name}/table.py` from the reports in this folder.", "",
             "| run | " + " | ".join(keys) + " |", "|---|" + "---|" * len(keys)]
    for name, path in runs.items():
        metrics = json.loads(Path(path).read_text(encoding="utf-8"))["metrics"]
        lines.append(f"| {name} | " + " | ".join(str(metrics[k]) for k in keys) + " |")
    text = "\n".join(lines) + "\n"
    (folder / "README.md").write_text(text, encoding="utf-8")
    return text
