"""Today's verifier over the sentences an earlier LLM eval run wrote: verifier changes measured on
the dev split without running the LLM again (an LLM run of the split takes about 40 minutes here).

    .venv/bin/python evals/reverify.py evals/reports/seeds-dev-llamacpp/report.json

Every sentence the LLM wrote for a case (the ones shown, and the ones verification dropped, as
the report recorded them) is checked again by ``verify.check`` against the passages retrieved
for the question, as the LLM backend does; the sentences kept make the answer. Follow-ups are
left out (they need the LLM to condense). Scored against gold, never against the verifier:

- ``correct`` = answerable cases whose kept sentences state an alias of every answer group;
- ``answered_unanswerable`` = unanswerable cases with a kept sentence (lower is better);
- ``citation_precision`` = kept sentences of answerable cases whose supporting sentence overlaps
  gold evidence / kept sentences of answerable cases;
- ``right_dropped`` / ``wrong_kept`` = sentences that state (do not state) every answer group of an
  answerable case and were dropped (kept): where the verifier and the gold answer disagree (a kept
  sentence that states only part of the answer counts as wrong_kept: a generous bound).

Prints before (the report's own answers) and after (today's verifier) side by side.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from assistant import Assistant
from assistant.answer.generate import sources_for
from assistant.answer.verify import Claim, answers, check, split_claims
from assistant.evals.scoring import contains, overlaps

ROOT = Path(__file__).resolve().parents[1]
REASON = re.compile(r"\s+\([^()]*\)$")  # "... euros. (a number is not in the cited passage)"


def states(text: str, case: dict) -> bool:
    return all(any(contains(text, a) for a in group) for group in case["answers"])


def written(row: dict, hits) -> list[tuple[Claim, bool]]:
    """The sentences of the LLM's own answer, each with whether the run showed it. A shown
    sentence cites again the hit holding the span it cited; a dropped one was recorded without
    its markers, so the verifier looks for the nearest source, as for a sentence with none."""
    shown = [] if row["abstained"] or not row["own"] else split_claims(row["answer"])
    spans = {c["n"]: (c["source"], c["start"]) for c in row["citations"]}
    for claim in shown:
        claim.markers = [i + 1 for n in claim.markers if n in spans for i, h in enumerate(hits)
                         if h.chunk.source == spans[n][0] and h.chunk.start <= spans[n][1] < h.chunk.end]
    return [(c, True) for c in shown] + [(Claim(REASON.sub("", d)), False) for d in row.get("dropped") or []]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("report", type=Path)
    parser.add_argument("--show", action="store_true", help="print every sentence whose decision changed")
    parser.add_argument("--dropped", action="store_true", help="print every right sentence dropped, with why")
    parser.add_argument("--imprecise", action="store_true",
                        help="print every sentence kept off gold evidence, and every one kept for an unanswerable case")
    parser.add_argument("--judge", action="store_true", help="ask the LLM judge too (the bundled Qwen, or ASSISTANT_GGUF_PATH)")
    parser.add_argument("--rescue", action="store_true",
                        help="let the LLM judge keep a claim near a sentence in another language, as the llamacpp backend does")
    args = parser.parse_args()
    gold = {c["id"]: c for c in map(json.loads, (ROOT / "evals/gold/seeds.jsonl").open(encoding="utf-8"))}
    rows = [r for r in json.loads(args.report.read_text(encoding="utf-8"))["cases"] if r["type"] != "followup"]
    bot = Assistant()
    context = bot.answer_context()
    judge = reader = None
    if args.judge or args.rescue:
        from assistant.answer.judge import judge_for_settings

        reader = judge_for_settings(bot.settings)
        judge = reader if args.judge else None
    tally = {k: [0, 0] for k in ("correct", "answered_unanswerable", "right_dropped", "wrong_kept",
                                 "precise", "kept_answerable")}
    for row in rows:
        case = gold[row["id"]]
        if row["abstained"] and not row.get("dropped"):
            continue
        hits = bot.retrieve(case["question"], language=case["language"])
        claims = written(row, hits)
        sources = sources_for(context, case["question"], case["language"], hits, judge,
                              rescue=reader if args.rescue else None)
        kept = []
        for claim, before in claims:
            result, text = answers(claim, check(claim, sources), sources), claim.text
            after = result.ok
            if after:
                kept.append(text)
                precise = case["answerable"] and any(
                    e["source"] == result.candidate.hit.chunk.source
                    and overlaps((result.candidate.start, result.candidate.end), (e["start"], e["end"]))
                    for e in case["evidence"])
                if case["answerable"]:
                    tally["kept_answerable"][1] += 1
                    tally["precise"][1] += precise
                if args.imprecise and not precise:
                    print(f"{row['id']} {'answerable' if case['answerable'] else 'UNANSWERABLE'} {case['question'][:80]!r}\n"
                          f"    kept {text[:200]!r}\n    over {result.candidate.text[:200]!r}")
            right = case["answerable"] and states(text, case)
            tally["right_dropped"][0] += right and not before
            tally["right_dropped"][1] += right and not after
            tally["wrong_kept"][0] += not right and before
            tally["wrong_kept"][1] += not right and after
            if args.dropped and right and not after:
                print(f"{row['id']} right, dropped: {text[:160]!r} ({result.reason})")
            if args.show and before != after:
                print(f"{row['id']} {'kept' if after else 'DROPPED'} {text[:160]!r} {result.reason}")
        shown = [c.text for c, before in claims if before]
        if case["answerable"]:
            tally["correct"][0] += bool(shown) and states(" ".join(shown), case)
            tally["correct"][1] += bool(kept) and states(" ".join(kept), case)
        else:
            tally["answered_unanswerable"][0] += bool(shown)
            tally["answered_unanswerable"][1] += bool(kept)
    answerable = sum(gold[r["id"]]["answerable"] for r in rows)
    print(f"{len(rows)} cases ({answerable} answerable), follow-ups left out; before -> after")
    for key, (before, after) in tally.items():
        print(f"  {key:22} {before:4} -> {after:4}")
    p = tally["precise"][1] / max(tally["kept_answerable"][1], 1)
    print(f"  citation_precision (after) {p:.3f}")
    if reader:
        print(f"  judge: {reader.calls} calls, {reader.seconds:.1f} s")


if __name__ == "__main__":
    main()
