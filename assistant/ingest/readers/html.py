"""HTML: the main text of a page, with BeautifulSoup and Python's own HTML parser. One page.

Chosen over trafilatura, whose statistical boilerplate heuristics are tuned for news pages: the
rules here are few, stated and deterministic: the ``<main>`` (else
``<article>``, else ``<body>``) element, without navigation, headers, footers, asides, forms and
anything that is not prose (scripts, styles, templates, embedded objects). Nothing is executed:
the parser builds a tree and only text nodes are read, so script text never reaches the index.
"""
from __future__ import annotations

import re

from ..read import NotText
from . import Document, Limits, one_page, sniff, wrong_kind

NOT_PROSE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
             "head", "nav", "header", "footer", "aside", "form", "button", "select")
BLOCKS = ("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
          "tr", "pre", "blockquote", "figcaption", "caption", "table", "ul", "ol", "dl", "hr", "br")
_SPACES = re.compile(r"\s+")


def read(raw: bytes, limits: Limits, suffix: str) -> Document:
    if sniff(raw) != "other":
        raise wrong_kind(suffix, "HTML", raw)
    return one_page(main_text(raw))


def main_text(markup: bytes | str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(NOT_PROSE):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for tag in root.find_all(BLOCKS):  # a block boundary is a paragraph break
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    for tag in root.find_all(["td", "th"]):
        tag.insert_after(" | ")
    paragraphs = (_SPACES.sub(" ", p).strip(" |") for p in root.get_text("").split("\n\n"))
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip(" |"))
    if not text:
        raise NotText("an HTML page without text: nothing to index")
    return text
