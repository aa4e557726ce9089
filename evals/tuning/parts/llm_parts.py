"""Each part of a two-part question asked of the bundled model on its own, against both at once
(seeds dev split; the questions ``questions.asked_parts`` splits, and their gold answers).

    .venv/bin/python evals/tuning/parts/llm_parts.py > evals/tuning/parts/llm_parts_dev.txt

Scored as ``assistant eval`` scores them (``evals/seeds.run_case``): accuracy, citations on gold
evidence, answer time. "both at once" is the prompt of stop 34 (``EACH_PART``: the model is told
the question asks two things and to answer each).
"""
# ruff: noqa: E501
from __future__ import annotations

import statistics
from pathlib import Path

from assistant import Assistant
from assistant.answer import answerable, generate
from assistant.answer.questions import asked_parts
from assistant.evals.seeds import load_cases, run_case

ROOT = Path(__file__).resolve().parents[3]
ORIGINAL = generate.Generative._by_parts
decisions = []
_assess = answerable.assess


def recorded(*args, **kwargs):
    decisions.append(_assess(*args, **kwargs))
    return decisions[-1]


def at_once(self, question, language, hits, parts, state):
    """Stop 34's way: the whole question's evidence, the prompt listing both things."""
    return (yield from self._in_language(question, language, hits, self._evidence(question, decisions[-1].scored), state))


def main() -> None:
    generate.answerable.assess = recorded
    assistant = Assistant()
    cases = load_cases(ROOT / "evals" / "gold", "dev")
    by_id = {c["id"]: c for c in cases}
    chosen = [c for c in cases if c["answerable"] and len(asked_parts(c["question"])) > 1]
    print(f"{len(chosen)} dev questions that ask two things")
    for name, way in (("both at once", at_once), ("each on its own", ORIGINAL)):
        generate.Generative._by_parts = way
        rows = [run_case(assistant, c, by_id, "llamacpp") for c in chosen]
        cited = [c["on_evidence"] for r in rows for c in r["citations"]]
        print(f"\n## {name}: accuracy {sum(r['correct'] and r['own'] for r in rows)}/{len(rows)}, "
              f"citations on evidence {sum(cited)}/{len(cited)}, "
              f"p50 {statistics.median(r['timings_ms']['total'] for r in rows) / 1000:.1f} s")
        for r in rows:
            print(f"- {r['id']} {r['language']} {'OK ' if r['correct'] else 'no '} {r['answer'][:200]!r}")


if __name__ == "__main__":
    main()
