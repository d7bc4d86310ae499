"""The fetch budgets of one run, taken from the config (`fetch_*` keys)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config


@dataclass(frozen=True)
class FetchSettings:
    allow: tuple[str, ...] = ()
    cache: Path | None = None  # None: the user's cache folder
    max_bytes: int = 25 * 1024 * 1024
    timeout: float = 10.0
    retries: int = 2
    per_host: int = 4
    rate: float = 10.0
    revalidate_after: float = 3600.0

    @classmethod
    def of(cls, config: Config) -> "FetchSettings":
        return cls(
            allow=tuple(host.lower().rstrip(".") for host in config.fetch_allow),
            cache=config.fetch_cache,
            max_bytes=config.fetch_max_bytes,
            timeout=config.fetch_timeout,
            retries=config.fetch_retries,
            per_host=config.fetch_per_host,
            rate=config.fetch_rate,
            revalidate_after=config.fetch_revalidate_after,
        )

    @property
    def cache_folder(self) -> Path:
        if self.cache is not None:
            return self.cache
        import platformdirs

        return platformdirs.user_cache_path("auditor") / "fetch"
