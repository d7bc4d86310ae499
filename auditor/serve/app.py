"""The ASGI application: routes, auth, the size cap, the audit pool, metrics, and
error answers that are always one line of JSON, never a traceback."""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from .. import __version__
from ..config import Config
from .back_pressure import AuditPool, Shed
from .metrics import ServerMetrics
from .posted_story import PostRefused
from .request_size import BodyTooLarge, RequestSizeLimit
from .routes import api, open_routes
from .settings import ServeSettings


def server_config(config: Config, settings: ServeSettings) -> Config:
    """The config the audit workers run: the server's, with nothing that would let a
    posted name reach the server's folders (site roots, URL maps), and a document
    budget no longer than a request's."""
    budget = settings.request_seconds if config.limits.document_seconds <= 0 else min(config.limits.document_seconds, settings.request_seconds)
    limits = config.limits.model_copy(update={"document_seconds": budget})
    return config.model_copy(update={"site_roots": [], "url_map": {}, "limits": limits})


def create_app(settings: ServeSettings, config: Config | None = None) -> FastAPI:
    from ..engine import load_ruleset

    config = server_config(config or Config(), settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pool = AuditPool(settings, config)
        await asyncio.get_running_loop().run_in_executor(None, app.state.pool.warm)
        try:
            yield
        finally:
            app.state.pool.close()

    app = FastAPI(title="auditor", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Provenance and AI-image disclosure checks for one story before it is published.")
    app.state.settings = settings
    app.state.config = config
    app.state.ruleset = load_ruleset(config)  # a bad pack fails the start, not the first request
    app.state.metrics = ServerMetrics()
    app.include_router(api)
    app.include_router(open_routes)
    _answer_errors(app, settings)
    _describe_bodies(app)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(CountRequests, metrics=app.state.metrics)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    return app


def _describe_bodies(app: FastAPI) -> None:
    """The routes read their bodies themselves (to cap them while reading), so FastAPI
    does not see the body models: their schemas are added to the document here."""
    from .api_models import CheckRequest, InspectRequest

    plain = app.openapi

    def openapi() -> dict:
        document = plain()  # FastAPI's, cached on the app: the models are added once
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for model in (CheckRequest, InspectRequest):
            if model.__name__ not in schemas:
                schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
                schemas.update(schema.pop("$defs", {}))
                schemas[model.__name__] = schema
        return document

    app.openapi = openapi


def _problem(status: int, error: str, detail: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "detail": " ".join(detail.split())[:500]}, status_code=status, headers=headers)


def _answer_errors(app: FastAPI, settings: ServeSettings) -> None:
    retry = {"Retry-After": str(settings.retry_after_seconds)}

    @app.exception_handler(PostRefused)
    async def refused(request: Request, error: PostRefused):
        return _problem(error.status, "refused", error.detail)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, error: BodyTooLarge):
        # Raised while reading the body (see request_size); the connection is closed after.
        return _problem(413, "too large", f"the request is over {settings.max_request_bytes} bytes", {"Connection": "close"})

    @app.exception_handler(Shed)
    async def shed(request: Request, error: Shed):
        request.app.state.metrics.shed.labels("busy" if error.status == 429 else "unavailable").inc()
        return _problem(error.status, "busy" if error.status == 429 else "unavailable", error.reason, retry)

    @app.exception_handler(HTTPException)
    async def http(request: Request, error: HTTPException):
        return _problem(error.status_code, "refused", str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        return _problem(422, "invalid", str(error.errors()[0].get("msg", "invalid request")))

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception):
        return _problem(500, "internal", f"internal error: {type(error).__name__}")


class CountRequests:
    """Counts every answer by route template and status, with its latency (a plain
    ASGI middleware: Starlette's BaseHTTPMiddleware would wrap errors raised while
    the body is read into exception groups)."""

    def __init__(self, app, metrics: ServerMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def noted(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            route = getattr(scope.get("route"), "path", None) or "other"  # templates, never raw paths: bounded labels
            self.metrics.answered(route, status, time.perf_counter() - started)
