"""A figure while a parser is still assembling it, and the step that turns the
drafts into the frozen `Figure` values of an `Article`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from auditor.articles.resolve import resolve_src
from auditor.model import Figure, FigureStatus, Span, TextBlock, unvalidated


@dataclass
class FigureDraft:
    src: str | None = None
    span: Span | None = None
    caption: TextBlock | None = None
    alt: TextBlock | None = None
    title: TextBlock | None = None
    credit: TextBlock | None = None
    declared_source_type: str | None = None
    declared_ai: bool | None = None
    declared_by: str | None = None
    # Other URLs of the same picture (srcset, <source>, lazy-load attributes):
    # JSON-LD often names one of these rather than `src`.
    alternates: list[str] = field(default_factory=list)
    # Position in the source, for ordering figures found by different means.
    order: int = 0

    def also_shown_as(self, *urls: str | None) -> None:
        """Records other URLs of this picture (a <noscript> copy, og:image)."""
        for url in urls:
            if url and url != self.src and url not in self.alternates:
                self.alternates.append(url)


def finish_figures(drafts: list[FigureDraft], article_path: Path) -> tuple[Figure, ...]:
    """Figures in source order, `figures[i].index == i`, each `src` resolved."""
    folder = os.path.dirname(str(article_path))
    figures = []
    for index, draft in enumerate(sorted(drafts, key=lambda d: d.order)):
        status, local = _resolve(draft, folder)
        figures.append(figure_of(draft, index, status, local))
    return tuple(figures)


_FIGURE_FIELDS = frozenset(Figure.model_fields)
_NONE = type(None)
_OPTIONAL_TEXT = (str, _NONE)
_OPTIONAL_BLOCK = (TextBlock, _NONE)
_STATUSES = frozenset(FigureStatus.__args__)


def figure_of(draft: FigureDraft, index: int, status: FigureStatus, path: str | None) -> Figure:
    """`Figure(index=, src=, ...)` with every field given. Built without validation
    (~30k instructions a figure) when each value already has its declared type
    exactly, which is what the parsers make; through validation otherwise, so that
    a value of another type is converted or refused just as before
    (tests/test_figure_draft.py holds the two equal)."""
    values = {
        "index": index, "src": draft.src, "path": path, "status": status, "span": draft.span,
        "caption": draft.caption, "alt": draft.alt, "title": draft.title, "credit": draft.credit,
        "declared_source_type": draft.declared_source_type, "declared_ai": draft.declared_ai,
        "declared_by": draft.declared_by,
    }
    if (type(index) is int and type(draft.src) in _OPTIONAL_TEXT and type(path) in _OPTIONAL_TEXT
            and type(status) is str and status in _STATUSES and type(draft.span) in (Span, _NONE)
            and type(draft.caption) in _OPTIONAL_BLOCK and type(draft.alt) in _OPTIONAL_BLOCK
            and type(draft.title) in _OPTIONAL_BLOCK and type(draft.credit) in _OPTIONAL_BLOCK
            and type(draft.declared_source_type) in _OPTIONAL_TEXT and type(draft.declared_ai) in (bool, _NONE)
            and type(draft.declared_by) in _OPTIONAL_TEXT):
        return unvalidated(Figure, values, set(_FIGURE_FIELDS))
    return Figure(**values)


def _resolve(draft: FigureDraft, folder: str) -> tuple[FigureStatus, str | None]:
    """The figure's own `src` first; when that is not a file here (remote, missing),
    the first of its other URLs that is: a site often keeps the original upload
    (og:image, the largest srcset candidate) beside resized copies, and only the
    original may carry the metadata. A refused `src` stays refused."""
    status, local = resolve_src(draft.src, folder)
    if status in ("remote", "missing"):
        for alternate in draft.alternates:
            other_status, other_local = resolve_src(alternate, folder)
            if other_status == "local":
                return other_status, other_local
    return status, local
