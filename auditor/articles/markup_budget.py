"""Bounds the HTML handed to the parser: the DOM costs about 450 bytes per
element (1M `<img>` in a 15 MB page took 755 MB), so past `limits.html_elements`
start tags, or past `limits.html_images` `<img>` tags, the rest of the markup is
blanked before parsing and the audit is marked incomplete (INP005)."""

from __future__ import annotations

import re
from itertools import islice

from auditor.limits import active_limits, note_incomplete

_START_TAG = re.compile(r"<[A-Za-z]")
_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)
_NOT_NEWLINE = re.compile(r"[^\n]+")


def within_budget(source: str) -> str:
    """`source`, or its head with everything after the cut turned into spaces
    (newlines kept, so lines and offsets stay where they were)."""
    limits = active_limits()
    # Cheap first: a page cannot hold more tags than "<" characters, nor more
    # "<" than characters (a length costs nothing, a count a pass over the page).
    within = min(limits.html_elements, limits.html_images)
    if len(source) <= within or source.count("<") <= within:
        return source
    cut = _nth_start(_START_TAG, source, limits.html_elements)
    what, key = "HTML elements", "html_elements"
    image_cut = _nth_start(_IMG_TAG, source, limits.html_images)
    if image_cut is not None and (cut is None or image_cut < cut):
        cut, what, key = image_cut, "images", "html_images"
    if cut is None:
        return source
    note_incomplete(what, key)
    return source[:cut] + _NOT_NEWLINE.sub(lambda run: " " * len(run.group()), source[cut:])


def _nth_start(pattern: re.Pattern[str], source: str, limit: int) -> int | None:
    """Where the match after the first `limit` starts, if there is one."""
    beyond = next(islice(pattern.finditer(source), limit, None), None)
    return beyond.start() if beyond is not None else None
