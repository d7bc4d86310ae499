"""Raw metadata fields hold one string or a list of them (XMP Seq/Bag/Alt, repeated
IIM datasets, several text chunks of one keyword): the readers and rules that look
for text in them all need the same view."""

from __future__ import annotations

from typing import Any


def texts_of(value: Any) -> list[str]:
    """The non-blank strings a field holds, in order; [] for anything else."""
    if value is None:  # the field is absent: most lookups, per image
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str) and item.strip()]
    return []
