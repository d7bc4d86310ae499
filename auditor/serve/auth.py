"""Bearer-token auth for the API and the metrics. A server started without tokens
answers only on a loopback address (the command refuses otherwise)."""

from __future__ import annotations

from fastapi import HTTPException, Request

from .settings import ServeSettings


def require_token(request: Request) -> None:
    settings: ServeSettings = request.app.state.settings
    if not settings.tokens:
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token or not settings.accepts(token.strip()):
        raise HTTPException(401, "a valid bearer token is required (Authorization: Bearer …)",
                            headers={"WWW-Authenticate": 'Bearer realm="auditor"'})
