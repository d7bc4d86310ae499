"""Memoising pure functions of one short string (an image URL): a page asks
about the same URL several times (its source, its identity, its decoration) and
a site repeats its URLs from page to page. Long values (data: URIs, which can be
megabytes) are computed afresh, so the cache stays small."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

Result = TypeVar("Result")
MAX_CACHED_CHARS = 1024


def cache_short_text(maxsize: int) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Caches calls whose first argument is a string of at most MAX_CACHED_CHARS
    (the other arguments must be hashable); the function must return an
    immutable value and depend on its arguments alone."""

    def decorate(function: Callable[..., Result]) -> Callable[..., Result]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(text, *args, **kwargs):
            if text is not None and len(text) <= MAX_CACHED_CHARS:
                return cached(text, *args, **kwargs)
            return function(text, *args, **kwargs)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call

    return decorate
