"""Upload a 10-page PDF until a question about it is answered, through the HTTP API.

    .venv/bin/python -m benchmarks.upload [--runs 3]

``assistant serve``'s app (uvicorn, in this process's thread) over a copy of the seeds, already
indexed and warm; a French 10-page PDF made with reportlab (a fact on page 7) is sent to
``POST /v1/documents`` (which returns once it is indexed), then an English question about that
fact goes to ``POST /v1/chat/completions`` (extractive). The clock runs from the upload's first
byte to the answer; each run uploads a new PDF (a new name, new facts), so nothing is reused.
"""
from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import threading
import time
from pathlib import Path

from .common import ROOT, emit, percentiles

PAGES = 10


def ten_page_pdf(run: int) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(1, PAGES + 1):
        pdf.setFont("DejaVu", 11)
        lines = [f"Rapport annuel du port de Valmont {run}, page {page}."]
        lines += [f"Le quai numéro {page * 3 + k} du port de Valmont {run} accueille des navires de pêche "
                  f"depuis {1900 + page * 7 + k}." for k in range(12)]
        if page == 7:
            lines.append(f"Le phare du port de Valmont {run} mesure {40 + run} mètres de haut.")
        for i, line in enumerate(lines):
            pdf.drawString(50, 780 - 18 * i, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import httpx
    import uvicorn

    from assistant import Assistant, Settings, api
    from harness.page import free_port

    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "seeds", corpus)
        bot = Assistant(Settings(corpus_dir=corpus, index_dir=Path(tmp) / "index"))
        bot.index()
        bot.ask("Combien Durov a-t-il payé de caution ?", backend="extractive")  # models and BM25 warm
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(api.create_app(bot, bot.settings), host="127.0.0.1", port=port,
                                               log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.1)
        url, runs = f"http://127.0.0.1:{port}", []
        for run in range(1, args.runs + 1):
            raw = ten_page_pdf(run)
            started = time.perf_counter()
            sent = httpx.post(f"{url}/v1/documents", files={"file": (f"valmont-{run}.pdf", raw, "application/pdf")},
                              timeout=120)
            uploaded = time.perf_counter() - started
            answer = httpx.post(f"{url}/v1/chat/completions", timeout=120, json={
                "model": "extractive",
                "messages": [{"role": "user", "content": f"How tall is the lighthouse of the port of Valmont {run}?"}]})
            total = time.perf_counter() - started
            body = answer.json()
            cited = body.get("citations") or [{}]
            runs.append({"upload_and_index_s": round(uploaded, 2), "until_answered_s": round(total, 2),
                         "status": [sent.status_code, answer.status_code], "cited": cited[0].get("source"),
                         "page": cited[0].get("page"),
                         "right": f"{40 + run} mètres" in body["choices"][0]["message"]["content"]})
        server.should_exit = True
    emit({"pages": PAGES, "runs": runs, "until_answered_s": percentiles([r["until_answered_s"] for r in runs]),
          "all_right": all(r["right"] and r["page"] == 7 for r in runs)}, args.json)


if __name__ == "__main__":
    main()
