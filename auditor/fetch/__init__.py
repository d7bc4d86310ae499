"""Opt-in fetching of remote images (`--fetch-remote`, config `fetch_remote`): one
client per process with an SSRF guard, a shared on-disk cache and budgets. Off by
default; when off, nothing here imports an HTTP library or touches the network."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Config
    from .client import Fetcher

REMOTE_PREFIXES = ("http://", "https://")

_FETCHER: "Fetcher | None" = None


def configure_fetch(config: "Config") -> None:
    """Sets up (or turns off) fetching for this process, as `config` says."""
    global _FETCHER
    if _FETCHER is not None:
        _FETCHER.close()
        _FETCHER = None
    if config.fetch_remote:
        from .client import Fetcher
        from .settings import FetchSettings

        _FETCHER = Fetcher(FetchSettings.of(config))


def current_fetcher() -> "Fetcher | None":
    return _FETCHER


def remote_signature(url: str) -> str:
    """The ledger's signature of a remote image (see `Fetcher.signature`); a run that
    does not fetch has a signature of its own, so findings of one never serve the other."""
    return _FETCHER.signature(url) if _FETCHER is not None else "url:not-fetched"
