"""The engine's view of a figure's credit: its credit line, or the credit written at
the end of its caption, parsed; and whether that credit presents the image as a
photograph (AID103), which an AI label in the credit itself rules out."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Figure
from .credit_parser import Credit, parser_for
from .vocabularies import VocabularySet


@dataclass(frozen=True)
class FigureCredit:
    line: str | None  # the credit text as written (credit line, or the caption's tail)
    credit: Credit | None
    from_caption: bool = False


def figure_credit(figure: Figure, vocabularies: VocabularySet) -> FigureCredit:
    parser = parser_for(vocabularies)
    line, from_caption = (figure.credit.text if figure.credit else None), False
    if not line and figure.caption is not None:
        split = parser.split_caption(figure.caption.text)
        if split is not None:
            line, from_caption = split[1], True
    if not line:
        return FigureCredit(None, None)
    credit = parser.parse(line)
    if credit is None and not from_caption:
        # A credit element holding a caption and its credit ("… in Paris Benoit Tessier/Reuters").
        split = parser.split_caption(line)
        if split is not None and split[0]:
            line, credit = split[1], parser.parse(split[1])
    return FigureCredit(line, credit, from_caption)


def _ai_labelled(found: FigureCredit, vocabularies: VocabularySet) -> bool:
    """Whether the credit itself is an AI label: "AI-generated image: Jane Doe/Midjourney"
    credits someone but is no photo credit. Asked only here: the credit-match rule reads
    the names of every figure's credit, and most never get to this question."""
    return bool(found.line) and vocabularies.disclosure.verdict([found.line]).level == "explicit"


def photo_credit_of(found: FigureCredit, credit_text: str | None, caption_text: str | None,
                    vocabularies: VocabularySet) -> str | None:
    """The credit text that presents the image as a photograph, or None."""
    if _ai_labelled(found, vocabularies):
        return None
    if found.credit is not None and found.credit.presents_photo:
        return found.line
    # Packs and configs may add their own shapes to the `photo_credits` list.
    photo_credits = vocabularies.get("photo_credits")
    for text in (credit_text, caption_text):
        if text and photo_credits is not None and photo_credits.search(text):
            if vocabularies.disclosure.verdict([text]).level != "explicit":
                return text
    return None
