"""The API's own vocabulary: the options a request may set (a safe subset of the
config: never paths, fetching or trust anchors) and the JSON bodies of /v1/check
and /v1/inspect. The JSON report itself is the one `--format json` writes."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..config import FailOn, Role
from ..model import Severity


class CheckOptions(BaseModel):
    """Per-request options, validated as the config validates them; anything that would
    make the server read a path or reach the network stays in the server's config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    packs: list[str] | None = Field(default=None, description="Bundled packs to run instead of the server's.")
    jurisdictions: list[str] | None = Field(default=None, description="Where the story is published: eu, cn, in …")
    role: Role | None = Field(default=None, description="Who publishes: publisher, platform, provider, intermediary.")
    select: list[str] | None = Field(default=None, description="Only these codes, prefixes or names.")
    ignore: list[str] | None = Field(default=None, description="Skip these codes, prefixes or names.")
    severity: dict[str, Severity] | None = Field(default=None, description="Per-rule severity, by code or name.")
    fail_on: FailOn | None = Field(default=None, description="The gate the X-Auditor-Gate header reports.")
    audit_date: date | None = Field(default=None, description="Which laws are in force; default today.")

    def as_update(self) -> dict:
        return self.model_dump(exclude_none=True)


class EncodedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The file name the article's src uses, e.g. lead.jpg or images/lead.jpg.")
    data: str = Field(description="The file's bytes, base64-encoded.")


class CheckRequest(BaseModel):
    """POST /v1/check as JSON: the article as text, its images base64-encoded."""

    model_config = ConfigDict(extra="forbid")

    article: EncodedFile | None = Field(default=None, description="The article; its suffix names the format (.html, .md, .txt, .json).")
    article_text: str | None = Field(default=None, description="The article as text, instead of `article` (then `article_name` names its format).")
    article_name: str = Field(default="article.html", description="The name of `article_text`: story.html, story.md …")
    images: list[EncodedFile] = Field(default=[], description="The images the article uses.")
    options: CheckOptions = Field(default=CheckOptions())


class InspectRequest(BaseModel):
    """POST /v1/inspect as JSON: images base64-encoded."""

    model_config = ConfigDict(extra="forbid")

    images: list[EncodedFile] = Field(min_length=1)


class Problem(BaseModel):
    """Every error answer: one line, never a traceback."""

    error: str
    detail: str


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    workers: int
    busy: int
    waiting: int
