"""The spans and text blocks the parsers build without validation are the
instances validation builds: equal, same field order, same fields set, same JSON."""

from __future__ import annotations

import pytest

from auditor.articles.line_index import LineIndex
from auditor.articles.trusted_blocks import span_at, text_block
from auditor.model import Span, TextBlock
from tests.same_model import assert_same_model

SPANS = [
    ((3, 7), {"line": 3, "column": 7}),
    ((1, 1, 2, 5), {"line": 1, "column": 1, "end_line": 2, "end_column": 5}),
]


@pytest.mark.parametrize(("arguments", "fields"), SPANS)
def test_span_is_the_validated_span(arguments, fields):
    assert_same_model(span_at(*arguments), Span(**fields))


@pytest.mark.parametrize("span", [None, Span(line=2, column=4), Span(line=1, column=1, end_line=1, end_column=9)])
@pytest.mark.parametrize("kind", ["title", "body", "caption", "alt"])
def test_text_block_is_the_validated_block(kind, span):
    assert_same_model(text_block(kind, "Dock workers unload a ship", span), TextBlock(kind=kind, text="Dock workers unload a ship", span=span))


def test_trusted_models_are_frozen():
    with pytest.raises(Exception):
        span_at(1, 2).line = 5  # type: ignore[misc]
    with pytest.raises(Exception):
        text_block("body", "x", None).text = "y"  # type: ignore[misc]


@pytest.mark.parametrize(("offset", "end", "expected"), [
    (0, None, Span(line=1, column=1)),
    (4, None, Span(line=2, column=1)),
    (5, 9, Span(line=2, column=2, end_line=3, end_column=3)),
])
def test_line_index_spans(offset, end, expected):
    assert_same_model(LineIndex("abc\nde\nfgh").span(offset, end), expected)


def test_model_fields_are_the_ones_built():
    # A field added to Span or TextBlock must be added to trusted_blocks too.
    assert list(Span.model_fields) == ["line", "column", "end_line", "end_column"]
    assert list(TextBlock.model_fields) == ["kind", "text", "span"]
