"""How often did the LLM path say "the corpus does not say" where the model had written an answer
that verification dropped whole — and the documents do answer? Read from kept eval reports
(the warning ``generate.py`` adds then), nothing run again.

    python3 evals/tuning/unchecked/count.py > evals/tuning/unchecked/count.txt
"""
import json
from pathlib import Path

REPORTS = ("seeds-test-llamacpp", "seeds-test-llamacpp-epyc-stop47", "seeds-dev-llamacpp-epyc",
           "natural-test-llamacpp", "documents-test-llamacpp")
DROPPED_WHOLE = "no sentence of its answer was supported by the sources"


def main() -> None:
    print("| report | refusals by the LLM path | answers dropped whole | of those, answerable |")
    print("|---|---|---|---|")
    for name in REPORTS:
        cases = json.loads((Path("evals/reports") / name / "report.json").read_text(encoding="utf-8"))["cases"]
        refused = [c for c in cases if c["abstained"] and not c.get("fallback_from")]
        whole = [c for c in refused if c["dropped"] and any(DROPPED_WHOLE in w for w in c["warnings"])]
        print(f"| {name} | {len(refused)} | {len(whole)} | {sum(c['answerable'] for c in whole)} |")


if __name__ == "__main__":
    main()
