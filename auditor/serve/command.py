"""`auditor serve`: settings from the command line, the refusals that keep a server
safe by default, then uvicorn."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import ValidationError

from ..config import Config
from .settings import ServeSettings, TokenFileError, read_token_file


class ServeUsageError(ValueError):
    """A one-line reason the server will not start."""


def serve_settings(host: str, port: int, token_file: Path | None, **limits) -> ServeSettings:
    try:
        tokens = read_token_file(token_file) if token_file else ()
    except TokenFileError as error:
        raise ServeUsageError(str(error)) from None
    if not tokens and not is_loopback(host):
        raise ServeUsageError(f"refusing to listen on {host} without --token-file: anyone on the network could call it")
    try:
        return ServeSettings(host=host, port=port, tokens=tokens, **{k: v for k, v in limits.items() if v is not None})
    except ValidationError as error:
        problem = error.errors()[0]
        raise ServeUsageError(f"--{str(problem['loc'][0]).replace('_', '-')}: {problem['msg']}") from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run_server(settings: ServeSettings, config: Config) -> None:
    try:
        import uvicorn

        from .app import create_app
    except ImportError as missing:
        raise ServeUsageError(f"auditor serve needs the 'serve' extra (pip install 'auditor[serve]'): {missing.name} is missing") from None
    app = create_app(settings, config)
    # The pool sheds with 429 before reading a body; uvicorn's limit on connections is
    # a coarser guard behind it, against a flood of idle connections (its 503 has no
    # Retry-After, so it is set well above what the pool refuses first).
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", server_header=False,
                limit_concurrency=max(256, 16 * (settings.workers + settings.queue)), timeout_keep_alive=5)
