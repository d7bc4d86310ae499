"""(path, signature) pairs as one text column: "\\0path\\0signature\\0path\\0signature...",
split rather than JSON-decoded on every cached document. NUL never occurs in a file
or member name; should one ever, the pairs are written as JSON, which is read too."""

from __future__ import annotations

import json
from typing import Callable

SEPARATOR = "\0"


def encode_pairs(pairs: list[tuple[str, str]]) -> str:
    if not pairs or any(SEPARATOR in part for pair in pairs for part in pair):
        return json.dumps(pairs)
    return "".join(SEPARATOR + path + SEPARATOR + signature for path, signature in pairs)


def decode_pairs(text: str) -> list[tuple[str, str]] | None:
    """None for text that does not decode: its document is simply audited again."""
    if text == "[]":
        return []
    if not text.startswith(SEPARATOR):
        return [tuple(pair) for pair in json.loads(text)]
    parts = text[1:].split(SEPARATOR)
    if len(parts) % 2:
        return None
    return list(zip(parts[::2], parts[1::2]))


def all_unchanged(pairs: list[tuple[str, str]], current: Callable[[str], str]) -> bool:
    """True when every path's `current` signature is the one recorded with it."""
    for path, recorded in pairs:
        if current(path) != recorded:
            return False
    return True
