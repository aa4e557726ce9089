"""The OpenAI-compatible HTTP API: a thin adapter over ``Assistant``, served beside the page
(``server.py``): ``app.py`` the routes, ``schema.py`` what is sent and returned, ``limits.py``
tokens, rate, body size and the answer queue, ``errors.py`` OpenAI-style errors.

    POST /v1/chat/completions   the OpenAI schema, streamed (SSE) or not; ``model`` names a backend
    GET  /v1/models             the backends
    POST /v1/search             the retrieved passages, with their scores
    GET  /v1/documents          the indexed files; POST uploads one (indexed at once); DELETE removes one
    GET  /healthz

A reply keeps its ``[n]`` markers; the response (and the last streamed chunk) carries extra
top-level fields for clients that read them: ``citations``, ``abstained``, ``language``,
``answered_by``, ``fallback_from``, ``dropped``, ``warnings``. Errors are OpenAI-style
``{"error": {"message", "type", "code"}}`` with a one-line message naming the fix; no traceback or
document text goes into an error or a log.
"""
from .app import create_app
from .schema import MODELS

__all__ = ["MODELS", "create_app"]
