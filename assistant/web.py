"""The Gradio chat page: a thin adapter over ``Assistant.stream`` (served by ``server.py``).

Every ``[n]`` of an answer is a link; clicking it shows, beside the chat, the cited file, its
language and the passage with the cited span highlighted. Document text is always escaped here
(``html.escape``) before any markup is added, so HTML or script inside a document shows as text.
"""
from __future__ import annotations

import base64
import functools
import html
import logging
import re
from pathlib import Path

from .answer.backends import AUTO_ORDER
from .answer.untrusted import gives_orders
from .errors import AssistantError
from .ingest.orders import is_instruction
from .ingest.read import content_hash, corpus_file, read_source
from .ingest.split import sentences
from .schema import Answer

log = logging.getLogger(__name__)

CONTEXT_CHARS = 300
EXAMPLES = [
    "How much was Durov's bail?",
    "Où Durov a-t-il été arrêté ?",
    "Berapa tahun Telegram diblokir di Rusia?",
    "韩国监管机构要求 Telegram 删除了多少项内容？",
]
CSS = """
.cite { font-weight: 600; text-decoration: none; cursor: pointer; padding: 0 1px; }
.source-card { display: none; border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px; }
.source-card.shown { display: block; }
.source-card mark { background: #ffe58a; color: #111; }
.source-card img.page-image { display: block; max-width: 100%; margin-top: 6px; border: 1px solid var(--border-color-primary); }
.source-card pre { white-space: pre-wrap; word-break: break-word; font-family: inherit; margin: 6px 0 0; }
.sources-list { font-size: 0.9em; margin-top: 6px; }
.notice { border-left: 4px solid #e0a800; padding: 6px 10px; }
/* each retrieved passage a block of its own, its figures on one line above its text: readable in
   the page's side column and on a phone alike */
.trace table, .trace tbody, .trace tr { display: block; width: 100%; }
.trace table { font-size: 0.8em; }
.trace tr { border-top: 1px solid var(--border-color-primary); padding: 4px 0; }
.trace td { display: inline; padding: 0 8px 0 0; overflow-wrap: anywhere; }
.trace td:last-child { display: block; padding-top: 2px; }
"""
# Clicking [n] shows that citation's card: event delegation, because answers arrive later. The
# chat's sanitizer keeps only plain attributes, so the card's id travels in the href.
JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite');
    if (!link) return;
    event.preventDefault();
    document.querySelectorAll('.source-card').forEach(c => c.classList.remove('shown'));
    const card = document.getElementById((link.getAttribute('href') || '').slice(1));
    if (card) { card.classList.add('shown'); card.scrollIntoView({block: 'nearest'}); }
  });
}
"""


def linkify(text: str, turn: int) -> str:
    """Escaped answer text whose ``[n]`` markers link to their source cards."""
    escaped = html.escape(text)
    return re.sub(
        r"\[(\d+)\]",
        lambda m: f'<a class="cite" href="#src-{turn}-{m.group(1)}">[{m.group(1)}]</a>',
        escaped,
    )


UNTRUSTED_FILE = ('<p class="untrusted"><b>⚠ Untrusted:</b> this file gives orders to an AI reader '
                  "(to ignore instructions, to reply or cite something); its sentences never answer alone.</p>")


def source_card(answer: Answer, turn: int, corpus_dir, n: int, read=None) -> str:
    """The card of citation ``n``; ``read(source) -> (text, file_hash)`` gives the extracted text
    (``Assistant.extracted_text``; default: extract it again from the file)."""
    read = read or (lambda source: read_source(corpus_dir, source))
    c = next(c for c in answer.citations if c.n == n)
    hit = next((h for h in answer.hits if h.chunk.id == c.chunk_id), None)
    language = hit.chunk.language if hit else ""
    before = after = note = ""
    try:  # only a file inside the corpus, as it was when indexed, gives the context around the quote
        text, file_hash = read(c.source)
        if hit and file_hash != hit.chunk.file_hash:
            note = "<p><i>This file changed since it was indexed: run <code>assistant index</code>.</i></p>"
        else:
            before = text[max(0, c.start - CONTEXT_CHARS) : c.start]
            after = text[c.end : c.end + CONTEXT_CHARS]
            if any(is_instruction(s.text) for s in sentences(text)):
                note = UNTRUSTED_FILE
    except (AssistantError, OSError) as e:
        note = f"<p><i>{html.escape(str(e))}</i></p>"
    pdf = c.source.lower().endswith(".pdf") and not note and hit is not None
    image = _page_image(corpus_dir, c.source, hit.chunk.file_hash, c.page, c.quote) if pdf else ""
    return (
        f'<div class="source-card" id="src-{turn}-{n}" data-source="{html.escape(c.source)}">'
        f"<b>[{n}] {html.escape(c.source)}</b> · {html.escape(language)} · page {c.page} · characters {c.start}–{c.end}"
        f"{note}{image}<pre>…{html.escape(before)}<mark>{html.escape(c.quote)}</mark>{html.escape(after)}…</pre></div>"
    )


@functools.lru_cache(maxsize=64)
def _page_image(corpus_dir, source: str, file_hash: str, page: int, quote: str) -> str:
    """The cited PDF page as an <img>, the cited lines highlighted ("" when it cannot be drawn);
    ``file_hash`` (of the file as indexed) keys the cache."""
    from .ingest.readers.pdf_page import highlighted_page

    try:
        raw = corpus_file(corpus_dir, source).read_bytes()
        if content_hash(raw) != file_hash:  # changed since it was indexed: its pages may have moved
            return ""
        png = highlighted_page(raw, page, quote)
    except Exception as e:  # a card without its picture is still a card
        log.info("no page image for %s p. %s: %s", source, page, e.__class__.__name__)
        return ""
    alt = html.escape(f"page {page} of {source}, the cited lines highlighted")
    return f'<img class="page-image" alt="{alt}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'



UNTRUSTED_PASSAGE = ' <b class="untrusted">⚠ untrusted: gives orders to an AI</b>'


TRACE_CHARS = 400  # of each passage in the trace: enough to judge it, short enough to scan


def _shortened(text: str) -> str:
    return text if len(text) <= TRACE_CHARS else text[:TRACE_CHARS].rstrip() + "…"


def trace(answer: Answer) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>{html.escape(h.chunk.source)}"
        f"{UNTRUSTED_PASSAGE if gives_orders(h) else ''}</td><td>{h.chunk.language}</td>"
        f"<td>fused {h.score:.4f}</td><td>{'' if h.dense_score is None else f'dense {h.dense_score:.3f}'}</td>"
        f"<td>{'' if h.lexical_score is None else f'BM25 {h.lexical_score:.2f}'}</td>"
        f"<td>{html.escape(_shortened(h.chunk.text))}</td></tr>"
        for i, h in enumerate(answer.hits, start=1)
    )
    dropped = "".join(f"<li>{html.escape(d)}</li>" for d in answer.dropped) or "<li>nothing</li>"
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in answer.warnings)
    timings = ", ".join(f"{k} {v:.0f} ms" for k, v in answer.timings_ms.items())
    verdict = answer.answerability
    answerable = (f" · <b>Answerable:</b> p = {verdict['probability']:.2f} (answers from {verdict['threshold']:.2f})"
                  + (f", the LLM's P(yes) = {verdict['llm_yes']:.2f}" if "llm_yes" in verdict else "")
                  if verdict else "")
    return (
        f'<div class="trace"><p><b>Standalone query:</b> {html.escape(answer.query)}<br>'
        f"<b>Backend:</b> {html.escape(answer.backend)} · <b>Timings:</b> {timings}{answerable}</p>"
        f"<table>{rows}</table><p><b>Dropped by verification:</b></p><ul>{dropped}</ul>"
        + (f"<p><b>Warnings:</b></p><ul>{warnings}</ul>" if warnings else "")
        + "</div>"
    )


def notice(assistant) -> str:
    """The line above the chat that says who writes the answers."""
    answering = assistant.auto_backend()
    if answering != "extractive":
        return (f'<div class="notice" id="llm-notice">Answers are written by {html.escape(assistant.model_name(answering))} '
                f"({html.escape(answering)}, on this machine); every sentence is checked against the source it cites.</div>")
    ollama = (f"start <code>ollama serve</code>, run <code>ollama pull {html.escape(assistant.settings.ollama_model)}</code> "
              "and reload")
    reader = assistant.reader_name()
    if reader is None:
        return ('<div class="notice" id="extractive-notice">Running without an LLM: answers are verbatim sentences '
                f"of the sources (extractive). To enable an LLM, {ollama}.</div>")
    return ('<div class="notice" id="extractive-notice">Answers are verbatim sentences of the sources (extractive: on '
            "the test questions they were right more often than the bundled model's own words); "
            f"{html.escape(reader)} judges whether they answer the question. To have it write the answers, choose "
            f"<code>llamacpp</code> under Settings → Backend; for a larger model, {ollama}.</div>")


def render(answer: Answer, turn: int) -> str:
    """The chat message of a finished answer: linked text, then each cited file once."""
    files = []
    for c in answer.citations:
        if c.source not in files:
            files.append(c.source)
    listing = "".join(
        f"<li>{html.escape(f)} "
        + " ".join(
            f'<a class="cite" href="#src-{turn}-{c.n}">[{c.n}]</a> p. {c.page}'
            for c in answer.citations if c.source == f
        )
        + "</li>"
        for f in files
    )
    sources = f'<div class="sources-list"><b>Sources</b><ul>{listing}</ul></div>' if files else ""
    return linkify(answer.text, turn) + sources


def build(assistant):
    import gradio as gr

    corpus_dir = assistant.settings.corpus_dir
    backends = ["auto", *AUTO_ORDER]

    def respond(message, history, cards, backend, top_k):
        cards = "" if "source-card" not in (cards or "") else cards
        history = list(history or [])
        turn = sum(1 for m in history if m["role"] == "user") + 1
        past = [{"role": m["role"], "content": _plain(m["content"])} for m in history]
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield history, cards, "", gr.update()
        text = ""
        try:
            for piece in assistant.stream(message, past, backend=backend, top_k=int(top_k)):
                if isinstance(piece, str):
                    text += piece
                    history[-1] = {"role": "assistant", "content": html.escape(text)}
                    yield history, cards, "", gr.update()
                else:
                    answer = piece
        except AssistantError as e:
            history[-1] = {"role": "assistant", "content": f"⚠️ {html.escape(str(e))}"}
            yield history, cards, "", gr.update()
            return
        history[-1] = {"role": "assistant", "content": render(answer, turn)}
        new_cards = "".join(source_card(answer, turn, corpus_dir, c.n, assistant.extracted_text) for c in answer.citations)
        yield history, cards + new_cards, "", trace(answer)

    with gr.Blocks(title="Corpus assistant", analytics_enabled=False) as app:
        gr.Markdown("## Ask the corpus — every sentence cited")
        gr.HTML(notice(assistant))
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab", elem_id="chat-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        chat = gr.Chatbot(label="Chat", elem_id="chat", height=460, sanitize_html=True)
                        box = gr.Textbox(placeholder="Ask in any language…", show_label=False, elem_id="question")
                        gr.Examples(EXAMPLES, inputs=box)
                        with gr.Accordion("Settings", open=False):
                            backend = gr.Dropdown(backends, value="auto", label="Backend", elem_id="backend")
                            top_k = gr.Slider(1, 20, value=assistant.settings.top_k, step=1, label="Passages")
                    with gr.Column(scale=2, min_width=300):
                        gr.Markdown("### Source")
                        cards = gr.HTML("<p>Click a [n] in an answer to see its passage.</p>", elem_id="sources")
                        with gr.Accordion("Retrieval trace", open=False, elem_id="trace-accordion"):
                            trace_box = gr.HTML(elem_id="trace")
            with gr.Tab("Documents", id="documents-tab", elem_id="documents-tab"):
                listing, listed = documents_tab(assistant)
        box.submit(respond, [box, chat, cards, backend, top_k], [chat, cards, box, trace_box])
        app.load(listing, None, listed)  # another visitor or `assistant index` may have changed them
    return app


DOCUMENT_COLUMNS = ["file", "languages", "pages", "chunks", "indexed at", "state"]
FLAGGED = "flagged: gives orders to an AI, never taken as facts"


def document_rows(assistant) -> list[list]:
    def state(d):
        why = f" — {d['why']}" if d["why"] else ""
        return d["state"] + why + (f"; {FLAGGED}" if d["flagged"] else "")

    return [[d["source"], ", ".join(d["languages"]), d["pages"] or "", d["chunks"], d["indexed_at"] or "", state(d)]
            for d in assistant.documents()]


def documents_tab(assistant):
    """The Documents tab: every file with its state; upload (several at once, indexed before the
    reply, the chat using them at once); remove, after a confirmation, from the index and, if
    asked, from the folder. The same ``Assistant`` operations as ``/v1/documents``. Returns the
    listing function and the components it fills, for the page to refresh them on each visit."""
    import gradio as gr

    def listing():
        rows = document_rows(assistant)
        return rows, gr.update(choices=[r[0] for r in rows], value=None)

    def add(paths, progress=gr.Progress()):
        lines = []
        for i, path in enumerate(paths or []):
            name = Path(path).name
            progress((i, len(paths)), desc=f"indexing {name}")
            try:
                added = assistant.add_document(name, Path(path).read_bytes())
                lines.append(f"✓ {name}: indexed, {added['chunks']} chunks ({', '.join(added['languages'])})"
                             + (" — replaced the earlier version" if added.get("replaced") else ""))
            except AssistantError as e:
                lines.append(f"✗ {name}: {e}")
        rows, choices = listing()
        return rows, choices, "\n".join(f"- {html.escape(line)}" for line in lines), None

    def ask_confirmation(source, delete_file):
        if not source:
            return gr.update(visible=False), "", "Choose a document to remove first."
        where = "the index and the corpus folder" if delete_file else "the index (the file stays in the folder)"
        return gr.update(visible=True), f"Remove **{html.escape(source)}** from {where}?", ""

    def remove(source, delete_file):
        try:
            done = assistant.remove_document(source, delete_file=bool(delete_file))
            message = f"✓ {html.escape(source)}: removed from the index" + (" and deleted" if done["file_deleted"] else "")
        except AssistantError as e:
            message = f"✗ {html.escape(str(e))}"
        rows, choices = listing()
        return rows, choices, message, gr.update(visible=False)

    gr.Markdown(f"Files of the corpus folder `{html.escape(str(assistant.settings.corpus_dir))}`. "
                f"Uploads up to {assistant.settings.max_file_mb:g} MB each are saved there and indexed at once.")
    table = gr.Dataframe(headers=DOCUMENT_COLUMNS, value=lambda: document_rows(assistant), interactive=False,
                         elem_id="documents", wrap=True)
    uploads = gr.File(label="Add documents (drop one or several)", file_count="multiple", elem_id="upload")
    status = gr.Markdown(elem_id="documents-status")
    with gr.Row():
        chosen = gr.Dropdown(choices=[], label="Document to remove", elem_id="remove-choice", allow_custom_value=False)
        delete_file = gr.Checkbox(label="Also delete the file from the corpus folder", elem_id="delete-file")
        ask = gr.Button("Remove…", variant="stop", elem_id="remove")
    with gr.Row(visible=False, elem_id="confirm-row") as confirm_row:
        question = gr.Markdown()
        yes = gr.Button("Yes, remove it", variant="stop", elem_id="confirm-remove")
        no = gr.Button("Cancel", elem_id="cancel-remove")
    uploads.upload(add, [uploads], [table, chosen, status, uploads])
    ask.click(ask_confirmation, [chosen, delete_file], [confirm_row, question, status])
    yes.click(remove, [chosen, delete_file], [table, chosen, status, confirm_row])
    no.click(lambda: gr.update(visible=False), None, confirm_row)
    return listing, [table, chosen]


def _plain(content) -> str:
    """A past message as plain text again, for the follow-up rewrite."""
    if isinstance(content, list):
        content = " ".join(str(part.get("text", "")) if isinstance(part, dict) else str(part) for part in content)
    text = re.sub(r'<div class="sources-list">.*', "", str(content), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))
