"""The catalogue of AI generators and generative edit tools, loaded from data.

The entries live in ``rules/vocab/generators.yaml`` (see that file for the format);
this module reads them once per process, compiles their patterns, and answers
"which AI tool does this tool-naming field name?". Users add entries with
``extend_catalogue`` (the config layer calls it), so a newsroom's in-house model
is recognised without touching code.

Matching is for tool-naming fields only (Software, CreatorTool, softwareAgent…),
never free text.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

import yaml

from ..safe_yaml import load_safe

CATALOGUE_FILE = Path("vocab") / "generators.yaml"
ToolKind = Literal["ai-generated", "ai-edited"]
# Tool names are short; a huge value is not worth scanning whole.
MAX_SCAN = 2000
# An archive repeats the same few tool strings ("Adobe Photoshop 25.0 (Windows)",
# "Canon") millions of times: answers are remembered, up to this many strings.
MAX_REMEMBERED = 4096


class CatalogueError(ValueError):
    """A catalogue entry that cannot be used, in one line."""


@dataclass(frozen=True)
class Tool:
    name: str
    kind: ToolKind
    pattern: re.Pattern[str]


@dataclass
class Catalogue:
    tools: list[Tool] = field(default_factory=list)
    # PNG text keywords that only generators write: keyword -> generator.
    text_keywords: dict[str, str] = field(default_factory=dict)
    _any: re.Pattern[str] | None = None
    _remembered: dict[str, Tool | None] = field(default_factory=dict)

    def tool_named_in(self, text: str) -> Tool | None:
        """The first catalogued tool that ``text`` names, edit tools before generators
        (a generative-fill agent string often names the generator too)."""
        sample = text[:MAX_SCAN]
        try:
            return self._remembered[sample]
        except KeyError:
            pass
        if len(self._remembered) >= MAX_REMEMBERED:
            self._remembered.clear()
        found = self._lookup(sample)
        self._remembered[sample] = found
        return found

    def _lookup(self, sample: str) -> Tool | None:
        if self._any is None:
            self._any = re.compile("|".join(f"(?:{t.pattern.pattern})" for t in self.tools) or r"(?!)", re.IGNORECASE)
        if not self._any.search(sample):  # one scan answers the common case: no AI tool
            return None
        hits = [tool for tool in self.tools if tool.pattern.search(sample)]
        edits = [tool for tool in hits if tool.kind == "ai-edited"]
        return (edits or hits)[0]

    def add(self, entries: Iterable[Any], origin: str) -> None:
        for index, entry in enumerate(entries):
            self.tools.append(_tool(entry, f"{origin}[{index}]"))
        self._any = None
        self._remembered = {}


_lock = threading.Lock()
_loaded: Catalogue | None = None
_extensions: list[tuple[list[Any], str]] = []


def catalogue() -> Catalogue:
    """The bundled catalogue plus every extension, loaded on first use."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                built = load_catalogue(_bundled_path())
                for entries, origin in _extensions:
                    built.add(entries, origin)
                _loaded = built
    return _loaded


def extend_catalogue(entries: Iterable[Any], *, origin: str = "configuration") -> None:
    """Add tools to the catalogue of this process.

    Each entry is a name (matched as a whole phrase, taken to be a generator) or a
    mapping ``{"name": …, "kind": "ai-generated"|"ai-edited", "patterns": [regex…]}``
    (``names`` instead of ``patterns`` for literal phrases). Raises CatalogueError on
    a bad entry, naming it, so a config mistake stops the run before it starts.
    A process pool must call this in each worker, as with ``configure_trust``.
    """
    entries = list(entries)
    checked = Catalogue()
    checked.add(entries, origin)  # validate before anything changes
    with _lock:
        _extensions.append((entries, origin))
        if _loaded is not None:
            _loaded.add(entries, origin)


def reset_catalogue() -> None:
    """Forget extensions and reload the bundled file on next use (tests, long-lived workers)."""
    global _loaded
    with _lock:
        _extensions.clear()
        _loaded = None


def load_catalogue(path: Path) -> Catalogue:
    try:
        document = load_safe(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CatalogueError(f"cannot read generator catalogue {path}: {str(error).splitlines()[0]}") from None
    if not isinstance(document, dict):
        raise CatalogueError(f"generator catalogue {path} must be a mapping")
    built = Catalogue()
    built.add(document.get("tools") or [], str(path))
    keywords = document.get("text_keywords") or {}
    if not isinstance(keywords, dict):
        raise CatalogueError(f"{path}: text_keywords must map a keyword to a generator name")
    built.text_keywords = {str(k): str(v) for k, v in keywords.items()}
    return built


def _bundled_path() -> Path:
    # The folder `auditor.engine.ruleset.rules_dir()` names ($AUDITOR_RULES, else the
    # packs shipped in the package), found the same way here so that reading one image
    # does not import the rule engine (a fifth of a second per worker process); a
    # test keeps the two in step.
    override = os.environ.get("AUDITOR_RULES")
    return (Path(override) if override else Path(__file__).resolve().parents[1] / "bundled_rules") / CATALOGUE_FILE


def _tool(entry: Any, where: str) -> Tool:
    if isinstance(entry, str):
        entry = {"name": entry, "names": [entry]}
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise CatalogueError(f"generator catalogue entry {where}: needs a 'name'")
    unknown = set(entry) - {"name", "kind", "patterns", "names"}
    if unknown:
        raise CatalogueError(f"generator catalogue entry {where} ({entry['name']}): unknown key {sorted(unknown)[0]!r}")
    kind = entry.get("kind", "ai-generated")
    if kind not in ("ai-generated", "ai-edited"):
        raise CatalogueError(f"generator catalogue entry {where} ({entry['name']}): kind must be ai-generated or ai-edited")
    sources = [str(p) for p in entry.get("patterns") or []]
    sources += [r"\b" + re.escape(str(n).strip()).replace(r"\ ", r"\s+") + r"\b" for n in entry.get("names") or []]
    if not sources:
        raise CatalogueError(f"generator catalogue entry {where} ({entry['name']}): needs 'patterns' or 'names'")
    try:
        pattern = re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)
    except re.error as error:
        raise CatalogueError(f"generator catalogue entry {where} ({entry['name']}): bad pattern: {error}") from None
    return Tool(entry["name"], kind, pattern)


def generator_named_in(text: str) -> str | None:
    """The AI generator a tool-naming field mentions, if any."""
    tool = catalogue().tool_named_in(text)
    return tool.name if tool and tool.kind == "ai-generated" else None


def edit_tool_named_in(text: str) -> str | None:
    """The generative edit tool a tool-naming field mentions, if any."""
    tool = catalogue().tool_named_in(text)
    return tool.name if tool and tool.kind == "ai-edited" else None


def generator_text_keywords() -> dict[str, str]:
    return catalogue().text_keywords
