"""The caps on what one document may make auditor read (`[limits]` in the config),
and the record of a document's audit being cut short by one.

Fail closed: a parser that stops at a cap calls `note_incomplete`, and the
document gets finding INP005 ("audit incomplete"), which fails the default gate:
2,000 decoy images before an AI-generated one must not pass as clean. The
limits are set per process (`configure_limits`, from `pipeline.configure_process`
in this process and in every worker)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field


# How a time-budget INP005 names its limit; the ledger never keeps such a result.
TIME_BUDGET_KEY = "limits.document_seconds"


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    html_images: int = Field(default=2000, ge=1, description="<img> elements read per HTML page.")
    html_elements: int = Field(default=200_000, ge=1, description="Start tags of an HTML page (or fragment) parsed.")
    html_containers: int = Field(default=500, ge=1, description="<figure>, .wp-caption and <picture> elements read per HTML page.")
    front_matter_images: int = Field(default=100, ge=1, description="Entries of a front matter `images` list read.")
    cms_images: int = Field(default=500, ge=1, description="Entries of a CMS JSON images list read.")
    cms_body_blocks: int = Field(default=10000, ge=1, description="Blocks of a CMS JSON body given as a list read.")
    json_ld_images: int = Field(default=50, ge=1, description="Image objects of one JSON-LD image list read.")
    markdown_brackets: int = Field(
        default=20000, ge=1,
        description="'[' characters per Markdown document given to the link and image parser (unclosed ones cost it time).")
    document_seconds: float = Field(
        default=30.0, ge=0,
        description="Time budget per document (parse, images, rules); 0 turns it off. POSIX, main thread only.")


_ACTIVE = Limits()
_NOTES: ContextVar[list[str] | None] = ContextVar("auditor_incomplete_notes", default=None)


def configure_limits(limits: Limits) -> None:
    global _ACTIVE
    _ACTIVE = limits


def active_limits() -> Limits:
    return _ACTIVE


def note_incomplete(what: str, key: str) -> None:
    """Records that the document being read was cut short: `what` was not read
    (past the limit `limits.<key>`)."""
    notes = _NOTES.get()
    if notes is not None:
        reason = f"{what} past {getattr(_ACTIVE, key):,} not read (limits.{key})"
        if reason not in notes:
            notes.append(reason)


@contextmanager
def recording_incomplete() -> Iterator[list[str]]:
    """Collects the `note_incomplete` calls made while the block runs (per thread)."""
    notes: list[str] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)
