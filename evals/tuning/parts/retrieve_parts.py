"""Share of evidence groups covered by the hits: whole query vs whole + each part."""
import sys, json
sys.path.insert(0, "/work/main")
from pathlib import Path
from assistant.core import Assistant
from assistant.settings import Settings
from assistant.answer.questions import asked_parts
from assistant.ingest.language import detect
from assistant.evals.scoring import overlaps
split = sys.argv[1]
bot = Assistant(Settings(corpus_dir=Path("/tmp/s39/seedcorpus"), index_dir=Path("/tmp/s39/seedidx"), llm_reader=False))
cases = [json.loads(l) for l in open("evals/gold/seeds.jsonl")]
cases = [c for c in cases if c["split"] == split and c["answerable"] and not c["followup_of"]]
def covered(hits, c):
    groups = {e["group"] for e in c["evidence"]}
    ok = {e["group"] for e in c["evidence"] for h in hits if h.chunk.source == e["source"] and overlaps((h.chunk.start, h.chunk.end), (e["start"], e["end"]))}
    return len(ok), len(groups)
tot = [0, 0, 0]; multi = 0
for c in cases:
    q, lang = c["question"], c["language"]
    hits = bot.retrieve(q, language=lang)
    parts = asked_parts(q)
    merged = list(hits)
    if len(parts) > 1:
        multi += 1
        for p in parts:
            for h in bot.retrieve(p, language=lang):
                if all(h.chunk.id != m.chunk.id for m in merged):
                    merged.append(h)
    a, n = covered(hits, c); b, _ = covered(merged, c)
    tot[0] += a; tot[1] += b; tot[2] += n
    if a != b or (len(parts) > 1 and a < n):
        print(c["id"], c["type"], a, b, n, len(hits), len(merged), q[:70])
print("groups covered whole / merged / all:", tot, "multi-part questions:", multi, "of", len(cases))
