"""The two middlewares every request passes, as plain ASGI (no extra task or stream per request):

- `AccessLog`: one JSON log line per request (id, method, path, status, ms, hits, found, key
  name), the `X-Request-ID` header echoed or assigned, and a crash below it answered as JSON 500
  here, inside CORS, so even that answer carries CORS headers.
- `Guard`: refuses browser origins that are not allowed, limits calls per client address, and
  measures every request for /metrics.
- `JsonCORS`: Starlette's CORS middleware, with a refused preflight answered in the JSON error
  shape like every other error.

Durations run until the last byte is sent, so a streamed answer counts in full.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ingest.settings import Settings
from service.ops.auth import normalize_origin, origin_allowed
from service.ops.metrics import route_label
from service.ops.ratelimit import client_address, too_many

access = logging.getLogger("rang.access")
errors = logging.getLogger("rang.error")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    """The one error shape. A message that echoes the request (a field name, a filter value) may
    hold a lone surrogate, which UTF-8 cannot encode: it is replaced, so the reply always renders."""
    body = {"code": _SURROGATE.sub("\ufffd", code), "message": _SURROGATE.sub("\ufffd", message)}
    return JSONResponse({"error": body}, status_code=status, headers=headers)


class JsonCORS(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        refused = bytes(response.body).decode("utf-8", "replace").removeprefix("Disallowed CORS ")
        headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
        hint = " (RANG_CORS_ORIGINS)" if "origin" in refused else ""
        return error_response(response.status_code, "cors_refused",
                              f"CORS preflight refused: {refused} not allowed{hint}", headers)


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get("x-request-id")
        rid = given if given and _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:12]
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = rid
        t0 = time.perf_counter()
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                MutableHeaders(scope=message)["x-request-id"] = rid
            await send(message)

        try:
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                errors.exception("unhandled error on %s (request %s)", scope.get("path"), rid)
                if started:  # the status line is gone; the client sees a cut response
                    raise
                await error_response(500, "internal_error", "internal error; the request id is in the server log")(
                    scope, receive, send_with_id)
        finally:
            if access.isEnabledFor(logging.INFO):
                principal = state.get("principal")
                access.info(json.dumps({
                    "id": rid,
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status,
                    "ms": round((time.perf_counter() - t0) * 1000, 1),
                    "hits": state.get("hits"),
                    "found": state.get("found"),
                    "key": getattr(principal, "name", None),
                }, ensure_ascii=False))


class Guard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.any_origin = "*" in settings.cors_origins
        self.allowed: set[str] = set()
        for origin in settings.cors_origins:
            try:
                self.allowed.add(normalize_origin(origin))
            except ValueError:
                if origin != "*":
                    errors.warning("ignoring RANG_CORS_ORIGINS entry %r: not an origin", origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        t0 = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            if not self.any_origin and not origin_allowed(request, self.allowed):
                refusal = error_response(403, "origin_not_allowed",
                                         "this origin may not call the service (RANG_CORS_ORIGINS)")
                await refusal(scope, receive, send_status)
            elif scope["path"].startswith("/v1/") and (wait := await _ip_wait(request)):
                error = too_many(wait, "requests from this address")
                await error_response(429, "rate_limited", str(error.detail), error.headers)(scope, receive, send_status)
            else:
                await self.app(scope, receive, send_status)
        finally:
            svc = getattr(request.app.state, "services", None)
            if svc is not None:
                svc.metrics.observe(scope["method"], route_label(request), status, time.perf_counter() - t0)


async def _ip_wait(request: Request) -> float:
    svc = getattr(request.app.state, "services", None)
    if svc is None:
        return 0.0
    return await svc.limiter.check(f"ip:{client_address(request)}", svc.settings.rate_ip_per_minute)

