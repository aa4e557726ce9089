"""AUC of the gate judge's P(yes) over seeds dev, reading the three best sentences by the hand-set
score or by the learned ranking (``probe_dev.jsonl``, written by ``probe.py --judge``)."""
from __future__ import annotations

import json
from pathlib import Path

from sklearn.metrics import roc_auc_score

HERE = Path(__file__).parent

rows = [json.loads(line) for line in (HERE / "probe_dev.jsonl").open(encoding="utf-8")]
y = [r["answerable"] for r in rows]
answerable = [r for r in rows if r["answerable"]]
print(f"{len(rows)} questions, {len(answerable)} answerable")
for key in ("score", "rank"):
    gold = sum(r[f"gold_{key}"] for r in answerable)
    auc = roc_auc_score(y, [r[f"p_{key}"] for r in rows])
    print(f"by {key}: gold evidence in the three {gold}/{len(answerable)}, AUC {auc:.3f}")
