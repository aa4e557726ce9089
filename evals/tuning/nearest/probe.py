"""Why seeds dev's right LLM sentences s052 and s055 are still dropped (stop 40): for each, the
verifier's decision, the six sentences of the retrieved passages nearest to it by e5, and every
gold-evidence sentence with the bundled model's cross-language reading (``rescue``, kept from 0.8).

    .venv/bin/python evals/tuning/nearest/probe.py > evals/tuning/nearest/probe.txt

Tried with it, not adopted: when a claim's nearest sentence is in its own language and about
something else ("does not say this", "does not speak of what the question asks"), read the
nearest sentence in another language too. No sentence of seeds dev changed (evals/reverify.py
--rescue): the model reads the gold sentences at 0.45 (s052) and 0.51-0.65 (s055), under 0.8.
"""
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "evals"))

from reverify import written  # noqa: E402

from assistant import Assistant  # noqa: E402
from assistant.answer.generate import sources_for  # noqa: E402
from assistant.answer.judge import judge_for_settings  # noqa: E402
from assistant.answer.verify import check  # noqa: E402
from assistant.evals.scoring import overlaps  # noqa: E402

gold = {c["id"]: c for c in map(json.loads, (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8"))}
report = json.loads((ROOT / "evals/reports/seeds-dev-llamacpp/report.json").read_text(encoding="utf-8"))
rows = {r["id"]: r for r in report["cases"]}
bot = Assistant()
context = bot.answer_context()
reader = judge_for_settings(bot.settings)
for cid in ["s052", "s055"]:
    case, row = gold[cid], rows[cid]
    hits = bot.retrieve(case["question"], language=case["language"])
    sources = sources_for(context, case["question"], case["language"], hits, None, rescue=reader)
    for claim, _ in written(row, hits):
        result = check(claim, sources)
        chosen = result.candidate
        print(cid, claim.text[:80], claim.markers, result.reason, result.similarity,
              chosen.text[:80] if chosen else None, chosen.hit.chunk.language if chosen else None)
        sims = sources.vectors @ sources.embed([claim.text])[0]
        for i in np.argsort(-sims)[:6]:
            c = sources.candidates[i]
            print("   ", round(float(sims[i]), 3), c.hit.chunk.language, c.hit.chunk.source[:4], c.text[:90])
        for c, sim in zip(sources.candidates, sims):
            if any(e["source"] == c.hit.chunk.source and overlaps((c.start, c.end), (e["start"], e["end"]))
                   for e in case["evidence"]):
                print("  gold", round(float(sim), 3), c.hit.chunk.language, c.text[:90],
                      "rescue", round(reader(claim.text, c.text), 3))
