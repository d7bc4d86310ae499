"""The shape of a rule pack on disk. Unknown keys are errors, so a typo in a rule
file is reported instead of silently ignored. `rules/schema.json` is generated
from these models (`python -m auditor.engine.schema`)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..model import Severity

CODE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Condition(Strict):
    """A test over the facts of one target. Exactly one operator, or a combinator."""

    field: str | None = None
    exists: bool | None = None
    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    matches: str | None = None
    matches_vocab: str | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_operator(self) -> "Condition":
        combinators = [n for n in ("all", "any", "not_") if getattr(self, n) is not None]
        operators = [n for n in ("exists", "equals", "in_", "matches", "matches_vocab")
                     if getattr(self, n) is not None or (n == "equals" and "equals" in self.model_fields_set)]
        if combinators and (operators or self.field):
            raise ValueError("a condition is either a combinator (all/any/not) or a field test, not both")
        if not combinators:
            if not self.field:
                raise ValueError("a field test needs 'field'")
            if len(operators) != 1:
                raise ValueError(f"field '{self.field}' needs exactly one of exists/equals/in/matches/matches_vocab")
        if len(combinators) > 1:
            raise ValueError("use one of all/any/not per condition; nest them for more")
        if self.matches is not None:
            re.compile(self.matches)
        return self


class Examples(Strict):
    fail: list["Example"] = []
    passing: list["Example"] = Field(default=[], alias="pass")


class Example(Strict):
    """A small document (and the facts of the images it uses) that a rule must flag or pass."""

    format: Literal["text", "html", "markdown", "json"] = "markdown"
    document: str
    media: dict[str, "ExampleMedia"] = {}
    # Run settings the example needs (role, jurisdictions, audit_date, …), as in a config file.
    config: dict[str, Any] = {}


class ExampleMedia(Strict):
    signals: list[dict[str, str]] = []
    xmp: dict[str, Any] = {}
    exif: dict[str, Any] = {}
    iptc: dict[str, Any] = {}
    png_text: dict[str, Any] = {}
    c2pa: dict[str, Any] = {}
    width: int = 64
    height: int = 48
    unreadable: bool = False


class Docs(Strict):
    summary: str
    rationale: str
    examples: Examples = Examples()
    references: list[str] = []
    tags: list[str] = []


class Fix(Strict):
    suggest: str


Kind = Literal["condition", "credit-match", "date-order", "suppression", "date-plausible"]
Target = Literal["article", "figure", "media", "document"]
Role = Literal["publisher", "platform", "provider", "intermediary"]


class Adjustment(Strict):
    """How a pack re-declares a rule it enables: its severity, per role, and from when."""

    severity: Severity | None = None
    severity_by_role: dict[Role, Severity] = {}
    effective_from: date | None = None
    reason: str | None = None  # why this pack sets it so (shown by `auditor rule`)


class Rule(Strict):
    id: str
    name: str
    kind: Kind
    target: Target | list[Target]
    severity: Severity
    message: str
    when: Condition | None = None
    assert_: Condition | None = Field(default=None, alias="assert")
    evidence: list[str] = []
    fix: Fix | None = None
    options: dict[str, Any] = {}
    docs: Docs
    since: str | None = None
    # Severity for a role that differs from `severity` (India binds intermediaries).
    severity_by_role: dict[Role, Severity] = {}
    # The rule only runs for these roles (empty: every role).
    roles: list[Role] = []
    # The law behind the rule applies from this date; earlier audits report at info.
    effective_from: date | None = None
    # Runs whichever packs are chosen (input and suppression checks).
    always: bool = False
    # False: defined here but off until a chosen pack (variant, overlay) enables it.
    enabled: bool = True

    @property
    def targets(self) -> list[str]:
        return [self.target] if isinstance(self.target, str) else list(self.target)

    @field_validator("id")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE.match(value):
            raise ValueError(f"rule id '{value}' must look like ABC123")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME.match(value):
            raise ValueError(f"rule name '{value}' must be kebab-case")
        return value


VocabEntry = str | dict[Literal["regex"], str]


PackStatus = Literal["law", "draft", "advisory", "standard", "guidance", "baseline"]


class Pack(Strict):
    pack: str
    title: str
    version: str
    description: str | None = None
    references: list[str] = []
    # A variant or overlay names the pack it builds on ("in-it-rules/eci" extends
    # "in-it-rules"); choosing it loads both.
    extends: str | None = None
    status: PackStatus = "baseline"
    jurisdictions: list[str] = []
    effective_from: date | None = None
    # Rules of other packs (usually core) this pack turns on, and how.
    enables: dict[str, Severity | Adjustment] = {}
    vocabularies: dict[str, list[VocabEntry]] = {}
    rules: list[Rule] = []

    @field_validator("enables")
    @classmethod
    def _enabled_codes(cls, value: dict) -> dict:
        for code in value:
            if not CODE.match(code):
                raise ValueError(f"enables: '{code}' must be a rule code like AID101")
        return value

    def adjustment(self, code: str) -> Adjustment | None:
        spec = self.enables.get(code)
        if spec is None:
            return None
        return spec if isinstance(spec, Adjustment) else Adjustment(severity=spec)

    @model_validator(mode="after")
    def _unique(self) -> "Pack":
        seen: set[str] = set()
        for rule in self.rules:
            for key in (rule.id, rule.name):
                if key in seen:
                    raise ValueError(f"'{key}' is defined twice in pack '{self.pack}'")
                seen.add(key)
        return self


Examples.model_rebuild()


def json_schema() -> dict:
    """The JSON Schema of a rule pack file (shipped as rules/schema.json)."""
    schema = Pack.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "auditor rule pack"
    return schema


if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False))
