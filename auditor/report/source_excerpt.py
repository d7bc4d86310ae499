"""The source line a finding points at, with a caret under its span, for the text
format (as ruff shows it). Lines come from the file as the parsers decode it, so
line and column numbers agree; a long line (a minified page) is cut to a window
around the span. Showing source is an aid: a file that cannot be read again
shows nothing."""

from __future__ import annotations

from pathlib import Path

from ..articles.source_text import MAX_ARTICLE_BYTES, decode_text, read_bytes
from ..model import DocumentError
from .escaping import escape_controls
from .paths import is_url

_CONTEXT = 60  # characters shown either side of the span's start on a long line
_MAX_CARETS = 60
_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif", ".heic", ".heif"})


class SourceLines:
    """The lines of one file at a time: findings arrive grouped by file, so one
    file is decoded once and memory holds one file."""

    def __init__(self) -> None:
        self._path: str | None = None
        self._lines: list[str] = []

    def line(self, path: str, number: int) -> str | None:
        if path != self._path:
            self._path, self._lines = path, _read_lines(path)
        if 1 <= number <= len(self._lines):
            return self._lines[number - 1]
        return None


def excerpt(text: str, column: int | None, end_column: int | None = None) -> tuple[str, str]:
    """(the line as shown, the caret line under it): control characters escaped,
    tabs as one space, the caret placed by terminal cells so wide characters
    line up. Without a column the caret is left out."""
    text = text.replace("\t", " ")
    start = min(max((column or 1) - 1, 0), len(text))
    indent = min(len(text) - len(text.lstrip(" ")), start)  # the file's indentation says nothing here
    first = max(start - _CONTEXT, indent)
    last = min(len(text), start + _CONTEXT)
    shown_prefix = ("…" if first > indent else "") + escape_controls(text[first:start])
    width = max(1, min((end_column or column or 1) - (column or 1), _MAX_CARETS, last - start))
    shown = shown_prefix + escape_controls(text[start:last]) + ("…" if last < len(text) else "")
    if column is None:
        return shown.rstrip(), ""
    from rich.cells import cell_len  # here: only a finding with a column needs it

    marked = escape_controls(text[start:start + width])
    return shown.rstrip(), " " * cell_len(shown_prefix) + "^" * max(1, cell_len(marked))


def _read_lines(path: str) -> list[str]:
    if is_url(path) or Path(path).suffix.lower() in _IMAGE_SUFFIXES:
        return []
    raw = read_bytes(Path(path), None, MAX_ARTICLE_BYTES)
    if isinstance(raw, DocumentError):
        return []
    text = decode_text(Path(path), raw, sniff_html_charset=Path(path).suffix.lower() in (".html", ".htm"))
    return [] if isinstance(text, DocumentError) else text.split("\n")
