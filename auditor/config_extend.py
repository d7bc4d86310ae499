"""Reads one config file as a settings document, following `extend = "../auditor.toml"`
(a path relative to the file that writes it) to the files it inherits from: the
extending file's keys override the extended file's, key by key, as ruff's `extend` does.

A chain is at most MAX_EXTEND_DEPTH files long; a cycle, a missing target or a target
outside the folder a discovered config must stay in is a one-line ConfigError (exit 2)."""

from __future__ import annotations

import errno
import os
import tomllib
from pathlib import Path
from typing import Any

from .settings_files import read_settings_text

MAX_EXTEND_DEPTH = 8
# Keys naming files or folders: written relative to the file that holds them, so a
# key inherited from an extended file is made absolute against that file's folder.
_PATH_LISTS = ("pack_paths", "site_roots")
_PATH_VALUES = ("fetch_cache", "c2pa_trust_anchors", "serve_token_file")


def read_config_chain(path: Path, within: str | None = None) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """The settings of `path` with everything it extends merged in, and the files
    read (`path` first). `within`: a real folder every file of the chain must be in
    (a config found in audited content may not reach outside its repository)."""
    from .config import ConfigError

    chain: list[tuple[Path, dict[str, Any]]] = []
    seen: dict[str, Path] = {}
    current = path
    while True:
        real = os.path.realpath(current)
        if real in seen:
            loop = " -> ".join(str(p) for p, _ in chain) + f" -> {current}"
            raise ConfigError(f"invalid config {path}: extend: cycle ({loop})")
        if within is not None and not _inside(real, within):
            raise ConfigError(f"invalid config {chain[-1][0] if chain else path}: "
                              f"{'extend: ' if chain else ''}{current} is outside {within}, where this config must stay")
        seen[real] = current
        document = read_config_document(current)
        chain.append((current, document))
        target = document.pop("extend", None)
        if target is None:
            break
        if not isinstance(target, str) or not target:
            raise ConfigError(f"invalid config {current}: extend: must be the path of a config file")
        if len(chain) >= MAX_EXTEND_DEPTH:
            raise ConfigError(f"invalid config {path}: extend: chain longer than {MAX_EXTEND_DEPTH} files")
        following = Path(target)
        following = Path(os.path.normpath(following if following.is_absolute() else current.parent / following))
        if not following.exists():
            raise ConfigError(f"invalid config {current}: extend: {target} not found ({following})")
        current = following
    merged: dict[str, Any] = {}
    for position, (file, document) in enumerate(reversed(chain)):
        last = position == len(chain) - 1  # the file asked for keeps its own relative paths
        merged.update(document if last else _rebased(document, file.parent))
    return merged, tuple(file for file, _ in chain)


def read_config_document(path: Path) -> dict[str, Any]:
    """The auditor settings one file holds (its `[tool.auditor]` for pyproject.toml)."""
    from .config import ConfigError

    try:
        document = tomllib.loads(read_settings_text(path))
    except (OSError, UnicodeDecodeError) as error:
        hint = " (--isolated runs with no config file)" if getattr(error, "errno", None) == errno.EINVAL else ""
        raise ConfigError(f"cannot read config {path}: {getattr(error, 'strerror', None) or error}{hint}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid config {path}: {error}") from None
    if path.name == "pyproject.toml":
        document = document.get("tool", {}).get("auditor", {})
    if not isinstance(document, dict):
        raise ConfigError(f"invalid config {path}: [tool.auditor] must be a table")
    return document


def _rebased(document: dict[str, Any], folder: Path) -> dict[str, Any]:
    out = dict(document)
    for key in _PATH_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [_absolute(item, folder) for item in out[key]]
    for key in _PATH_VALUES:
        if key in out:
            out[key] = _absolute(out[key], folder)
    if isinstance(out.get("url_map"), dict):
        out["url_map"] = {prefix: _absolute(target, folder) for prefix, target in out["url_map"].items()}
    return out


def _absolute(value: Any, folder: Path) -> Any:
    # A wrong type is left as it is: the model's validation names the key.
    if isinstance(value, str) and value and not Path(value).is_absolute():
        return str(folder / value)
    return value


def _inside(real: str, folder: str) -> bool:
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)
