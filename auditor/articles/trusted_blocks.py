"""Spans and text blocks built from values the parsers already hold in the right
types (ints from a line index, str from the HTML tree, a kind written in the
code), without pydantic's validation: here it costs ~10k instructions a model,
and a page makes dozens. The instance is the one validation would build: the
same field values in declaration order, the same fields marked as set, no
extras (tests/test_trusted_blocks.py compares the two)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from auditor.model import Article, BlockKind, Span, TextBlock, unvalidated

_SPAN_START = frozenset({"line", "column"})
_SPAN_RANGE = frozenset({"line", "column", "end_line", "end_column"})
_BLOCK_FIELDS = frozenset({"kind", "text", "span"})


# `model.unvalidated`'s four attribute writes, through BaseModel's slot descriptors
# (a third fewer instructions: a document builds dozens of these).
assert set(BaseModel.__slots__) == {"__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"}
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def span_at(line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> Span:
    """`Span(line=, column=)`, or with `end_line=, end_column=` when `end_line` is given."""
    span = _new(Span)
    _set_dict(span, {"line": line, "column": column, "end_line": end_line, "end_column": end_column})
    _set_fields(span, set(_SPAN_START if end_line is None else _SPAN_RANGE))
    _set_extra(span, None)
    _set_private(span, None)
    return span


def text_block(kind: BlockKind, text: str, span: Span | None) -> TextBlock:
    """`TextBlock(kind=kind, text=text, span=span)` for a `text` that is a str."""
    block = _new(TextBlock)
    _set_dict(block, {"kind": kind, "text": text, "span": span})
    _set_fields(block, set(_BLOCK_FIELDS))
    _set_extra(block, None)
    _set_private(block, None)
    return block


# The fields a parser sets on the Article it builds (all but `incomplete`).
_ARTICLE_FIELDS_SET = frozenset(("path", "format", "title", "byline", "published", "updated", "language", "blocks",
                                 "figures", "fields"))


def parsed_article(values: dict[str, Any]) -> Article:
    """`Article(**values)` for a parser's own values, given in declaration order and
    typed by construction, with `incomplete` empty (tests/test_html_article_built.py
    and the Markdown tests compare it with the validated one)."""
    return unvalidated(Article, {**values, "incomplete": ()}, set(_ARTICLE_FIELDS_SET))
