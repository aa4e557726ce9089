"""OpenAI-style errors: ``{"error": {"message", "type", "code"}}``, the message one line naming the
fix, never a traceback or document text (not in the reply, not in the log)."""
from __future__ import annotations

import logging

from fastapi.responses import JSONResponse

from ..errors import AssistantError, NotFound, TooLarge, UsageError

log = logging.getLogger("assistant.api")


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
    if not where:  # the body is not an object: often JSON sent without its content type (curl -d)
        return APIError(400, "the request body must be a JSON object with `model` and `messages`: send it with "
                        "`Content-Type: application/json`", code="invalid_request")
    if first.get("type") == "missing":
        return APIError(400, f"`{where}` is missing: see /docs for the request schema", code="invalid_request")
    return APIError(400, f"`{where or 'body'}`: {first.get('msg', 'invalid')}: see /docs for the request schema",
                    code="invalid_request")
