"""Flat YAML front matter (`key: value` lines, nothing nested) read without the YAML
loader, which spends most of a small article's front matter time building nodes.

It accepts only lines whose YAML reading is beyond doubt: an ASCII key, ": ", then
a one-line plain scalar that cannot start or hold YAML syntax (no indicator first,
no ": " or " #" inside, printable characters only, no surrounding space). Keys and
values are typed by PyYAML's own resolver and constructors, so what it returns is
what `yaml.load` with the safe loader returns. Anything else (quotes, lists, nested
keys, comments, duplicate keys, tabs, `\\r`) answers None: the caller loads the
text with the YAML loader as before.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import yaml

# A top-level key of up to 128 ASCII characters, ": ", and the rest of the line.
_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}): (.+)")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,127}")
# A plain scalar starting with one of these is YAML syntax (or might be: "-", "?",
# ":" start one only before a space; refusing them costs only the fast path). A
# space first is one YAML would drop.
_CANNOT_START = frozenset(" -?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"
# Tags of a plain scalar this path builds with the safe constructor; any other
# (merge "<<", value "=") is left to the loader.
_SCALAR_TAGS = frozenset({_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                          "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"})
# PyYAML's implicit typing of a plain scalar, by its first character: what
# `Resolver.resolve` does when no resolver is registered for every character
# (None) and none for paths, both checked here.
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
assert None not in _RESOLVERS and not yaml.resolver.Resolver.yaml_path_resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# The UTC timestamp most front matter holds ("2024-02-11T08:00:00Z"). PyYAML's
# resolvers for a leading digit are float (needs a "."), int (digits, "_", ":"
# only) and timestamp, so it is a timestamp, which its constructor builds as this
# datetime; typing it here spares three verbose regexes and the constructor.
_UTC_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def read_flat_yaml(source: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The mapping and the 0-based line of each key, or None when `source` is not
    flat front matter this path reads exactly (then use the YAML loader)."""
    values: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    for number, line in enumerate(source.split("\n")):
        if not line:
            continue
        # `_ENTRY`: a key cannot hold ": ", so the first ": " ends it.
        key, separator, text = line.partition(": ")
        if not text or key in values:
            return None
        known = _STR_KEYS.get(key)
        if known is None:
            known = _KEY.fullmatch(key) is not None and _tag(key) == _STR
            if len(_STR_KEYS) < 4096:  # bounded: keys are up to 128 characters
                _STR_KEYS[key] = known
        if not known:  # not a key, or "on", "null", "yes": YAML 1.1 reads them as a bool or None
            return None
        first = text[0]
        if first in _CANNOT_START or not _is_plain_one_liner(text):
            return None
        if first not in _RESOLVERS:  # no implicit type starts with this character: a str
            values[key] = text
        else:
            value = _scalar(text)
            if value is _NOT_FLAT:
                return None
            values[key] = value
        key_lines[key] = number
    return (values, key_lines) if values else None


def _is_plain_one_liner(text: str) -> bool:
    return (
        text.isprintable()  # no tab, no line break YAML knows (\x85, \u2028), no BOM
        and text[-1] != " "
        and text[-1] != ":"
        and ": " not in text
        and " #" not in text
    )


_NOT_FLAT = object()
# Keys already checked (an `_ENTRY` key that YAML types as a str): a run sees the
# same few (title, date, author...) in every file.
_STR_KEYS: dict[str, bool] = {}


def _tag(text: str) -> str:
    for tag, pattern in _RESOLVERS.get(text[0], ()):
        if pattern.match(text):
            return tag
    return _STR


def _scalar(text: str) -> Any:
    timestamp = _UTC_TIMESTAMP.fullmatch(text) if "0" <= text[0] <= "9" else None
    if timestamp is not None:
        try:  # the UTC datetime PyYAML builds, read by the C ISO parser ("Z" is timezone.utc)
            return datetime.fromisoformat(text)
        except ValueError:
            return _NOT_FLAT  # "2024-02-30T...": the loader says what is wrong
    tag = _tag(text)
    if tag == _STR:
        return text
    if tag not in _SCALAR_TAGS:
        return _NOT_FLAT
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    except Exception:  # noqa: BLE001 - "2024-02-30": the loader says what is wrong, in its own words
        return _NOT_FLAT
