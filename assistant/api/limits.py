"""Tokens, rate, body size and the answer queue: what stands between a client and the ``Assistant``."""
from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections import defaultdict, deque

from starlette.datastructures import Headers

from ..settings import Settings
from .errors import APIError

UPLOAD_OVERHEAD = 64_000  # multipart boundaries and headers around an uploaded file


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

    def admit(self) -> Ticket:
        with self.lock:
            if self.admitted >= self.slots + self.max_waiting:
                waiting = self.admitted - self.slots + 1
                wait = max(1, math.ceil(self.seconds * waiting / self.slots))
                raise APIError(429, f"busy ({self.admitted} answers running or waiting): retry in {wait} s",
                               "rate_limit_error", "server_busy", {"Retry-After": str(wait)})
            self.admitted += 1
        return Ticket(self)


class Gone(Exception):
    """The client left while its answer waited for a slot."""


class Ticket:
    """One admitted answer: waits for a slot, gives it back exactly once, also when the client
    leaves while it waits (the response's background task releases it then)."""

    def __init__(self, queue: WorkQueue):
        self.queue, self.started, self.done, self.lock = queue, None, False, threading.Lock()

    def __enter__(self):
        self.queue.semaphore.acquire()
        with self.lock:
            if self.done:  # released meanwhile: nobody waits for this answer any more
                self.queue.semaphore.release()
                raise Gone()
            self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.release()

    def release(self) -> None:
        with self.lock:
            if self.done:
                return
            self.done, started = True, self.started
        q = self.queue
        with q.lock:
            q.admitted -= 1
            if started is not None:
                q.seconds = 0.8 * q.seconds + 0.2 * (time.monotonic() - started)
        if started is not None:
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
