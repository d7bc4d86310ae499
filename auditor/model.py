"""The shared vocabulary of every stage: what an article says, what an image file
says about itself, and what the rules conclude. Results are frozen values."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    # Schemas are built on first use, not at import: a run the ledger answers
    # never builds an Article or a MediaFacts.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def unvalidated(cls: type[BaseModel], values: dict[str, Any], fields_set: set[str]) -> Any:
    """An instance of `cls` holding `values` (every field, in declaration order) as
    given, without validation: for values auditor's own code made in the declared
    types, where validating costs ~10k instructions a model and could never fail.
    It is the instance validation would build (tests compare them field for field)."""
    model = object.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


class Severity(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Span(Frozen):
    """1-based line and column of a piece of text in its source document."""

    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None


BlockKind = Literal[
    "header", "title", "standfirst", "byline", "dateline", "caption", "alt",
    "credit", "body", "attribution", "heading", "other",
]


class TextBlock(Frozen):
    kind: BlockKind
    text: str
    span: Span | None = None


# "refused": the src points outside the audit's roots (INP007); never read.
FigureStatus = Literal["local", "missing", "remote", "inline", "none", "refused"]


class Figure(Frozen):
    """One use of an image in an article, with the text that accompanies it."""

    index: int
    src: str | None = None
    path: str | None = None  # resolved local file, when status is "local" (the refused path when "refused")
    status: FigureStatus = "none"
    span: Span | None = None
    caption: TextBlock | None = None
    alt: TextBlock | None = None
    title: TextBlock | None = None
    credit: TextBlock | None = None
    # What the page itself declares about the image (JSON-LD digitalSourceType,
    # front matter ai_generated, CMS fields); the raw value keeps its source.
    declared_source_type: str | None = None
    declared_ai: bool | None = None
    declared_by: str | None = None

    def texts(self) -> list[TextBlock]:
        return [b for b in (self.caption, self.alt, self.title, self.credit) if b is not None]


class Article(Frozen):
    path: str
    format: Literal["text", "html", "markdown", "json"]
    title: str | None = None
    byline: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    language: str | None = None
    blocks: tuple[TextBlock, ...] = ()
    figures: tuple[Figure, ...] = ()
    # Declared metadata as the document states it: front matter, JSON-LD, meta tags.
    fields: dict[str, Any] = Field(default_factory=dict)
    # Why the audit of this article is incomplete: each a cap it stopped at
    # ("images past 2,000 not read (limits.html_images)"); becomes INP005.
    incomplete: tuple[str, ...] = ()

    def blocks_of(self, *kinds: str) -> list[TextBlock]:
        return [b for b in self.blocks if b.kind in kinds]


SignalKind = Literal["ai-generated", "ai-edited", "algorithmic", "capture", "edited", "unknown"]


class Signal(Frozen):
    kind: SignalKind
    source: str  # the exact field, e.g. "xmp:Iptc4xmpExt:DigitalSourceType"
    value: str


class DocumentError(Frozen):
    """Why one article could not be read or parsed (becomes finding INP003)."""

    path: str
    message: str


class MediaError(Frozen):
    """Why one image file could not be (fully) read."""

    code: Literal["INP001", "INP002"]
    message: str


class MediaFacts(Frozen):
    """What one image file says about itself: format and size, the raw metadata
    groups (exif, iptc, xmp, png_text, c2pa) and the signals derived from them."""

    path: str
    format: str | None = None
    width: int | None = None
    height: int | None = None
    size: int | None = None
    exif: dict[str, Any] = Field(default_factory=dict)
    iptc: dict[str, Any] = Field(default_factory=dict)
    xmp: dict[str, Any] = Field(default_factory=dict)
    png_text: dict[str, Any] = Field(default_factory=dict)
    c2pa: dict[str, Any] = Field(default_factory=dict)
    # China's implicit AI labels (GB 45438-2025 "AIGC" JSON), parsed: one dict per
    # label found, {"source": field, "Label": "1", "ContentProducer": …}.
    # A lambda, not `list`: pydantic asks a factory's signature, and `list`'s is parsed
    # from text by tokenize, whose pattern no cache keeps (16 M instructions at start-up).
    aigc: list[dict[str, str]] = Field(default_factory=lambda: [])
    signals: tuple[Signal, ...] = ()
    errors: tuple[MediaError, ...] = ()
    # Problems that leave the facts usable, by key: "extension_mismatch"
    # ({declared_extension, detected_format}), "truncated", "truncated_text", …
    # (documented in auditor/media/__init__.py).
    notes: dict[str, Any] = Field(default_factory=dict)

    def kinds(self) -> set[str]:
        return {s.kind for s in self.signals}


class Evidence(Frozen):
    source: str  # a field ("xmp:Iptc4xmpExt:DigitalSourceType") or text scope ("caption")
    value: str

    def __reduce__(self):
        return _pickled_plainly(self)


class Finding(Frozen):
    """One problem found: the rule, its severity and message, where (file, line and
    column span, figure, image), the evidence, a suggested fix and a fingerprint."""

    rule: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    media: str | None = None
    figure: int | None = None
    evidence: tuple[Evidence, ...] = ()
    fix: str | None = None
    fingerprint: str = ""
    help_uri: str | None = None
    # Set by a baseline comparison (auditor.gate.baseline): "new" or "unchanged";
    # None when the run had no baseline.
    baseline_state: str | None = None
    # Set when an in-source or config directive silences the finding; it is still
    # reported (marked) but never fails the gate.
    suppressed: bool = False
    suppression: str | None = None

    def __reduce__(self):
        return _pickled_plainly(self)


def _pickled_plainly(model: BaseModel) -> tuple:
    """How a finding (and its evidence) pickles, on its way from a worker process to
    the parent: its values and which were set, revived by `unvalidated`, the same
    model. pydantic's own __getstate__/__setstate__ cost ~130k instructions a
    finding, each way; these models hold no private or extra attributes."""
    return unvalidated, (type(model), model.__dict__, model.__pydantic_fields_set__)


class Summary(Frozen):
    documents: int = 0
    media: int = 0
    findings: dict[str, int] = Field(default_factory=dict)
    errors: int = 0
    elapsed: float = 0.0
    # Findings by baseline state ({"new", "unchanged", "absent"}) when the run
    # was compared with a baseline; empty otherwise.
    baseline: dict[str, int] = Field(default_factory=dict)
    # Files passed over as not articles (configs, templates, READMEs...), by reason.
    skipped: dict[str, int] = Field(default_factory=dict)


class RuleInfo(Frozen):
    """What a reporter needs to know about a rule that ran."""

    code: str
    name: str
    severity: Severity
    summary: str
    pack: str
    help_uri: str | None = None
    # The rule's documentation, for reports that carry it (SARIF help, HTML).
    description: str | None = None
    help_markdown: str | None = None
    tags: tuple[str, ...] = ()
    precision: str | None = None


class Report(Frozen):
    """The result of an audit: the findings (suppressed ones marked), the run's
    summary and the rules that ran."""

    findings: tuple[Finding, ...] = ()
    summary: Summary = Field(default_factory=Summary)
    rules: tuple[RuleInfo, ...] = ()
    # Baseline findings that no longer occur (baseline_state "absent"): kept apart
    # so only formats that speak of them (SARIF, JSON) show them.
    baseline_absent: tuple[Finding, ...] = ()
    # (path, reason) of files passed over as not articles, up to MAX_LISTED_SKIPS.
    skipped: tuple[tuple[str, str], ...] = ()
