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


def read(raw: bytes, limits: Limits, suffix: str) -> Document:
    if sniff(raw) != "other":
        raise wrong_kind(suffix, "Markdown text", raw)
    source, encoding = decode(raw)
    return one_page(plain_text(source), encoding)


def plain_text(source: str) -> str:
    from markdown_it import MarkdownIt

    blocks: list[str] = []
    table: list[str] | None = None  # the rows of the table being read, one line each
    row: list[str] = []
    for token in MarkdownIt("commonmark").enable("table").parse(source):
        if token.type == "table_open":
            table = []
        elif token.type == "table_close":
            blocks.append("\n".join(table))
            table = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            table.append(" | ".join(c for c in row if c))
        elif token.type == "inline":
            (row if table is not None else blocks).append(_inline(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            blocks.append(_html(token.content))
    return "\n\n".join(b.strip() for b in blocks if b.strip())


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
    from bs4 import BeautifulSoup

    from .html import NOT_PROSE

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(NOT_PROSE):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())
