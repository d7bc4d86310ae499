"""Renders rule message templates: `{figure.src}` reads a fact, `{media.path|none}`
gives a fallback. Only dotted lookups: no attribute calls, no format specs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .conditions import lookup

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w.:\-]*)(?:\|([^{}]*))?\}")
_MAX_VALUE = 160


def render(template: str, facts: Mapping[str, Any]) -> str:
    def value_of(match: re.Match[str]) -> str:
        value = lookup(facts, match.group(1))
        if value is None or value == "" or value == []:
            return match.group(2) if match.group(2) is not None else "?"
        if isinstance(value, (list, tuple)):
            value = ", ".join(_short(v) for v in value)
        text = _short(value)
        return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"

    return " ".join(_PLACEHOLDER.sub(value_of, template).split())


def _short(value: Any) -> str:
    if isinstance(value, Mapping) and "source" in value and "value" in value:
        return f"{value['source']} = {value['value']}"
    return str(value)


def template_fields(template: str) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(template)]
