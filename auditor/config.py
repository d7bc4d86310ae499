"""Run configuration: which packs and rules run, at what severity, with which extra
wording. Read from `auditor.toml`, `.auditor.toml` or `[tool.auditor]` in
`pyproject.toml`; unknown keys are errors."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .model import Severity

CONFIG_FILES = ("auditor.toml", ".auditor.toml", "pyproject.toml")
FailOn = Literal["error", "warning", "info", "never"]


class ConfigError(ValueError):
    """A configuration problem, stated in one line."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    packs: list[str] = ["core"]
    pack_paths: list[Path] = []
    select: list[str] = []
    ignore: list[str] = []
    severity: dict[str, Severity] = {}
    vocabularies: dict[str, list[Any]] = {}
    disclosure: dict[str, Any] = {}
    now: datetime | None = None  # the clock DAT401 compares against; fixed in tests
    fail_on: FailOn = "error"
    exclude: list[str] = []


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The config at `path`, or the first config file found from `start` upwards, or defaults."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid config {path}: {error}") from None
    if path.name == "pyproject.toml":
        document = document.get("tool", {}).get("auditor", {})
    try:
        config = Config.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "config"
        raise ConfigError(f"invalid config {path}: {where}: {first['msg']}") from None
    base = path.parent
    return config.model_copy(update={"pack_paths": [p if p.is_absolute() else base / p for p in config.pack_paths]})


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
