"""What the API takes and gives: the OpenAI chat schema, with the answer's facts as extra fields."""
from __future__ import annotations

import time
import uuid
from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..answer.backends import AUTO_ORDER
from ..core import check_question
from .errors import APIError

MODELS = ["auto", *AUTO_ORDER]


def check_model(model: str) -> str:
    if model not in MODELS:
        raise APIError(404, f"unknown model {model!r}: use one of {', '.join(MODELS)} (GET /v1/models)",
                       code="model_not_found")
    return model


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


def completion(answer, model: str) -> dict:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "finish_reason": "stop",
                                         "message": {"role": "assistant", "content": answer.text}}],
            **extras(answer)}
