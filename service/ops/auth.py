"""API keys, roles and the browser-origin check.

A key is `rang_` + 32 random bytes (urlsafe base64), shown once. The database keeps its
first 8 characters after the prefix as a public id (for lookup and `keys list`) and the
SHA-256 of the whole key. Keys carry 256 bits of entropy, so a fast hash is enough: there
is nothing to brute-force, unlike passwords, and verifying costs microseconds per request.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from service.ops.db import Database
from service.ops.sql import DatabaseError, IntegrityError, Row

log = logging.getLogger("rang.auth")
Role = Literal["reader", "widget", "admin"]
ROLES: tuple[Role, ...] = ("reader", "widget", "admin")
Permission = Literal["ask", "feedback", "passage", "read", "admin", "metrics"]
ROLE_PERMISSIONS: dict[str, set[str]] = {
    "reader": {"ask", "feedback", "passage", "read"},
    "widget": {"ask", "feedback", "passage"},  # a widget opens the passages its answers cite
    "admin": {"ask", "feedback", "passage", "read", "admin", "metrics"},
}
OPEN_WITH_OPEN_READS = {"ask", "feedback", "passage", "read"}
PREFIX = "rang_"
ID_CHARS = 8
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()
_TOUCH_EVERY_S = 60.0
# documents `Authorization: Bearer KEY` in OpenAPI (the Authorize button of /docs); `identify`
# reads the header itself, so this never refuses a request
BEARER = HTTPBearer(
    scheme_name="bearer", bearerFormat="rang_…", auto_error=False,
    description="An API key from `python -m service keys create`: `Authorization: Bearer rang_…`. Reads "
                "(ask, search, documents, passages, feedback) need none when RANG_OPEN_READS is on, "
                "/metrics none when RANG_METRICS_OPEN is on; ingest, jobs and deletes need an admin key.",
)


class ApiError(HTTPException):
    """An HTTP error with its own machine-readable code (the error handler uses it)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, message, headers)
        self.code = code


class KeyAdminError(ValueError):
    """A keys CLI error with a one-line message."""


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    role: Role
    origins: tuple[str, ...]
    created_at: float
    last_used_at: float | None
    revoked_at: float | None


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key's name and role, or anonymous (open reads)."""

    name: str
    role: Role | None
    key_id: str | None = None


ANONYMOUS = Principal("anonymous", None)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def normalize_origin(origin: str) -> str:
    """`https://Intranet.example:443/` → `https://intranet.example`; raises ValueError if not an origin."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username:
        raise ValueError(f"not an origin (scheme://host[:port]): {origin!r}")
    default = {"http": 80, "https": 443}[parts.scheme]
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


class KeyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, role: str, name: str | None = None, origins: list[str] | None = None) -> tuple[ApiKey, str]:
        """A new key; the secret is returned here and never again."""
        if role not in ROLES:
            raise KeyAdminError(f"role must be one of {', '.join(ROLES)}")
        try:
            clean = tuple(dict.fromkeys(normalize_origin(o) for o in origins or []))
        except ValueError as exc:
            raise KeyAdminError(str(exc)) from None
        if role == "widget" and not clean:
            raise KeyAdminError("a widget key needs at least one --origin (the site that embeds the widget)")
        if role != "widget" and clean:
            raise KeyAdminError("--origin binds widget keys only")
        secret = PREFIX + secrets.token_urlsafe(32)
        key_id = secret[len(PREFIX): len(PREFIX) + ID_CHARS]
        name = (name or f"{role}-{key_id}").strip()
        if not name or len(name) > 80:
            raise KeyAdminError("--name must be 1 to 80 characters")
        now = time.time()
        try:
            with self.db.tx() as con:
                con.execute("INSERT INTO api_keys (id, name, role, origins, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                            (key_id, name, role, json.dumps(list(clean)), hash_key(secret), now))
        except IntegrityError:
            raise KeyAdminError(f"an active key is already named {name!r}: revoke it or choose another --name") from None
        return ApiKey(key_id, name, role, clean, now, None, None), secret  # type: ignore[arg-type]

    def list(self, *, include_revoked: bool = True) -> list[ApiKey]:
        sql = "SELECT * FROM api_keys" + ("" if include_revoked else " WHERE revoked_at IS NULL")
        return [_key(r) for r in self.db.query(sql + " ORDER BY created_at")]

    def revoke(self, name_or_id: str) -> ApiKey:
        with self.db.tx() as con:
            rows = con.execute("SELECT * FROM api_keys WHERE revoked_at IS NULL AND (name = ? OR id = ?)",
                               (name_or_id, name_or_id)).fetchall()
            if not rows:
                raise KeyAdminError(f"no active key named or with id {name_or_id!r}")
            if len(rows) > 1:
                raise KeyAdminError(f"{name_or_id!r} is ambiguous (a name and an id): revoke by id")
            con.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ?", (time.time(), rows[0]["id"]))
        return _key(rows[0])

    def verify(self, secret: str) -> ApiKey | None:
        """The active key for this secret, or None. Constant-time on the hash."""
        key_id = secret[len(PREFIX): len(PREFIX) + ID_CHARS] if secret.startswith(PREFIX) else ""
        rows = self.db.query("SELECT * FROM api_keys WHERE id = ? AND revoked_at IS NULL", (key_id,)) if key_id else []
        stored = rows[0]["hash"] if rows else _DUMMY_HASH
        if not hmac.compare_digest(stored, hash_key(secret)) or not rows:
            return None
        key = _key(rows[0])
        now = time.time()
        if key.last_used_at is None or now - key.last_used_at > _TOUCH_EVERY_S:
            with contextlib.suppress(DatabaseError):  # a busy database must not refuse a valid key
                self.db.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", (now, key.id))
        return key


def _key(r: Row) -> ApiKey:
    return ApiKey(r["id"], r["name"], r["role"], tuple(json.loads(r["origins"])), r["created_at"],
                  r["last_used_at"], r["revoked_at"])


def bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def own_origin(request: Request) -> str:
    host = request.headers.get("host", "")
    try:
        return normalize_origin(f"{request.url.scheme}://{host}")
    except ValueError:
        return ""


def origin_allowed(request: Request, allowed: set[str]) -> bool:
    """No Origin header (not a browser, or a same-origin GET), our own origin, or a listed one."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    try:
        origin = normalize_origin(origin)
    except ValueError:
        return False
    return origin == own_origin(request) or origin in allowed


def authorize(permission: Permission) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the caller's Principal, or 401/403. Sets request.state.principal."""

    async def dependency(request: Request,
                         _: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]) -> Principal:
        svc = request.app.state.services
        args = (request, svc.keys, permission, svc.settings.open_reads, svc.settings.metrics_open)
        # a key is checked against the database, off the event loop; no key needs no I/O
        try:
            principal = await run_in_threadpool(identify, *args) if bearer(request) else identify(*args)
        except DatabaseError:
            log.exception("could not check an API key")
            raise ApiError(503, "unavailable", "the key database is unreachable: retry shortly",
                           {"Retry-After": "5"}) from None
        request.state.principal = principal
        return principal

    return dependency


def identify(request: Request, keys: KeyStore, permission: Permission, open_reads: bool,
             metrics_open: bool) -> Principal:
    is_open = (open_reads and permission in OPEN_WITH_OPEN_READS) or (metrics_open and permission == "metrics")
    secret = bearer(request)
    key = keys.verify(secret) if secret else None
    if key is None:
        if is_open:
            return ANONYMOUS
        reason = "invalid or revoked API key" if secret else "an API key is required: send Authorization: Bearer KEY"
        raise ApiError(401, "unauthorized", reason, {"WWW-Authenticate": "Bearer"})
    principal = Principal(key.name, key.role, key.id)
    if key.role == "widget" and not _widget_origin_ok(request, key):
        if is_open:
            return ANONYMOUS
        raise ApiError(403, "origin_not_allowed", f"widget key {key.name!r} is not bound to this page's origin")
    if permission not in ROLE_PERMISSIONS[key.role]:
        if is_open:
            return ANONYMOUS
        raise ApiError(403, "forbidden", f"a {key.role} key cannot do this ({permission})")
    return principal


def _widget_origin_ok(request: Request, key: ApiKey) -> bool:
    """The page's origin must be one the key is bound to. Browsers omit Origin on a
    same-origin GET; they then send Sec-Fetch-Site, and the service's own origin counts."""
    origin = request.headers.get("origin")
    if not origin and request.headers.get("sec-fetch-site") == "same-origin":
        origin = f"{request.url.scheme}://{request.url.netloc}"
    if not origin:
        return False
    try:
        return normalize_origin(origin) in key.origins
    except ValueError:
        return False
