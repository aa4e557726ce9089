"""P(the cited sentence gives this answer to the question), by the bundled model, for every sentence
shown by two dev runs (README.md).

    .venv/bin/python evals/tuning/answers/probe.py evals/tuning/answers/probe_dev.jsonl
"""
import json
import sys
from pathlib import Path

from assistant.answer.judge import judge_for_settings
from assistant.answer.verify import split_claims
from assistant.evals.scoring import contains
from assistant.ingest.read import read_source
from assistant.settings import Settings

judge = judge_for_settings(Settings())
gold = {}
for f in ("seeds", "documents"):
    for line in open(f"evals/gold/{f}.jsonl"):
        c = json.loads(line)
        gold[(f, c["id"])] = c
texts = {}
out = open(sys.argv[1], "w")
for rep, f, corpus in (("evals/reports/seeds-dev-llamacpp-value/report.json", "seeds", "seeds"),
                       ("evals/reports/documents-dev-llamacpp/report.json", "documents", "evals/documents/corpus")):
    for row in json.load(open(rep))["cases"]:
        if row["abstained"] or not row["own"]:
            continue
        case = gold[(f, row["id"])]
        cites = {c["n"]: c for c in row["citations"]}
        for cl in split_claims(row["answer"]):
            for n in cl.markers[:1]:
                c = cites.get(n)
                if not c:
                    continue
                t = texts.setdefault((corpus, c["source"]), read_source(Path(corpus), c["source"])[0])
                sent = t[c["start"]:c["end"]]
                right = case["answerable"] and all(any(contains(cl.text, a) for a in g) for g in case["answers"])
                p = judge.gives(case["question"], cl.text, sent)
                rec = dict(suite=f, id=row["id"], type=case["type"], answerable=case["answerable"], on_evidence=c["on_evidence"],
                           right=right, p=round(p, 3), question=case["question"], claim=cl.text, sentence=sent[:300])
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                out.flush()
print(judge.calls, judge.seconds)
