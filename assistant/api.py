"""The OpenAI-compatible HTTP API: a thin adapter over ``Assistant``, served beside the page.

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
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import asdict
from typing import Any, Literal

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask
from starlette.datastructures import Headers

from .answer.backends import AUTO_ORDER
from .core import check_question
from .errors import AssistantError, NotFound, TooLarge, UsageError
from .settings import Settings

log = logging.getLogger(__name__)
MODELS = ["auto", *AUTO_ORDER]
UPLOAD_OVERHEAD = 64_000  # multipart boundaries and headers around an uploaded file


# -- errors ----------------------------------------------------------------------------------
class APIError(Exception):
    def __init__(self, status: int, message: str, type_: str = "invalid_request_error", code: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.headers = status, message, type_, code, headers or {}

    def response(self):
        body = {"error": {"message": self.message, "type": self.type, "param": None, "code": self.code}}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def from_assistant(e: AssistantError) -> APIError:
    if isinstance(e, NotFound):
        return APIError(404, str(e), code="not_found")
    if isinstance(e, TooLarge):
        return APIError(413, str(e), code="request_too_large")
    if isinstance(e, UsageError):
        return APIError(400, str(e), code="invalid_request")
    return APIError(503, str(e), "server_error", "unavailable")  # no index, backend or Chroma server


def internal(e: Exception) -> APIError:
    log.error("API request failed: %s", e.__class__.__name__)  # the message may quote a document
    return APIError(500, f"internal error ({e.__class__.__name__}): see the server log; "
                    "ASSISTANT_DEBUG=true shows the traceback", "server_error", "internal_error")


def guarded(call, debug: bool = False):
    """``call()``, with every failure as an OpenAI-style error (never a traceback)."""
    try:
        return call()
    except APIError as e:
        return e.response()
    except AssistantError as e:
        return from_assistant(e).response()
    except Exception as e:
        if debug:
            log.exception("API request failed")
        return internal(e).response()


def check_model(model: str) -> str:
    if model not in MODELS:
        raise APIError(404, f"unknown model {model!r}: use one of {', '.join(MODELS)} (GET /v1/models)",
                       code="model_not_found")
    return model


# -- the request schemas ---------------------------------------------------------------------
class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # OpenAI content parts: only the text ones mean anything here
            return " ".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens...: accepted, not used
    model: str = Field(description="A backend: auto, extractive, llamacpp or ollama.")
    messages: list[Message] = Field(min_length=1, description="The conversation; the last one is the question.")
    stream: bool = False
    top_k: int | None = Field(None, ge=1, le=50, description="Passages to answer from (extension).")


class SearchRequest(BaseModel):
    query: str
    top_k: int | None = Field(None, ge=1, le=50)
    language: str | None = Field(None, description="ISO 639-1 code of the query; detected when absent.")


def conversation(request: ChatRequest) -> list[dict]:
    """The messages as ``Assistant.chat`` takes them: user and assistant turns, in order."""
    turns = [{"role": m.role, "content": m.text()} for m in request.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1]["role"] != "user":
        raise APIError(400, "the last message must come from the user: end `messages` with "
                       '{"role": "user", "content": "your question"}', code="invalid_request")
    turns[-1]["content"] = check_question(turns[-1]["content"])
    return turns


def extras(answer) -> dict:
    """What a reply carries beside its text, for clients that read it."""
    citations = []
    for c in answer.citations:
        item = {k: v for k, v in asdict(c).items() if k != "chunk_id"}
        if getattr(c, "page", None) is not None:
            item["page"] = c.page
        citations.append(item)
    return {"citations": citations, "abstained": answer.abstained, "language": answer.language, "query": answer.query,
            "answered_by": answer.answered_by, "fallback_from": answer.fallback_from,
            "dropped": answer.dropped, "warnings": answer.warnings}


# -- limits ----------------------------------------------------------------------------------
def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class RateLimit:
    """At most ``per_minute`` requests in any 60 s, per key (a token's hash, or a client address)."""

    def __init__(self, per_minute: int):
        self.per_minute, self.seen, self.lock = per_minute, defaultdict(deque), threading.Lock()

    def check(self, key: str) -> None:
        if not self.per_minute:
            return
        now = time.monotonic()
        with self.lock:
            times = self.seen[key]
            while times and times[0] <= now - 60:
                times.popleft()
            if len(times) >= self.per_minute:
                wait = max(1, math.ceil(times[0] + 60 - now))
                raise APIError(429, f"rate limit of {self.per_minute} requests a minute reached: retry in {wait} s "
                               "(or raise ASSISTANT_API_RATE_LIMIT)", "rate_limit_error", "rate_limit_exceeded",
                               {"Retry-After": str(wait)})
            times.append(now)


class WorkQueue:
    """Answers computed ``slots`` at a time with at most ``max_waiting`` waiting: beyond that a
    request is refused at once (429, Retry-After from the recent answer time) rather than piling up."""

    def __init__(self, slots: int, max_waiting: int):
        self.slots, self.max_waiting = slots, max_waiting
        self.semaphore = threading.Semaphore(slots)
        self.lock = threading.Lock()
        self.admitted = 0
        self.seconds = 5.0  # moving average of an answer's time

    def admit(self) -> "Ticket":
        with self.lock:
            if self.admitted >= self.slots + self.max_waiting:
                waiting = self.admitted - self.slots + 1
                wait = max(1, math.ceil(self.seconds * waiting / self.slots))
                raise APIError(429, f"busy ({self.admitted} answers running or waiting): retry in {wait} s",
                               "rate_limit_error", "server_busy", {"Retry-After": str(wait)})
            self.admitted += 1
        return Ticket(self)


class Ticket:
    """One admitted answer: waits for a slot, gives it back exactly once."""

    def __init__(self, queue: WorkQueue):
        self.queue, self.started, self.done, self.lock = queue, None, False, threading.Lock()

    def __enter__(self):
        self.queue.semaphore.acquire()
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.release()

    def release(self) -> None:
        with self.lock:
            if self.done:
                return
            self.done = True
        q = self.queue
        with q.lock:
            q.admitted -= 1
            if self.started is not None:
                q.seconds = 0.8 * q.seconds + 0.2 * (time.monotonic() - self.started)
        if self.started is not None:
            q.semaphore.release()


class Guard:
    """ASGI middleware for /v1: bearer token, rate limit, body size; before any route runs."""

    def __init__(self, app, settings: Settings):
        self.app, self.hashes = app, settings.token_hashes
        self.rate = RateLimit(settings.api_rate_limit)
        self.json_limit = settings.api_max_body_kb * 1000
        self.upload_limit = int(settings.max_file_mb * 1_000_000) + UPLOAD_OVERHEAD

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/v1"):
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        try:
            key = self.authorize(headers.get("authorization", ""), scope)
            self.rate.check(key)
            limit = self.upload_limit if scope["path"].rstrip("/") == "/v1/documents" else self.json_limit
            receive = await self.bounded(receive, headers.get("content-length"), limit)
        except APIError as e:
            return await e.response()(scope, receive, send)
        return await self.app(scope, receive, send)

    def authorize(self, header: str, scope) -> str:
        if not self.hashes:
            return (scope.get("client") or ("local",))[0]
        scheme, _, token = header.partition(" ")
        digest = token_hash(token.strip()) if scheme.lower() == "bearer" and token.strip() else ""
        if not any(hmac.compare_digest(digest, h) for h in self.hashes):
            raise APIError(401, "missing or wrong API token: send `Authorization: Bearer <token>` with a token "
                           "whose sha256 is in ASSISTANT_API_TOKENS (`assistant token` makes one)",
                           "authentication_error", "invalid_api_key")
        return digest

    @staticmethod
    async def bounded(receive, length: str | None, limit: int):
        too_large = APIError(413, f"the request body is larger than {limit:,} bytes: send less, or raise "
                             "ASSISTANT_API_MAX_BODY_KB (ASSISTANT_MAX_FILE_MB for uploads)",
                             code="request_too_large")
        if length is not None:
            if not length.isdigit():
                raise APIError(400, "the Content-Length header is not a number: send a valid request")
            if int(length) > limit:
                raise too_large
            return receive
        messages, size = [], 0  # a body without a length (chunked): read it, up to the limit
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                raise too_large
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay():
            return messages.pop(0) if messages else await receive()

        return replay


# -- the app ---------------------------------------------------------------------------------
def create_app(assistant, settings: Settings | None = None):
    """The FastAPI app of the API (``settings``: its limits; default the assistant's)."""
    settings = settings or assistant.settings
    queue = WorkQueue(settings.api_concurrency, settings.api_max_waiting)
    app = FastAPI(title="assistant", version="1", summary="Cited answers from a multilingual corpus, "
                  "OpenAI-compatible (base URL /v1)")
    app.add_middleware(Guard, settings=settings)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return validation_error(exc.errors()).response()

    @app.get("/healthz")
    def healthz():
        return guarded(lambda: {"status": "ok", "documents": len(assistant.documents())}, settings.debug)

    @app.get("/v1/models")
    def models():
        created = int(time.time())
        return {"object": "list", "data": [{"id": m, "object": "model", "created": created, "owned_by": "assistant"}
                                           for m in MODELS]}

    @app.post("/v1/chat/completions")
    def chat_completions(request: ChatRequest):
        def run():
            model = check_model(request.model)
            turns = conversation(request)
            assistant.backend_name(model)
            if request.stream:
                ticket = queue.admit()
                return StreamingResponse(sse(assistant, turns, request, ticket, settings.debug),
                                         media_type="text/event-stream", background=BackgroundTask(ticket.release),
                                         headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
            with queue.admit():
                answer = assistant.chat(turns, model, request.top_k)
            return completion(answer, request.model)

        return guarded(run, settings.debug)

    @app.post("/v1/search")
    def search(request: SearchRequest):
        def run():
            hits = assistant.retrieve(request.query, request.top_k, request.language)
            return {"object": "list", "data": [
                {"source": h.chunk.source, "language": h.chunk.language, "start": h.chunk.start,
                 "end": h.chunk.end, "score": h.score, "dense_score": h.dense_score,
                 "lexical_score": h.lexical_score, "text": h.chunk.text} for h in hits]}

        return guarded(run, settings.debug)

    @app.get("/v1/documents")
    def documents():
        return guarded(lambda: {"object": "list", "data": assistant.documents()}, settings.debug)

    @app.post("/v1/documents")
    def upload(file: UploadFile = File(description="A text file; indexed before the reply."),
               name: str | None = Form(None, description="Its name in the corpus (default: the upload's).")):
        return guarded(lambda: assistant.add_document(name or file.filename or "", file.file.read()), settings.debug)

    @app.delete("/v1/documents/{source:path}")
    def remove(source: str, delete_file: bool = False):
        return guarded(lambda: assistant.remove_document(source, delete_file), settings.debug)

    return app


def validation_error(errors: list[dict]) -> APIError:
    """One line naming what is wrong with the request, without echoing its content."""
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    if first.get("type") == "json_invalid":
        return APIError(400, "the request body is not valid JSON: send a JSON object such as "
                        '{"model": "auto", "messages": [{"role": "user", "content": "..."}]}', code="invalid_json")
    if where == "messages" and first.get("type") == "missing":
        return APIError(400, "`messages` is missing: send the conversation as a list of {role, content}",
                        code="invalid_request")
    if first.get("type") == "missing":
        return APIError(400, f"`{where}` is missing: see /docs for the request schema", code="invalid_request")
    return APIError(400, f"`{where or 'body'}`: {first.get('msg', 'invalid')}: see /docs for the request schema",
                    code="invalid_request")


def completion(answer, model: str) -> dict:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "finish_reason": "stop",
                                         "message": {"role": "assistant", "content": answer.text}}],
            **extras(answer)}


def sse(assistant, turns: list[dict], request: ChatRequest, ticket: Ticket, debug: bool):
    """``chat.completion.chunk`` events as the answer streams, its extras in the last, then [DONE]."""
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": request.model}

    def event(delta: dict, finish: str | None = None, **extra) -> str:
        body = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    try:
        with ticket:
            yield event({"role": "assistant", "content": ""})
            streamed, answer = "", None
            for piece in assistant.stream(turns[-1]["content"], turns[:-1], request.model, request.top_k):
                if isinstance(piece, str):
                    streamed += piece
                    yield event({"content": piece})
                else:
                    answer = piece
            # the final text is what was streamed; should a backend ever revise it, the rest is sent
            rest = answer.text[len(streamed):] if answer.text.startswith(streamed) else ""
            if not answer.text.startswith(streamed):
                log.warning("the streamed text differs from the final answer: its extras carry the final text")
            yield event({"content": rest} if rest else {}, "stop", **extras(answer),
                        **({} if answer.text.startswith(streamed) else {"text": answer.text}))
    except Exception as e:
        error = from_assistant(e) if isinstance(e, AssistantError) else internal(e)
        if debug and not isinstance(e, AssistantError):
            log.exception("API stream failed")
        yield f"data: {json.dumps({'error': {'message': error.message, 'type': error.type, 'code': error.code}})}\n\n"
    yield "data: [DONE]\n\n"
