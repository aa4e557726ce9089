"""Four ways to ask the bundled model whether the best sentences answer, on the seeds dev split:

    .venv/bin/python evals/tuning/answerability/judge_prompts.py > evals/tuning/answerability/judge_prompts_dev.jsonl

(~15 min on 2 cores; needs the seeds index, ``assistant index``). One row per question with
each way's P(answerable):

- ``v1``: today's ``Judge.answers`` over the best 3 sentences (by the hand-set score) at once;
- ``v2_max``: the same question over each of the 3 sentences alone, the highest kept;
- ``v4_none``: the model asked to answer in a few words or reply NONE; 1 − P(first token is N/NO/None/NONE);
- ``v5_top5``: ``Judge.answers`` over the best 5 sentences.

``variants.py`` reads the rows. None replaced v1 (see ``variants.md``).
"""
import json
import sys
from pathlib import Path

import numpy as np

from assistant.answer import answerable
from assistant.answer import judge as J
from assistant.core import Assistant
from assistant.evals import seeds

READER2 = "You answer questions from passages. If the passages do not give the answer, reply exactly: NONE"


def p_answer(jd, question: str, passages: list[str]) -> float:
    """1 − the probability that the model's reply starts with NONE (or N, NO, None)."""
    listed = "\n".join(f"- {p}" for p in passages)
    user = f"Passages:\n{listed}\n\nQuestion: {question}\nAnswer in a few words, or NONE."
    logits = jd.logits(READER2, user).astype(np.float64)
    pr = np.exp(logits - logits.max())
    pr /= pr.sum()
    llama = jd._model()
    none = sorted({llama.tokenize(t.encode(), add_bos=False, special=False)[0] for t in ("NONE", "None", " NONE", "N", "NO")})
    return 1.0 - float(pr[none].sum())


def main() -> None:
    bot = Assistant()
    jd = J.judge_for_settings(bot.settings)
    context = bot.answer_context()
    for case in seeds.load_cases(Path("evals/gold"), "dev"):
        q, lang = case["question"], case["language"]
        hits = bot.retrieve(q, language=lang)
        scored = answerable.by_score(answerable.score(context, q, lang, hits))
        top = [c.text for c in scored[:3]]
        row = {"id": case["id"], "label": int(case["answerable"]), "q": q, "v1": jd.answers(q, top),
               "v2_max": max((jd.answers(q, [s]) for s in top), default=0.0), "v4_none": p_answer(jd, q, top),
               "v5_top5": jd.answers(q, [c.text for c in scored[:5]])}
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.exit(main())
