"""Did verification's changes move any decision on the crafted claims? Both splits, before and
after, through the llamacpp backend's checks on the same CPU.

    python3 evals/tuning/explain/claims.py > evals/tuning/explain/claims.txt
"""
import json
from pathlib import Path

HERE = Path(__file__).parent

for split in ("dev", "test"):
    before, after = (json.loads((HERE / f"claims-{split}-{when}.json").read_text(encoding="utf-8"))
                     for when in ("before", "after"))
    differ = [a["id"] for a, b in zip(before["cases"], after["cases"]) if (a["kept"], a["reason"]) != (b["kept"], b["reason"])]
    print(f"{split}: {len(after['cases'])} claims ({after['cpu']}); wrong rejected {before['metrics']['wrong_rejected']} -> "
          f"{after['metrics']['wrong_rejected']}, right kept {before['metrics']['right_kept']} -> "
          f"{after['metrics']['right_kept']}; decisions that differ: {differ or 'none'}")
