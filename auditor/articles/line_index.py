"""Offsets in a source text mapped to 1-based line/column spans.

Built once per document in linear time; each lookup is a bisect, so locating
thousands of elements stays O(n log n) however the document is shaped.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from auditor.articles.trusted_blocks import span_at
from auditor.model import Span

_PLUS_ONE = (1).__add__
# A span is an immutable value, and a site's pages share their layout (the title
# on line 9, the first paragraph on line 14), so each one is built once and
# shared: building a Span costs ten times a cached lookup.
_shared_span = lru_cache(maxsize=8192)(span_at)


class LineIndex:
    """Where each line of `text` starts; `first_line` shifts the numbering for
    texts embedded in a larger document (a Markdown body after its front matter)."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        # Each line starts one past the end of the one before: running sums of
        # the line lengths plus one, all in C (a Python step per line costs
        # milliseconds on a long saved page).
        self._starts = list(accumulate(map(_PLUS_ONE, map(len, text.split("\n"))), initial=0))
        self._starts.pop()  # where a line after the last would start
        self._first_line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        row = bisect_right(self._starts, offset) - 1
        return row + self._first_line, offset - self._starts[row] + 1

    def span(self, start: int, end: int | None = None) -> Span:
        line, column = self.position(start)
        if end is None:
            return _shared_span(line, column)
        end_line, end_column = self.position(end)
        return _shared_span(line, column, end_line, end_column)


class FixedLocator:
    """Every offset maps to one span: for text nested inside a value whose own
    positions mean nothing in the file (HTML inside a CMS JSON string)."""

    def __init__(self, span: Span | None) -> None:
        self._span = span

    def span(self, start: int, end: int | None = None) -> Span | None:
        return self._span
