"""What one rule evaluation sees: the facts of its target and where a finding about
it should point."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..model import Article, Span


class Context(NamedTuple):
    """Immutable as a frozen dataclass would be; a tuple because two are built per
    document (a frozen dataclass's __init__ costs twice as much; batch hot path)."""

    target: str  # article | figure | media | document
    path: str  # the file a finding is reported against
    facts: dict[str, Any]
    span: Span | None = None
    media: str | None = None
    figure: int | None = None
    anchor: str = ""  # what makes findings on this target distinct, for fingerprints
    article: Article | None = None


@dataclass(frozen=True)
class Hit:
    """A rule kind's raw conclusion; the engine turns it into a Finding."""

    context: Context
    extra: dict[str, Any] = field(default_factory=dict)  # facts for the message, e.g. match.*
    evidence: tuple[tuple[str, str], ...] = ()
    span: Span | None = None  # overrides the context's span
