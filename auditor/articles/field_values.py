"""Declared metadata (front matter, JSON-LD, CMS keys) copied into
`Article.fields` as plain JSON values, bounded in size and depth.

YAML aliases can make a small file describe an exponentially large tree, and
JSON can nest thousands of levels; a later stage serialising fields must never
inherit that. The copy is iterative and stops at fixed limits.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

MAX_DEPTH = 16
MAX_NODES = 5000
MAX_STRING = 10000
TRUNCATED = "…(truncated)"


class FieldLimitExceeded(Exception):
    """The value holds more nodes than MAX_NODES."""


def plain_value(value: Any, *, strict: bool = False) -> Any:
    """A JSON-safe copy of `value`. Deeper than MAX_DEPTH becomes a marker string;
    more than MAX_NODES nodes raises FieldLimitExceeded when `strict`, else the
    rest is dropped."""
    nodes = 0
    root: list[Any] = [None]
    # Each work item: (source value, container to write into, key or index, depth).
    work: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    while work:
        item, target, key, depth = work.pop()
        nodes += 1
        if nodes > MAX_NODES:
            if strict:
                raise FieldLimitExceeded
            break
        if isinstance(item, dict):
            if depth >= MAX_DEPTH:
                target[key] = TRUNCATED
                continue
            copy: dict[str, Any] = {}
            target[key] = copy
            for child_key, child in item.items():
                name = child_key if isinstance(child_key, str) else str(child_key)
                copy[name] = None
                work.append((child, copy, name, depth + 1))
        elif isinstance(item, (list, tuple, set, frozenset)):
            if depth >= MAX_DEPTH:
                target[key] = TRUNCATED
                continue
            items = list(item)
            copy_list: list[Any] = [None] * len(items)
            target[key] = copy_list
            work.extend((child, copy_list, index, depth + 1) for index, child in enumerate(items))
        else:
            target[key] = _scalar(item)
    return root[0]


def plain_scalars(mapping: dict[str, Any]) -> dict[str, Any]:
    """`plain_value(mapping, strict=True)` for a mapping of str keys to scalars
    (no dict, list or set among its values), without its work list."""
    if len(mapping) + 1 > MAX_NODES:
        raise FieldLimitExceeded
    # Most values are short strings, which `_scalar` keeps as they are.
    return {key: value if type(value) is str and len(value) <= MAX_STRING else _scalar(value)
            for key, value in mapping.items()}


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_STRING else text[:MAX_STRING] + TRUNCATED
