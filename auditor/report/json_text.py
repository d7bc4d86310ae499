"""JSON text byte for byte as the standard library's ``json`` writes it, produced by
orjson (several times faster) when the value is made of plain JSON types that both
encode alike, and by ``json`` otherwise.

The two agree on dicts with string keys, lists, tuples, strings, integers, booleans
and None, and on floats except the very small ones (orjson writes ``1e-5`` as
``0.00001``, ``1e-7`` as ``1e-7`` where ``json`` writes ``1e-05`` and ``1e-07``) and
the non-finite ones; orjson refuses lone surrogates, integers past 64 bits and
non-string keys. A value with anything else, anywhere, goes to ``json``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Callable

try:
    import orjson
except ImportError:  # an install without it still writes the same bytes, slower
    orjson = None

_PLAIN = frozenset({str, int, bool, type(None)})
# Floats whose text is the same in both: finite, and not below 1e-4 in size.
_SMALLEST_ALIKE = 1e-4
# What json's ensure_ascii escapes that orjson leaves as it is (it escapes the C0
# controls, quote and backslash the same way).
_NOT_ASCII = re.compile("[\x7f-\U0010ffff]")


def pretty_json(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False, default=default)``."""
    if orjson is not None and _alike(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(value, indent=2, ensure_ascii=False, default=default)


def json_line(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=True, separators=(",", ":"))``: one line,
    ASCII only (so U+2028 and other separators never split a JSON Lines record)."""
    text = _orjson_line(value) if orjson is not None and _alike(value) else None
    return text if text is not None else json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def record_line(record: dict[str, Any]) -> str:
    """``json_line`` of a finding's record (`report.record`), without the walk over
    its values (~30k instructions a finding): they have a Finding's declared types
    (str, int, bool, None; evidence as dicts of str), which both encode alike. What
    orjson refuses (a lone surrogate, an integer past 64 bits) still goes to json."""
    text = _orjson_line(record) if orjson is not None else None
    return text if text is not None else json.dumps(record, ensure_ascii=True, separators=(",", ":"))


def _orjson_line(value: Any) -> str | None:
    try:
        text = orjson.dumps(value).decode()
    except (TypeError, orjson.JSONEncodeError):
        return None
    return text if text.isascii() and "\x7f" not in text else _NOT_ASCII.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as json writes it
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"


def _alike(value: Any) -> bool:
    """True when ``value`` holds only types that orjson and json encode alike."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind in _PLAIN:
            continue
        if kind is dict:
            stack.extend(item.values())  # keys: orjson refuses non-strings itself
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind is float:
            if not math.isfinite(item) or (item != 0 and abs(item) < _SMALLEST_ALIKE):
                return False
        else:
            return False
    return True
