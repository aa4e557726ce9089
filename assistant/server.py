"""``assistant serve``: the chat page and the OpenAI-compatible API on one port (uvicorn).

The API's routes (``/v1/...``, ``/healthz``, ``/docs``) come first; the Gradio page is mounted at
``/`` behind them. Beyond loopback both need their guard: a password for the page
(``ASSISTANT_WEB_PASSWORD``), tokens for the API (``ASSISTANT_API_TOKENS``), unless ``--insecure``.
"""
from __future__ import annotations

import ipaddress

from .errors import UsageError
from .settings import Settings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app(assistant, settings: Settings | None = None):
    """The API with the page mounted at ``/``: what ``serve`` runs (tests run it in a thread)."""
    import gradio as gr

    from . import api, web

    settings = settings or assistant.settings
    password = settings.web_password
    auth = (settings.web_user, password.get_secret_value()) if password else None
    page = web.build(assistant)
    page.queue(default_concurrency_limit=4)
    return gr.mount_gradio_app(api.create_app(assistant, settings), page, path="/", auth=auth, css=web.CSS,
                               js=web.JS, show_error=False)


def check_guards(settings: Settings, host: str, insecure: bool) -> None:
    if is_loopback(host) or insecure:
        return
    if not settings.web_password:
        raise UsageError(f"refusing to serve on {host} without a password: set ASSISTANT_WEB_PASSWORD "
                         "(or pass --insecure to expose it anyway)")
    if not settings.token_hashes:
        raise UsageError(f"refusing to serve the API on {host} without tokens: set ASSISTANT_API_TOKENS to the hash "
                         "`assistant token` prints (or pass --insecure to expose it anyway)")


def serve(assistant, host: str = "127.0.0.1", port: int = 7860, insecure: bool = False) -> None:
    import uvicorn

    from .ingest.language import load_models

    check_guards(assistant.settings, host, insecure)
    assistant.retrieve("warm up")  # load models and the lexical index before the first visitor
    load_models()  # and lingua's full models, which a question the fast ones are unsure of needs
    served = app(assistant)
    print(f"serving on http://{host}:{port} (API: http://{host}:{port}/v1, docs: /docs)", flush=True)
    uvicorn.run(served, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
