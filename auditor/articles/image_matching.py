"""Pairing images a page declares in metadata (JSON-LD) with the <img> elements
that show them, by URL.

URLs of the same picture differ in host, query string and CDN resizing, so the
comparison is on the path: the file name must agree (after dropping WordPress
"-800x600" and "@2x" size suffixes), and the longer the shared path tail, the
better the match.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from auditor.articles.figure_draft import FigureDraft
from auditor.articles.short_text_cache import cache_short_text

_SIZE_SUFFIX = re.compile(r"(?:-\d{2,5}x\d{2,5}|@\dx)(?=\.[a-z0-9]{2,5}$)")


@cache_short_text(maxsize=8192)
def url_key(url: str) -> tuple[str, tuple[str, ...]] | None:
    """(file name, folders from the nearest up) of a URL, or None for data: URIs."""
    text = url.strip()
    if not text or text[:5].lower() == "data:":
        return None
    try:
        path = urlsplit(text).path
    except ValueError:
        return None
    segments = [segment for segment in unquote(path).split("/") if segment]
    if not segments:
        return None
    name = _SIZE_SUFFIX.sub("", segments[-1].lower())
    return name, tuple(reversed(segments[:-1]))


def best_matches(urls: list[str], drafts: list[FigureDraft]) -> list[FigureDraft]:
    """The drafts showing the picture behind `urls`: all those tied for the
    longest shared path tail (the same picture may be shown twice)."""
    wanted = [key for key in map(url_key, urls) if key is not None]
    if not wanted:
        return []
    scored: list[tuple[int, FigureDraft]] = []
    for draft in drafts:
        best = -1
        for url in [draft.src or "", *draft.alternates]:
            key = url_key(url)
            if key is None:
                continue
            for name, folders in wanted:
                if name == key[0]:
                    best = max(best, _shared_prefix(folders, key[1]))
        if best >= 0:
            scored.append((best, draft))
    if not scored:
        return []
    top = max(score for score, _ in scored)
    return [draft for score, draft in scored if score == top]


def _shared_prefix(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    count = 0
    for a, b in zip(first, second):
        if a != b:
            break
        count += 1
    return count
