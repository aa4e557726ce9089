"""Two instructions that ask the bundled model about the cause a claim gives (stop 45): not adopted.

For every dev-split claim of ``evals/gold/claims.jsonl`` that gives a cause (``align.CAUSE``), and
four probe claims written from what the llamacpp backend answered to "Why was Durov arrested?" in
four languages, prints P(yes) under the judge's own instruction (``judge``) and two instructions
about causes (A, B). Output: ``prompts.txt``.

    .venv/bin/python evals/tuning/causes/prompts.py > evals/tuning/causes/prompts.txt
"""
import json
from pathlib import Path

from assistant.answer.align import CAUSE
from assistant.answer.judge import SYSTEM
from assistant.core import Assistant
from assistant.evals.run import judge_for

ROOT = Path(__file__).resolve().parents[3]
BAIL = {"source": "001_5013dce6bab0cf53.txt", "start": 1637, "end": 1739}
ARREST = {"source": "000_186d9d6d1e53edb1.txt", "start": 780, "end": 1068}
PROBES = [
    {"id": "p1", "label": "wrong", "claim": "Durov ditangkap karena ia libur di caution sebanyak 5 juta euro.", **BAIL},
    {"id": "p2", "label": "right", "claim": "Durov was arrested due to his involvement in illegal activities such as "
                                            "drug trafficking.", **ARREST},
    {"id": "p3", "label": "wrong", "claim": "Durov was arrested because he paid a bail of 5 million euros.", **BAIL},
    {"id": "p4", "label": "wrong", "claim": "杜罗夫因为支付了500万欧元保释金而被捕。", **BAIL},
]
PROMPTS = {
    "A": ("Does the source say why it happened, and is the reason the claim gives the reason the source gives? "
          "Answer Yes only if the source itself states that cause for that event; a cause the source does not "
          "state as the reason is No. The claim may be in another language.\n\n"),
    "B": ("The claim says that one thing happened because of another. Does the source say that this is why it "
          "happened? Two facts the source only mentions side by side, or in another order, are No. "
          "The claim may be in another language.\n\n"),
}


def main() -> None:
    judge = judge_for(Assistant())
    rows = [json.loads(line) for line in (ROOT / "evals/gold/claims.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["split"] == "dev" and CAUSE.search(r["claim"])] + PROBES
    for r in sorted(rows, key=lambda r: r["label"]):
        text = (ROOT / "seeds" / r["source"]).read_text(encoding="utf-8")[r["start"]:r["end"]]
        user = f"Source: {text}\nClaim: {r['claim']}\nAnswer Yes or No."
        ps = {"judge": judge(r["claim"], text), **{k: judge._p_yes(SYSTEM, v, user) for k, v in PROMPTS.items()}}
        print(r["label"], r["id"], " ".join(f"{k}={p:.3f}" for k, p in ps.items()), "|", r["claim"][:70], flush=True)


if __name__ == "__main__":
    main()
