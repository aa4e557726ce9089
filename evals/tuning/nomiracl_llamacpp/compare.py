"""The bundled model's NoMIRACL held-out run against an earlier one in git: per language, HR / ER,
what the LLM path's gate alone would answer, and how many of the queries past the gate the model
(NOT_IN_SOURCES) and verification then refused. Read from the reports, nothing run again.

    python3 evals/tuning/nomiracl_llamacpp/compare.py b3d1863 > evals/tuning/nomiracl_llamacpp/compare.txt
"""
import json
import subprocess
import sys
from pathlib import Path

REPORT = "evals/reports/nomiracl-llamacpp-heldout/report.json"


def summary(name: str, report: dict) -> None:
    print(f"{name} ({report.get('cpu')}):")
    for language in report["languages"]:
        metrics = report["metrics"][language]
        row = next(x for x in report["curve"][language] if x["false_refusal"] == 0.1)  # the LLM path's cut
        cases = [c for c in report["cases"] if c["language"] == language and c["probability"] >= row["cut"]]
        past = {s: [c for c in cases if c["subset"] == s] for s in ("non_relevant", "relevant")}
        print(f"  {language}: HR {metrics['HR']} ER {metrics['ER']} | gate alone HR {row['HR']} (cut {row['cut']}) | "
              + "; ".join(f"{s} past the gate {len(v)}, refused after {sum(c['abstained'] for c in v)}"
                          for s, v in past.items()))


def main() -> None:
    earlier = subprocess.run(["git", "show", f"{sys.argv[1]}:{REPORT}"], capture_output=True, text=True, check=True).stdout
    summary(f"at {sys.argv[1]}", json.loads(earlier))
    summary("now", json.loads(Path(REPORT).read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
