"""Follow-ups as standalone questions: "And his bail?" means nothing to retrieval on its own.

An LLM rewrites the follow-up with the conversation in view when one is used; otherwise the
previous question is retrieved together with the new one, so that "his" still finds Durov.
"""
from __future__ import annotations

import logging

from . import backends
from .context import Context
from .prompt import condense_messages

log = logging.getLogger(__name__)


def condense(question: str, history: list[dict], backend: str, language: str, context: Context) -> str:
    for name in backends.condensers(backend):
        try:
            llm = backends.llm_for(name, context)
            reply = llm.chat(condense_messages(history, question, language)).message.content or ""
        except Exception as e:  # an unreachable LLM only costs the rewrite
            log.warning("%s could not rewrite the follow-up: %s", name, e)
            continue
        rewritten = reply.strip().splitlines()[0].strip(' "\'') if reply.strip() else ""
        if 3 <= len(rewritten) <= 2 * len(question) + 200:
            return rewritten
    previous = [m["content"] for m in history if m["role"] == "user"]
    return f"{previous[-1]} {question}" if previous else question
