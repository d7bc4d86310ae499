"""When two image URLs on one page show the same picture, so the page's figure
list holds it once: the same URL written twice, or two sizes of one asset.

The key keeps the host (case-folded) and the path; it drops the scheme, the
fragment, a WordPress-style size suffix ("-800x600", "@2x") and the query
parameters that only resize or re-encode (w, width, h, quality, …). Every other
query parameter stays: `image.php?id=1` and `image.php?id=2` are two pictures.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from auditor.articles.decoration import is_placeholder_src

_SIZE_SUFFIX = re.compile(r"(?:-\d{2,5}x\d{2,5}|@\dx)(?=\.[A-Za-z0-9]{2,5}$)")
# A relative URL that is all path (no ":", "?", "#", no leading "//", none of
# the characters urlsplit strips or refuses).
_PLAIN_PATH = re.compile(r"(?!//)[^\x00-\x20:?#\[\]]+")
_RESIZE_PARAMETERS = frozenset({
    "w", "h", "width", "height", "q", "quality", "fit", "crop", "resize", "dpr", "auto", "fm", "format",
    "ixlib", "s", "strip", "sharp", "sig", "zoom", "size", "scale", "ssl", "im", "impolicy", "imwidth",
})


# A page asks about each of its URLs several times (lookup, then record), and a
# site repeats its URLs from page to page.
@lru_cache(maxsize=8192)
def asset_key(url: str | None, base: str | None = None) -> str | None:
    """The identity of the picture behind `url` (relative URLs read against
    `base`, the page's own address when it declares one); None for an empty,
    data: or placeholder URL, which is never merged with another."""
    if url is None:
        return None
    text = url.strip()
    if not text or text[:5].lower() == "data:" or is_placeholder_src(text):
        return None  # a placeholder (grey.gif, a 1x1 data: URI) names no picture
    if not base and _PLAIN_PATH.fullmatch(text):
        # What urlsplit makes of it: no scheme, host, query or fragment; all path.
        return _SIZE_SUFFIX.sub("", text)
    if base and not text.startswith(("http://", "https://", "//")):
        try:
            text = urljoin(base, text)
        except ValueError:
            pass
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return text
    path = _SIZE_SUFFIX.sub("", parts.path)
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and pair.split("=", 1)[0].lower() not in _RESIZE_PARAMETERS
    )
    return f"{host}{path}?{query}" if query else f"{host}{path}"
