"""The API's routes: check, inspect, rules, health and metrics. Each answers JSON
(or the HTML report when asked), and every refusal is one line of JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from .. import __version__
from .api_models import CheckRequest, Health, InspectRequest, Problem
from .audit_job import CheckJob, run_check, run_inspect
from .auth import require_token
from .posted_story import PostRefused, checked_options, read_story

api = APIRouter(dependencies=[Depends(require_token)])
open_routes = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text} for code, text in (
        (401, "No or wrong bearer token."), (413, "The request or one image is over its cap."),
        (422, "The body or an option is invalid."), (429, "Busy: retry after Retry-After seconds."),
        (503, "The audit ran out of time, or workers are restarting: retry after Retry-After seconds."))
}


def _body(model: type, multipart: dict[str, Any]) -> dict[str, Any]:
    """The request body as OpenAPI describes it: the routes read it themselves, to
    enforce the caps while reading."""
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": multipart}},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            name: field for name, field in multipart.items() if field.get("type") == "string" and "format" not in field}}},
    }}}


_FILE = {"type": "string", "format": "binary"}
_CHECK_PARTS = {
    "article": {**_FILE, "description": "The article file; its name's suffix names the format."},
    "article_text": {"type": "string", "description": "The article as text, instead of a file."},
    "article_name": {"type": "string", "description": "The name of article_text, e.g. story.md (default article.html)."},
    "images": {"type": "array", "items": _FILE, "description": "The images, named as the article's src names them."},
    "options": {"type": "string", "description": "CheckOptions as JSON."},
}


@api.post("/v1/check", responses={200: {"description": "The JSON report (as `--format json`), or the HTML report on Accept: text/html.",
                                       "content": {"text/html": {}}}, **_ERRORS},
          openapi_extra=_body(CheckRequest, _CHECK_PARTS), summary="Audit one article and its images")
async def check(request: Request) -> Response:
    """Audits the posted article with its images. The header `X-Auditor-Gate` says
    `fail` when a finding reaches `fail_on`, else `pass`."""
    html = _wants_html(request)

    async def read() -> CheckJob:
        story = await read_story(request, request.app.state.settings, needs_article=True)
        return CheckJob(story.uploads, story.article, checked_options(story.options), html)

    answer = await request.app.state.pool.admit_then(read, run_check)
    request.app.state.metrics.found(answer.rule_counts)
    headers = {"X-Auditor-Gate": "fail" if answer.gate_failed else "pass"}
    if html:
        from .page import REPORT_POLICY

        return HTMLResponse(answer.body, headers={**headers, "Content-Security-Policy": REPORT_POLICY})
    return Response(answer.body, media_type="application/json", headers=headers)


@api.post("/v1/inspect", responses={200: {"description": "One object per image, as `auditor inspect --format json`."}, **_ERRORS},
          openapi_extra=_body(InspectRequest, {"images": _CHECK_PARTS["images"]}), summary="What images say about their provenance")
async def inspect(request: Request) -> JSONResponse:
    async def read() -> tuple:
        return (await read_story(request, request.app.state.settings, needs_article=False)).uploads

    return JSONResponse(await request.app.state.pool.admit_then(read, run_inspect))


@api.get("/v1/rules", summary="The rules the server runs")
async def rules(request: Request) -> JSONResponse:
    ruleset = request.app.state.ruleset
    return JSONResponse([{**r.info().model_dump(mode="json"), "packs": list(r.sources), "note": r.note} for r in ruleset.rules])


@api.get("/v1/rules/{code}", responses={404: {"model": Problem, "description": "No rule has this code or name."}},
         summary="One rule's documentation")
def rule(code: str, request: Request) -> JSONResponse:
    # A plain function: FastAPI runs it in a thread, so compiling a pack to explain a
    # rule the server does not run never blocks the event loop.
    from ..engine.rule_docs import find_rule, rule_document

    compiled = find_rule(code, request.app.state.config)
    if compiled is None:
        raise PostRefused(404, f"unknown rule '{code[:80]}'")
    return JSONResponse(rule_document(compiled), headers={"Cache-Control": "max-age=300"})


@api.get("/metrics", response_class=Response, summary="Prometheus metrics",
         responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format."}})
async def metrics(request: Request) -> Response:
    metrics = request.app.state.metrics
    return Response(metrics.text(), media_type=metrics.content_type)


@open_routes.get("/healthz", response_model=Health, summary="Liveness and load")
async def healthz(request: Request) -> Health:
    pool = request.app.state.pool
    return Health(status="ok", version=__version__, workers=pool.settings.workers, busy=pool.running,
                  waiting=max(0, pool.admitted - pool.running))


@open_routes.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page() -> HTMLResponse:
    from .page import PAGE, PAGE_POLICY

    return HTMLResponse(PAGE, headers={"Content-Security-Policy": PAGE_POLICY})


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept
