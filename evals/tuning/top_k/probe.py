"""Gold evidence among the top k retrieved passages (``Settings.top_k``), seeds dev split.

    .venv/bin/python evals/tuning/top_k/probe.py dev > evals/tuning/top_k/probe.txt

For each answerable question (a follow-up condensed as the product does), the share whose top k
passages (retrieved with that k: diversification spreads them over files) overlap gold evidence;
then the questions the top 5 miss, with the files of their passages and of their evidence.
"""
import sys
from pathlib import Path

from assistant.answer.condense import condense
from assistant.core import Assistant
from assistant.evals.seeds import _history, _on_evidence, load_cases
from assistant.ingest.language import detect

KS = (3, 5, 8, 10, 15)
GOLD = Path("evals/gold")


def main(split: str) -> None:
    bot = Assistant(backend="extractive")
    by_id = {c["id"]: c for c in load_cases(GOLD)}
    cases = [c for c in load_cases(GOLD, split) if c["answerable"]]
    found = dict.fromkeys(KS, 0)
    missed = []
    for case in cases:
        history = _history(case, by_id)
        language = detect(case["question"])
        query = condense(case["question"], history, "extractive", language, bot.answer_context()) if history \
            else case["question"]
        for k in KS:
            hits = bot.retrieve(query, k, language)
            if any(_on_evidence(h.chunk.source, h.chunk.start, h.chunk.end, case["evidence"]) for h in hits):
                found[k] += 1
            elif k == 5:
                missed.append((case["id"], case["type"], case["question"][:70], [h.chunk.source[:4] for h in hits],
                               sorted({e["source"][:4] for e in case["evidence"]})))
    print(len(cases), {k: round(v / len(cases), 3) for k, v in found.items()})
    for row in missed:
        print(row)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "dev")
