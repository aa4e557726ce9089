"""The routes: each one a few lines over an ``Assistant`` method."""
from __future__ import annotations

import json
import logging
import time
import uuid

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from ..errors import AssistantError
from ..settings import Settings
from .errors import from_assistant, guarded, internal, validation_error
from .limits import Gone, Guard, Ticket, WorkQueue
from .schema import MODELS, ChatRequest, SearchRequest, check_model, completion, conversation, extras

log = logging.getLogger("assistant.api")


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
        # cheap: the rows of the index readers use (503 when there is none)
        return guarded(lambda: {"status": "ok", "rows": assistant.store.call(lambda: assistant.store.active().count())},
                       settings.debug)

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
                 "end": h.chunk.end, "page": h.chunk.page, "score": h.score, "dense_score": h.dense_score,
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
    except Gone:
        return
    except Exception as e:
        error = from_assistant(e) if isinstance(e, AssistantError) else internal(e)
        if debug and not isinstance(e, AssistantError):
            log.exception("API stream failed")
        yield f"data: {json.dumps({'error': {'message': error.message, 'type': error.type, 'code': error.code}})}\n\n"
    yield "data: [DONE]\n\n"
