"""Markdown: the text as a reader sees it, with markdown-it-py (CommonMark and tables). One page.

Markup syntax is removed rather than kept: ``**``, ``#``, link targets and table rules would
otherwise be embedded, counted as BM25 terms and shown inside quotes. What a reader sees stays:
headings, paragraphs, list items, table rows (cells joined by " | "), code blocks verbatim, a
link's text (not its URL) and an image's alt text. Raw HTML blocks go through the HTML reader's
rules, so a ``<script>`` inside Markdown is not indexed either.
"""
from __future__ import annotations

from ..read import decode
from . import Document, Limits, one_page, sniff, wrong_kind

SKIP_INLINE = {"html_inline"}


def read(raw: bytes, limits: Limits, suffix: str) -> Document:
    if sniff(raw) != "other":
        raise wrong_kind(suffix, "Markdown text", raw)
    source, encoding = decode(raw)
    return one_page(plain_text(source), encoding)


def plain_text(source: str) -> str:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    blocks: list[str] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            blocks.append(" | ".join(c for c in row if c))
            row = None
        elif token.type == "inline":
            text = _inline(token.children or [])
            if row is not None:
                row.append(text)
            else:
                blocks.append(text)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            blocks.append(_html(token.content))
    # a table's rows form one block, one line each
    return "\n\n".join(b.strip() for b in _group_tables(blocks, tokens) if b.strip())


def _inline(children) -> str:
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(_inline(child.children or []))
    return "".join(out).strip()


def _html(markup: str) -> str:
    from .html import NOT_PROSE
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(NOT_PROSE):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def _group_tables(blocks: list[str], tokens) -> list[str]:
    """Join consecutive table rows into one block (``blocks`` in token order)."""
    kinds = []
    in_table = False
    for token in tokens:
        if token.type == "table_open":
            in_table, kinds = True, kinds + ["table_start"]
        elif token.type == "table_close":
            in_table = False
        elif token.type == "tr_close" or (token.type == "inline" and not in_table) or (
                token.type in ("fence", "code_block", "html_block")):
            kinds.append("row" if token.type == "tr_close" else "block")
    grouped, i, table_next = [], 0, False
    for kind in kinds:
        if kind == "table_start":
            table_next = True
            continue
        block = blocks[i]
        i += 1
        if kind == "row" and not table_next and grouped:
            grouped[-1] += "\n" + block
        else:
            grouped.append(block)
        table_next = False
    return grouped
