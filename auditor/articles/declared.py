"""What a page declares about an image's origin: a Digital Source Type value or
an explicit AI flag, reduced to `declared_ai` with the field that said it."""

from __future__ import annotations

from typing import Any, Protocol

from auditor.media.source_types import AI_KINDS, classify_source_type

_TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on"})
_FALSE_WORDS = frozenset({"false", "no", "n", "0", "off"})


class Declarable(Protocol):
    declared_source_type: str | None
    declared_ai: bool | None
    declared_by: str | None


def parse_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def source_type_text(value: Any) -> str | None:
    """The DST as text: JSON-LD writes it as a string or as {"@id": uri}."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("@value")
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def declare(
    target: Declarable,
    *,
    source_type: Any = None,
    source_type_by: str = "",
    ai_flag: Any = None,
    ai_flag_by: str = "",
) -> None:
    """Record a declaration on a figure draft. A declaration that the image is AI
    is never overwritten by one that says it is not: the disclosure duty follows
    from the strongest claim the publisher made."""
    raw = source_type_text(source_type)
    if raw is not None and target.declared_source_type is None:
        target.declared_source_type = raw
        kind = classify_source_type(raw)
        says_ai = None if kind is None or kind == "unknown" else kind in AI_KINDS
        _merge(target, says_ai, source_type_by)
    flag = parse_flag(ai_flag)
    if flag is not None:
        _merge(target, flag, ai_flag_by)


def _merge(target: Declarable, says_ai: bool | None, by: str) -> None:
    if target.declared_by is None:
        target.declared_ai, target.declared_by = says_ai, by
    elif says_ai is True and target.declared_ai is not True:
        target.declared_ai, target.declared_by = True, by
    elif says_ai is not None and target.declared_ai is None:
        target.declared_ai, target.declared_by = says_ai, by
