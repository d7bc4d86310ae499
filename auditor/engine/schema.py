"""The shape of a rule pack on disk. Unknown keys are errors, so a typo in a rule
file is reported instead of silently ignored. `rules/schema.json` is generated
from these models (`python -m auditor.engine.schema`)."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..model import Severity

CODE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


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


class ExampleMedia(Strict):
    signals: list[dict[str, str]] = []
    xmp: dict[str, Any] = {}
    exif: dict[str, Any] = {}
    iptc: dict[str, Any] = {}
    unreadable: bool = False


class Docs(Strict):
    summary: str
    rationale: str
    examples: Examples = Examples()
    references: list[str] = []
    tags: list[str] = []


class Fix(Strict):
    suggest: str


Kind = Literal["condition", "credit-match", "date-order"]
Target = Literal["article", "figure", "media", "document"]


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


class Pack(Strict):
    pack: str
    title: str
    version: str
    description: str | None = None
    references: list[str] = []
    vocabularies: dict[str, list[VocabEntry]] = {}
    rules: list[Rule] = []

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
    return Pack.model_json_schema(by_alias=True)


if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2, sort_keys=True))
