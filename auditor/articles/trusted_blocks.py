"""Spans and text blocks built from values the parsers already hold in the right
types (ints from a line index, str from the HTML tree, a kind written in the
code), without pydantic's validation: here it costs ~10k instructions a model,
and a page makes dozens. The instance is the one validation would build: the
same field values in declaration order, the same fields marked as set, no
extras (tests/test_trusted_blocks.py compares the two)."""

from __future__ import annotations

from auditor.model import BlockKind, Span, TextBlock, unvalidated

_SPAN_START = frozenset({"line", "column"})
_SPAN_RANGE = frozenset({"line", "column", "end_line", "end_column"})
_BLOCK_FIELDS = frozenset({"kind", "text", "span"})


def span_at(line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> Span:
    """`Span(line=, column=)`, or with `end_line=, end_column=` when `end_line` is given."""
    return unvalidated(Span, {"line": line, "column": column, "end_line": end_line, "end_column": end_column},
                       set(_SPAN_START if end_line is None else _SPAN_RANGE))


def text_block(kind: BlockKind, text: str, span: Span | None) -> TextBlock:
    """`TextBlock(kind=kind, text=text, span=span)` for a `text` that is a str."""
    return unvalidated(TextBlock, {"kind": kind, "text": text, "span": span}, set(_BLOCK_FIELDS))
