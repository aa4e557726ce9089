"""Where gold evidence stands in the learned order for the seeds dev split's why/how questions
(stop 45). Output: ``dev_why.txt``.

    .venv/bin/python evals/tuning/ranking/why/dev_why.py > evals/tuning/ranking/why/dev_why.txt
"""
import json

from assistant.answer import answerable
from assistant.core import Assistant
from assistant.evals.scoring import overlaps


def on_evidence(candidate, case: dict) -> bool:
    return any(e["source"] == candidate.hit.chunk.source and overlaps((candidate.start, candidate.end),
                                                                       (e["start"], e["end"]))
               for e in case["evidence"])


def main() -> None:
    bot = Assistant()
    context = bot.answer_context()
    cases = [json.loads(line) for line in open("evals/gold/seeds.jsonl", encoding="utf-8")]
    cases = [c for c in cases if c["split"] == "dev" and c["type"] == "why_how"]
    first = 0
    for c in cases:
        hits = bot.retrieve(c["question"], language=c["language"])
        scored = answerable.score(context, c["question"], c["language"], hits)
        places = [i for i, s in enumerate(scored) if on_evidence(s, c)]
        first += bool(places) and places[0] == 0
        top = scored[0].text[:60] if scored else None
        print(c["id"], c["language"], "gold at", places[:3], "of", len(scored), "|", c["question"][:60], "| top:", top)
    print("gold first", first, "of", len(cases))


if __name__ == "__main__":
    main()
