"""Which questions' LLM evidence gains the sentence that goes on to explain the best one
(``extractive.goes_on``, shown by ``prompt.select_evidence`` for a why or how question), and is it on
gold evidence? Only those questions can get another first answer from the bundled model.

    .venv/bin/python evals/tuning/explain/evidence.py > evals/tuning/explain/evidence.txt
"""
import json

from assistant.answer import answerable, extractive
from assistant.answer.prompt import select_evidence
from assistant.answer.questions import explains
from assistant.core import Assistant


def on_evidence(c, case) -> bool:
    return any(e["source"] == c.hit.chunk.source and c.start < e["end"] and e["start"] < c.end for e in case["evidence"])


def main() -> None:
    assistant = Assistant()
    context = assistant.answer_context()
    cases = [json.loads(line) for line in open("evals/gold/seeds.jsonl", encoding="utf-8")]
    for split in ("dev", "test"):
        asked = gained = on_gold = 0
        for case in cases:
            if case["split"] != split or not case["answerable"] or not explains(case["question"]):
                continue
            hits = assistant.retrieve(case["question"], language=case["language"])
            scored = answerable.assess(context, case["question"], case["language"], hits, None).scored
            before = select_evidence(scored)  # without the question: the evidence of the code before
            after = extractive.goes_on(case["question"], scored[0], scored) if scored else None
            asked += 1
            if after is not None and after not in before:
                gained += 1
                on_gold += on_evidence(after, case)
                print(f"{split} {case['id']} {case['question']}\n    gains: {after.text} (on gold evidence: "
                      f"{on_evidence(after, case)})")
        print(f"{split}: {asked} answerable why/how questions; {gained} gain a sentence, {on_gold} of them on gold evidence")


if __name__ == "__main__":
    main()
