"""Run configuration: which packs and rules run, for whom (role, jurisdictions), on
which date, at what severity, with which extra wording. Read from `auditor.toml`,
`.auditor.toml` or `[tool.auditor]` in `pyproject.toml` (nearest one wins); unknown
keys and bad values are one-line errors naming the file and the key.

`auditor/data/config.schema.json` is generated from `Config`
(`python -m auditor.engine.schema_files --write`)."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.json_schema import SkipJsonSchema

from .model import Severity

CONFIG_FILES = ("auditor.toml", ".auditor.toml", "pyproject.toml")
FailOn = Literal["error", "warning", "info", "never"]
# Who publishes decides which duties bind: India's SGI rules bind intermediaries,
# China's Art. 6 binds platforms, EU Art. 50(2) binds providers (see README).
Role = Literal["publisher", "platform", "provider", "intermediary"]
Art50Exception = Literal["artistic", "creative", "satirical", "fictional", "law_enforcement"]
JURISDICTION = r"^[a-z]{2}(-[a-z0-9]{1,8})?$"
CODE_OR_NAME = r"^(ALL|[A-Z]{1,4}[0-9]{0,3}|[a-z][a-z0-9]*(-[a-z0-9]+)*)$"


class ConfigError(ValueError):
    """A configuration problem, stated in one line."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LanguageWording(Strict):
    """A newsroom's own disclosure wording for one language."""

    explicit: list[str] = []
    ambiguous: list[str] = []
    negation: list[str] = []
    negation_cues: list[str] = []
    negation_after: list[str] = []
    # The grammar's words (rules/vocab/disclosure-grammar.yaml): AI terms, predicates
    # that claim generation or editing, the relations that tie them, image nouns.
    terms: list[str] = []
    generate: list[str] = []
    edit: list[str] = []
    relations: list[str] = []
    nouns: list[str] = []


class DisclosureExtension(Strict):
    languages: dict[str, LanguageWording] = {}
    # Tool names that, alone in a credit, are a weak disclosure ("Midjourney").
    tool_names: list[str] = []


VocabEntry = str | dict[Literal["regex"], str]


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    packs: list[str] = Field(default=["core", "provenance"], description="Bundled packs to run, e.g. core, provenance, eu-ai-act, in-it-rules/eci.")
    pack_paths: list[Path] = Field(default=[], description="Extra pack files or folders (relative to the config file).")
    role: Role = Field(default="publisher", description="Who publishes: the law binds each role differently.")
    jurisdictions: list[str] = Field(default=[], description="Where the content is published: eu, cn, in … (loads their packs).")
    audit_date: date | None = Field(default=None, description="Which laws are in force; default today.")
    select: list[str] = Field(default=[], description="Only these codes, prefixes or names (longest prefix wins).")
    ignore: list[str] = Field(default=[], description="Skip these codes, prefixes or names.")
    severity: dict[str, Severity] = Field(default={}, description="Per-rule severity, by code or name.")
    per_path_ignores: dict[str, list[str]] = Field(default={}, description="Gitignore-style pattern -> codes skipped there.")
    exclude: list[str] = Field(default=[], description="Gitignore-style patterns of files never audited.")
    vocabularies: dict[str, list[VocabEntry]] = Field(default={}, description="Additions to shared phrase lists (agencies, …).")
    disclosure: DisclosureExtension = Field(default=DisclosureExtension(), description="Additional disclosure wording.")
    generators: list[str] = Field(default=[], description="Extra AI tool names: recognised as generators in file metadata (Software, CreatorTool) and, alone in a credit, as a weak disclosure.")
    art50_exceptions: dict[str, Art50Exception] = Field(
        default={}, description="Pattern -> EU AI Act Art. 50(4) exception for those articles (e.g. satire/**).")
    c2pa_trust_anchors: Path | None = Field(default=None, description="PEM file of trusted C2PA root certificates.")
    inline_suppressions: bool = Field(default=True, description="Honour <!-- auditor: ignore[...] --> comments.")
    fail_on: FailOn = "error"
    now: datetime | None = Field(default=None, description="The clock DAT401 compares against (fixed in tests).")
    # Where the config came from: patterns are relative to its folder. Set by load_config.
    source: SkipJsonSchema[Path | None] = Field(default=None, exclude=True)

    @field_validator("jurisdictions")
    @classmethod
    def _jurisdictions(cls, value: list[str]) -> list[str]:
        import re

        for item in value:
            if not re.match(JURISDICTION, item):
                raise ValueError(f"'{item}' is not a jurisdiction code like eu, cn, in or us-ca")
        return value

    @field_validator("select", "ignore")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        import re

        for item in value:
            if not re.match(CODE_OR_NAME, item):
                raise ValueError(f"'{item}' is not a rule code, code prefix or rule name")
        return value

    @field_validator("per_path_ignores")
    @classmethod
    def _path_codes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        import re

        for pattern, codes in value.items():
            for item in codes:
                if not re.match(CODE_OR_NAME, item):
                    raise ValueError(f"'{item}' (for '{pattern}') is not a rule code, code prefix or rule name")
        return value

    @property
    def root(self) -> Path:
        """The folder config patterns are relative to."""
        return self.source.parent if self.source else Path.cwd()

    @property
    def effective_audit_date(self) -> date:
        return self.audit_date or date.today()

    def error(self, key: str, message: str) -> ConfigError:
        """A one-line error about `key` of this config."""
        where = f"invalid config {self.source}" if self.source else "invalid config"
        return ConfigError(f"{where}: {key}: {message}")


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The config at `path`, or the first config file found from `start` upwards, or defaults."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {getattr(error, 'strerror', None) or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid config {path}: {error}") from None
    if path.name == "pyproject.toml":
        document = document.get("tool", {}).get("auditor", {})
    if not isinstance(document, dict):
        raise ConfigError(f"invalid config {path}: [tool.auditor] must be a table")
    if "source" in document:
        raise ConfigError(f"invalid config {path}: source: unknown key")
    try:
        config = Config.model_validate(document)
    except ValidationError as error:
        raise ConfigError(f"invalid config {path}: {_first_problem(error)}") from None
    base = path.parent
    update: dict[str, Any] = {
        "source": path,
        "pack_paths": [p if p.is_absolute() else base / p for p in config.pack_paths],
    }
    if config.c2pa_trust_anchors is not None:
        anchors = config.c2pa_trust_anchors
        update["c2pa_trust_anchors"] = anchors if anchors.is_absolute() else base / anchors
    config = config.model_copy(update=update)
    if config.c2pa_trust_anchors is not None:
        read_trust_anchors(config)  # fail now, with the key named, not halfway through a run
    return config


def read_trust_anchors(config: Config) -> str | None:
    """The PEM text of the configured C2PA trust anchors, or None."""
    if config.c2pa_trust_anchors is None:
        return None
    try:
        text = config.c2pa_trust_anchors.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise config.error("c2pa_trust_anchors", f"cannot read {config.c2pa_trust_anchors}: {getattr(error, 'strerror', None) or error}") from None
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise config.error("c2pa_trust_anchors", f"{config.c2pa_trust_anchors} holds no PEM certificate")
    return text


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "config"
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown key"
    elif first["type"] == "literal_error":
        message = f"{message} (got {first.get('input')!r})"
    return f"{where}: {message}".replace("Value error, ", "")


def find_config(start: Path) -> Path | None:
    folder = start if start.is_dir() else start.parent
    for candidate_dir in [folder, *folder.parents]:
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "auditor" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
