"""`create_app(settings)`: the FastAPI application with its heavy objects built once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from threadpoolctl import threadpool_limits

from ingest.embed import Embedder, build_embedder
from ingest.settings import Settings
from service.api.admin import router as admin_router
from service.api.console import router as console_router
from service.api.diff import router as diff_router
from service.api.insights import router as insights_router
from service.api.middleware import AccessLog, Guard, JsonCORS, error_response
from service.api.originals import router as originals_router
from service.api.routes import router
from service.ops.auth import KeyStore
from service.ops.db import Database, Purger
from service.ops.jobs import JobQueue
from service.ops.metrics import Metrics
from service.ops.ratelimit import SharedWindow, SlidingWindow
from service.qa.answer import Answerer
from service.qa.index import IndexHolder
from service.qa.retrieve import FilterError, Retriever

log = logging.getLogger("rang.access")
STATIC = Path(__file__).resolve().parents[1] / "static"
DOCS_ASSETS = "/docs-assets"  # Swagger UI's script, style and favicon (from fastapi-offline)


class Services:
    """The per-app objects that routes use (set on app.state in the lifespan)."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        # one BLAS thread: the vector products are tiny, and idle BLAS threads spinning beside the
        # embedder's OpenMP threads tripled question-embedding time on 2 cores (measured)
        threadpool_limits(1, user_api="blas")
        self.settings = settings
        self.embedder = embedder
        # first, so that an unreachable database fails the start before the index loads
        self.metrics = Metrics(settings.replica)
        self.db = Database(settings.database, replica=settings.replica, pool_size=settings.database_pool,
                           on_statement=self.metrics.db_statements.inc)
        self.holder = IndexHolder(settings, embedder)
        self.retriever = Retriever(settings, embedder)
        llm = None
        if settings.llm_base_url:
            from service.qa.llm import LLMAnswerer

            llm = LLMAnswerer(settings, embedder=embedder)
        self.answerer = Answerer(settings, self.holder, self.retriever, llm)
        self.answerer.warm_up()
        self.started = time.time()
        self.keys = KeyStore(self.db)
        shared = settings.rate_limit_store == "database" or (
            settings.rate_limit_store == "auto" and settings.database_url is not None)
        self.limiter = SharedWindow(self.db) if shared else SlidingWindow()
        self.jobs = JobQueue(settings, embedder, self.holder, self.db, self.metrics)
        self.purger = Purger(self.db, settings.log_retention_days)


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None) -> FastAPI:
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services(settings, embedder or build_embedder(settings))
        app.state.services = services
        services.jobs.start()
        services.purger.start()
        task = asyncio.create_task(_watch_index(services))
        try:
            yield
        finally:
            services.purger.stop()
            services.jobs.stop()
            services.db.dispose()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # /docs from the Swagger UI that fastapi-offline bundles, never a CDN; no /redoc: its bundle
    # always fetches a logo from the vendor's CDN (docs/DECISIONS.md)
    app = FastAPIOffline(
        title="Rang",
        version="0.1.0",
        description="Cited answers over Thai draft acts and session transcripts. Authorize with an API key "
                    "(`Authorization: Bearer rang_…`) to try the endpoints that need one.",
        lifespan=lifespan,
        static_url=DOCS_ASSETS,
        redoc_url=None,
        swagger_ui_parameters={"validatorUrl": None},  # no badge that asks an online validator
    )
    app.state.settings = settings
    app.include_router(router)
    app.include_router(admin_router)
    app.include_router(diff_router)
    app.include_router(originals_router)
    app.include_router(console_router)  # /admin and POST /v1/ingest/dry-run
    app.include_router(insights_router)
    _install_errors(app)
    app.add_middleware(Guard, settings=settings)
    app.add_middleware(AccessLog)  # outside the guard: refusals are logged too
    if settings.cors_origins:
        # added last, so it wraps everything: refusals (403, 429) and errors carry CORS headers too
        app.add_middleware(
            JsonCORS,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Retry-After", "X-Request-ID"],
            max_age=600,
        )
    return app


async def _watch_index(services: Services) -> None:
    """Pick up a finished ingest without a restart (the swap is one reference)."""
    while True:
        await asyncio.sleep(services.settings.reload_interval_s)
        await asyncio.to_thread(services.holder.maybe_reload)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        extra = [e for e in errors if e.get("type") == "extra_forbidden"]
        if extra:
            names = ", ".join(str(e["loc"][-1]) for e in extra)
            return error_response(400, "unknown_filter", f"unknown field(s): {names}")
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error_response(422, "invalid_request", f"{where}: {first.get('msg')}" if where else first["msg"])

    @app.exception_handler(FilterError)
    async def _filter(request: Request, exc: FilterError) -> JSONResponse:
        return error_response(400, "unknown_filter", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 422: "invalid_request",
                 413: "too_large", 429: "rate_limited"}
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        code = getattr(exc, "code", None) or codes.get(exc.status_code, "error")
        return error_response(exc.status_code, code, detail,
                              getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        logging.getLogger("rang.error").exception("unhandled error on %s", request.url.path)
        return error_response(500, "internal_error", "internal error; the request id is in the server log")
