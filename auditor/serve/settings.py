"""What a server operator decides: where it listens, who may call it, and how much
one request may ask of it. Command-line options fill it; nothing from a request does."""

from __future__ import annotations

import hmac
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class ServeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"  # a newsroom's network only when the operator says so
    port: int = Field(default=8765, ge=0, le=65535)
    tokens: tuple[str, ...] = ()  # bearer tokens; empty means no auth (loopback use only)
    workers: int = Field(default=1, ge=1, le=64)  # audit processes
    queue: int = Field(default=4, ge=0, le=1024)  # requests waiting beyond those being audited
    max_request_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    max_image_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_files: int = Field(default=50, ge=1, le=1000)  # parts of one multipart request
    request_seconds: float = Field(default=30.0, gt=0, le=600)
    cors_origins: tuple[str, ...] = ()  # off by default: the page is served from here
    retry_after_seconds: int = Field(default=2, ge=1)

    def accepts(self, token: str) -> bool:
        """Constant-time comparison against every configured token."""
        given = token.encode("utf-8", "replace")
        return any(hmac.compare_digest(given, known.encode("utf-8")) for known in self.tokens)


class TokenFileError(ValueError):
    """The token file cannot be used; one line."""


def read_token_file(path: Path) -> tuple[str, ...]:
    """One token a line; blank lines and `#` comments skipped. Short tokens are refused:
    a guessable token is worse than none because it looks like protection."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TokenFileError(f"cannot read token file {path}: {getattr(error, 'strerror', None) or error}") from None
    tokens = tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    if not tokens:
        raise TokenFileError(f"token file {path} holds no token")
    short = [n for n, token in enumerate(tokens, 1) if len(token) < 16]
    if short:
        raise TokenFileError(f"token file {path}: token {short[0]} is shorter than 16 characters")
    return tokens
