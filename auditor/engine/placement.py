"""Where an article discloses AI outside a figure's own caption, alt text and credit,
and whether a reader meets it "at the latest at the time of first exposure" (EU AI
Act Art. 50(5)): a standfirst or paragraph above the image, or the line right below
it, counts; a footer, a note at the article's end or a later paragraph does not."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Figure, TextBlock
from .vocabularies import VocabularySet

# Blocks that belong to a figure: judged with the figure, not as page text.
FIGURE_KINDS = ("caption", "alt", "credit")
ADJACENT_LINES = 2  # a line this close below the figure is its caption line


@dataclass(frozen=True)
class PageDisclosure:
    line: int | None
    kind: str
    text: str


def page_disclosures(article: Article, vocabularies: VocabularySet) -> list[PageDisclosure]:
    """Blocks outside figures that explicitly disclose AI, in document order."""
    found: list[PageDisclosure] = []
    for block in article.blocks:
        if block.kind in FIGURE_KINDS or block.kind == "title":
            continue
        if vocabularies.disclosure.verdict([block.text]).level == "explicit":
            found.append(PageDisclosure(block.span.line if block.span else None, block.kind, block.text))
    return found


def placement(figure: Figure, disclosures: list[PageDisclosure], blocks: tuple[TextBlock, ...]) -> tuple[str | None, PageDisclosure | None]:
    """'before', 'adjacent' or 'after' the figure for the earliest page disclosure,
    or (None, None) when there is none or its position is unknown."""
    located = [d for d in disclosures if d.line is not None]
    if not located:
        return None, None
    top = _figure_line(figure)
    bottom = _figure_end(figure, top)
    for disclosure in located:
        if disclosure.line < top:
            return "before", disclosure
    first_after = min((b.span.line for b in blocks if b.span and b.span.line > bottom and b.kind not in FIGURE_KINDS), default=None)
    for disclosure in located:
        if disclosure.line == first_after and disclosure.line - bottom <= ADJACENT_LINES:
            return "adjacent", disclosure
    return "after", located[0]


def _figure_line(figure: Figure) -> int:
    if figure.span:
        return figure.span.line
    lines = [b.span.line for b in figure.texts() if b.span]
    # A figure without a position (a front-matter hero image) shows at the top.
    return min(lines) if lines else 0


def _figure_end(figure: Figure, top: int) -> int:
    ends = [top]
    if figure.span and figure.span.end_line:
        ends.append(figure.span.end_line)
    for block in figure.texts():
        if block.span:
            ends.append(block.span.end_line or block.span.line)
    return max(ends)
