"""A figure built from a draft without validation is the figure validation builds:
equal, same field order, same fields set, same JSON; a draft holding a value of
another type still goes through validation, which converts or refuses it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from auditor.articles.figure_draft import FigureDraft, figure_of
from auditor.articles.trusted_blocks import span_at, text_block
from auditor.model import Figure, Span, TextBlock
from tests.same_model import assert_same_model

DRAFTS = [
    FigureDraft(),
    FigureDraft(src="story.jpg", span=span_at(3, 5)),
    FigureDraft(src="https://example.org/a.png", span=Span(line=1, column=1, end_line=2, end_column=9),
                caption=text_block("caption", "Illustration: AI-generated", span_at(4, 1)),
                alt=TextBlock(kind="alt", text="a harbour"), title=text_block("title", "Harbour", None),
                credit=text_block("credit", "Photo: Jane Doe / Reuters", span_at(5, 1)),
                declared_source_type="trainedAlgorithmicMedia", declared_ai=True, declared_by="json-ld:image"),
    FigureDraft(src="x.webp", declared_ai=False, declared_by="front matter: ai_generated"),
]
STATUSES = [(0, "none", None), (1, "local", "/site/img/story.jpg"), (7, "remote", None), (2, "refused", "/etc/x.jpg")]


def _validated(draft: FigureDraft, index: int, status: str, path: str | None) -> Figure:
    return Figure(index=index, src=draft.src, path=path, status=status, span=draft.span, caption=draft.caption,
                  alt=draft.alt, title=draft.title, credit=draft.credit,
                  declared_source_type=draft.declared_source_type, declared_ai=draft.declared_ai,
                  declared_by=draft.declared_by)


@pytest.mark.parametrize("draft", DRAFTS)
@pytest.mark.parametrize(("index", "status", "path"), STATUSES)
def test_figure_is_the_validated_figure(draft, index, status, path):
    built, validated = figure_of(draft, index, status, path), _validated(draft, index, status, path)
    assert_same_model(built, validated)
    with pytest.raises(ValidationError):
        built.index = 5  # frozen, as a validated figure is


@pytest.mark.parametrize(("field", "value"), [
    ("declared_ai", 1),  # validation makes it True
    ("declared_ai", "yes"),
    ("span", {"line": 2, "column": 3}),  # validation makes it a Span
])
def test_a_draft_value_of_another_type_is_validated(field, value):
    draft = FigureDraft(src="a.jpg", **{field: value})
    built = figure_of(draft, 0, "local", "a.jpg")
    assert built == _validated(draft, 0, "local", "a.jpg")
    assert type(getattr(built, field)) is not type(value)


@pytest.mark.parametrize(("field", "value"), [("src", ["a.jpg"]), ("declared_by", 3), ("caption", "a caption")])
def test_a_draft_value_validation_refuses_is_still_refused(field, value):
    with pytest.raises(ValidationError):
        figure_of(FigureDraft(**{field: value}), 0, "none", None)


def test_figure_fields_are_the_ones_built():
    # A field added to Figure must be added to figure_draft.figure_of too.
    assert list(Figure.model_fields) == ["index", "src", "path", "status", "span", "caption", "alt", "title",
                                         "credit", "declared_source_type", "declared_ai", "declared_by"]
