"""Safe YAML loading, through libyaml's C loader when PyYAML was built with it
(about ten times faster than the pure-Python loader; rule packs are read at every
start-up). Both loaders build only plain data: no Python objects, no tags.

Every YAML auditor reads (packs, vocabularies, the generator catalogue, front
matter) goes through `load_safe`, which bounds the text's size and what aliases
may expand it to: a few hundred bytes of nested aliases (a "billion laughs")
describe a tree no later stage could walk or serialise."""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError

MAX_YAML_CHARS = 4 * 1024 * 1024
# Values (mappings, lists and scalars) once aliases are expanded; the bundled
# core pack has about 12,000.
MAX_YAML_VALUES = 200_000


class YAMLLimitError(yaml.YAMLError):
    """A document past a size or alias-expansion limit; the message is one line."""


def load_safe(text: str, *, max_chars: int = MAX_YAML_CHARS, max_values: int = MAX_YAML_VALUES) -> Any:
    if len(text) > max_chars:
        raise YAMLLimitError(f"YAML document larger than {max_chars:,} characters")
    document = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    # Only an anchor ("&name") lets an alias repeat a subtree; without one the
    # document is no bigger than its text, and the walk below is skipped.
    if "&" in text and _expanded_size(document, max_values) > max_values:
        raise YAMLLimitError(f"YAML aliases expand past {max_values:,} values")
    return document


def _expanded_size(document: Any, limit: int) -> int:
    """How many values the document holds with aliases expanded, counting up to
    just past `limit` (a recursive alias is infinite, and stops there too)."""
    count = 1
    work = [document]
    while work and count <= limit:
        item = work.pop()
        if isinstance(item, dict):
            children = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        # Counted when pushed, so the stack never holds more than `limit` values.
        count += len(children)
        if count <= limit:
            work.extend(children)
    return count
