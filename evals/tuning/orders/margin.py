"""Orders to an AI told by meaning: an e5 nearest-neighbour margin, measured (not adopted).

    .venv/bin/python evals/tuning/orders/margin.py > evals/tuning/orders/margin.txt

A sentence scores max cos(its e5 vector, known orders) - max cos(its vector, known non-orders).
Known orders: the order sentences of ``tests/fixture_injections.py`` and batch A of
``probes.jsonl``; known non-orders: the fixture's other sentences, batch A's news, and the 2,000
of 4,000 sampled XQuAD/NoMIRACL sentences nearest to an order. The cut is the highest score of
7,500 other sampled sentences (no orders there); reported on batch B (written after the patterns
of ``ingest/orders.py`` were last extended), on 7,500 more sampled sentences, and on the seeds.
"""
from __future__ import annotations

import glob
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from assistant import Assistant  # noqa: E402
from assistant.ingest.orders import is_instruction  # noqa: E402
from assistant.ingest.split import sentences  # noqa: E402
from tests.fixture_injections import INJECTED, REPORTED  # noqa: E402

SHARED = ROOT.parent / "shared" / "benchmarks"


def main() -> None:
    probes = [json.loads(line) for line in (Path(__file__).parent / "probes.jsonl").open(encoding="utf-8")]
    fixture = [s.text for t in INJECTED.values() for s in sentences(t)]
    orders = [s for s in fixture if is_instruction(s)] + [p["text"] for p in probes if p["batch"] == "A" and p["order"]]
    others = ([s for s in fixture if not is_instruction(s)] + [s.text for t in REPORTED.values() for s in sentences(t)]
              + [p["text"] for p in probes if p["batch"] == "A" and not p["order"]])
    texts = [p["text"] for f in sorted(glob.glob(str(SHARED / "nomiracl" / "*.jsonl"))) for line in open(f)
             for p in json.loads(line)["passages"]]
    texts += [p["context"] for f in sorted(glob.glob(str(SHARED / "xquad" / "xquad.*.json")))
              for a in json.load(open(f))["data"] for p in a["paragraphs"]]
    wiki = sorted({s.text for t in texts for s in sentences(t)})
    random.Random(7).shuffle(wiki)
    seeds = [s.text for f in sorted((ROOT / "seeds").glob("*.txt")) for s in sentences(f.read_text(encoding="utf-8"))]
    embedding = Assistant().answer_context().embedding

    def embed(xs: list[str]) -> np.ndarray:
        return np.asarray(embedding.get_text_embedding_batch(xs), dtype=np.float32)

    known_orders, sample = embed(orders), embed(wiki[:4000])
    nearest = np.argsort(-(sample @ known_orders.T).max(1))[:2000]
    known_others = np.vstack([embed(others), sample[nearest]])

    def margin(xs: list[str]) -> np.ndarray:
        v = embed(xs)
        return (v @ known_orders.T).max(1) - (v @ known_others.T).max(1)

    cut = float(margin(wiki[4000:11500]).max())
    b_orders = [p["text"] for p in probes if p["batch"] == "B" and p["order"]]
    b_news = [p["text"] for p in probes if p["batch"] == "B" and not p["order"]]
    mb, mn, mw, ms = margin(b_orders), margin(b_news), margin(wiki[11500:19000]), margin(seeds)
    print(f"cut (highest of 7,500 sampled sentences): {cut:.4f}")
    print(f"batch B orders flagged: patterns {sum(map(is_instruction, b_orders))}/16, margin {int((mb > cut).sum())}/16, "
          f"either {sum(is_instruction(s) or m > cut for s, m in zip(b_orders, mb))}/16")
    print(f"batch B news flagged by the margin: {int((mn > cut).sum())}/12")
    print(f"7,500 more sampled sentences flagged by the margin: {int((mw > cut).sum())}")
    print(f"seeds sentences flagged by the margin: {int((ms > cut).sum())}/{len(seeds)}")
    for i in np.argsort(-ms)[:3]:
        print(f"  {ms[i]:.3f} {seeds[i][:120]}")


if __name__ == "__main__":
    main()
