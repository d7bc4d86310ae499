"""Reading values out of exchange JSON (JSON Feed, ANS, WordPress REST) that may be
a string, a `{"rendered": ...}`/`{"basic": ...}` wrapper, HTML or a list of people."""

from __future__ import annotations

import html
import re
from typing import Any

_TAG = re.compile(r"<[^>]{0,2000}>")


def text(value: Any) -> str | None:
    """A non-empty stripped string, unwrapping WordPress and ANS wrappers."""
    if isinstance(value, dict):
        value = next((value[key] for key in ("rendered", "basic", "raw", "value") if isinstance(value.get(key), str)), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def plain(value: Any) -> str | None:
    """`text`, with HTML tags dropped and entities decoded (a WordPress caption is HTML)."""
    found = text(value)
    if found is None:
        return None
    return " ".join(html.unescape(_TAG.sub(" ", found)).split()) or None


def names(value: Any) -> list[str]:
    """Names of people or organisations: a string, {"name": ...}, or a list of either."""
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        return []
    found = []
    for entry in value[:50]:
        name = text(entry.get("name")) if isinstance(entry, dict) else text(entry)
        if name and name not in found:
            found.append(name)
    return found
