"""Front matter at the top of a Markdown article: YAML (`---` … `---`) or, as
Hugo writes it, TOML (`+++` … `+++`, read with tomllib).

Loaded in safe mode, at most MAX_FRONT_MATTER_CHARS, and copied into plain
values with a node budget, so an alias bomb is an error rather than a hang. A
`---` first line without a closing fence is a thematic break, not front matter.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from auditor.articles.field_values import MAX_NODES, FieldLimitExceeded, plain_scalars, plain_value
from auditor.articles.flat_yaml import read_flat_yaml
from auditor.safe_yaml import YAMLLimitError, load_safe

MAX_FRONT_MATTER_CHARS = 64 * 1024

_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)
_TOML_OPEN = re.compile(r"\A\+\+\+[ \t]*\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
_TOML_TOP_LEVEL_KEY = re.compile(r"^[ \t]*(?:\[[^\n]*|([A-Za-z_][\w-]*)\s*=)", re.MULTILINE)


@dataclass
class FrontMatter:
    values: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key → 1-based line in the file
    body: str = ""
    body_first_line: int = 1
    present: bool = False


class FrontMatterError(ValueError):
    """Front matter that is there but cannot be used; the message is one line."""


def split_front_matter(text: str) -> FrontMatter:
    if text.startswith("+++"):
        return _toml_front_matter(text)
    opening = _OPEN.match(text)
    if opening is None:
        return FrontMatter(body=text)
    closing = _closing_fence(text, opening.end())
    if closing is None:
        return FrontMatter(body=text)
    source = text[opening.end() : closing[0]]
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"front matter is larger than {MAX_FRONT_MATTER_CHARS // 1024} KB")
    flat = read_flat_yaml(source)  # most front matter is `key: value` lines: no YAML loader needed
    if flat is not None:
        try:
            values = plain_scalars(flat[0])
        except FieldLimitExceeded:
            raise FrontMatterError("front matter holds too many values (aliases expand too far?)") from None
        # The opening fence is line 1, so the first line of `source` is line 2.
        key_lines = {key: line + 2 for key, line in flat[1].items()}
        return _front_matter(text, source, closing, values, _TOP_LEVEL_KEY, key_lines)
    try:
        loaded = load_safe(source, max_chars=MAX_FRONT_MATTER_CHARS, max_values=MAX_NODES)
    except YAMLLimitError:
        raise FrontMatterError("front matter holds too many values (aliases expand too far?)") from None
    except yaml.YAMLError as error:
        raise FrontMatterError(_yaml_message(error)) from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise FrontMatterError(f"front matter is not a mapping of keys to values (it is a YAML {_kind(loaded)})")
    try:
        values = plain_value(loaded, strict=True)
    except FieldLimitExceeded:
        raise FrontMatterError("front matter holds too many values (aliases expand too far?)") from None
    return _front_matter(text, source, closing, values, _TOP_LEVEL_KEY)


def _toml_front_matter(text: str) -> FrontMatter:
    opening = _TOML_OPEN.match(text)
    closing = _TOML_CLOSE.search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        return FrontMatter(body=text)
    source = text[opening.end() : closing.start()]
    closing = (closing.start(), closing.end())
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"front matter is larger than {MAX_FRONT_MATTER_CHARS // 1024} KB")
    try:
        values = plain_value(tomllib.loads(source), strict=True)
    except tomllib.TOMLDecodeError as error:
        # tomllib counts lines from the first line after the opening +++.
        message = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 1}", str(error))
        raise FrontMatterError(f"invalid TOML front matter: {message}") from None
    except FieldLimitExceeded:
        raise FrontMatterError("front matter holds too many values") from None
    return _front_matter(text, source, closing, values, _TOML_TOP_LEVEL_KEY)


def _closing_fence(text: str, start: int) -> tuple[int, int] | None:
    """Where `_CLOSE` first matches in `text` from `start` (a line start): the first
    line there that is `---` or `...` and spaces or tabs; found with `find`, which
    skips the lines between far faster than the regex tries each position."""
    found = None
    for fence in ("\n---", "\n..."):
        position = text.find(fence, start - 1)
        while position >= 0 and (found is None or position < found[0] - 1):
            line_end = text.find("\n", position + 4)
            if line_end < 0:
                line_end = len(text)
            if not text[position + 4:line_end].strip(" \t"):
                found = (position + 1, line_end)
                break
            position = text.find(fence, position + 1)
    return found


def _front_matter(text: str, source: str, closing: tuple[int, int], values: dict, top_level_key: re.Pattern[str],
                  key_lines: dict[str, int] | None = None) -> FrontMatter:
    """The split document: the values, the line of each top-level key (the opening
    fence is line 1; found with `top_level_key` unless given), and the body after
    the closing fence (`closing`: its line's start and end)."""
    if key_lines is None:
        key_lines = _key_lines(source, top_level_key)
    body_start = closing[1] + 1
    return FrontMatter(
        values=values,
        key_lines=key_lines,
        body=text[body_start:],
        body_first_line=text.count("\n", 0, body_start) + 1,
        present=True,
    )


def _key_lines(source: str, top_level_key: re.Pattern[str]) -> dict[str, int]:
    key_lines: dict[str, int] = {}
    line, counted_to = 2, 0
    for match in top_level_key.finditer(source):
        if match.group(1) is None:
            break  # a TOML [table] header: the keys after it are not top-level
        line += source.count("\n", counted_to, match.start())
        counted_to = match.start()
        key_lines.setdefault(match.group(1), line)
    return key_lines


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 for 1-based, +1 for the opening ---
    return f"invalid YAML front matter: {problem}{where}"


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    return type(value).__name__
