"""MediaFacts and Signal built from values the readers produce themselves, without
pydantic's validation. Validating costs ~12k instructions per Signal and ~36k per
MediaFacts (a copy of every dict), a sixth of reading a typical web image; these
values have their declared types by construction (str paths and texts, int sizes,
dicts, tuples of Signals and MediaErrors, signal kinds from fixed tables), so the
check could never fail here. The result is the object validation would give:
same field values and order, same fields-set (tests/test_media_built_facts.py
compares both on every fixture image). Values from outside (rule examples, user
input) still go through the validated constructors."""

from __future__ import annotations

from typing import Any

from ..model import MediaFacts, Signal

_new = object.__new__
_set = object.__setattr__
_MEDIA_FIELDS = ("path", "format", "width", "height", "size", "exif", "iptc", "xmp", "png_text", "c2pa", "aigc",
                 "signals", "errors", "notes")
# A field added to MediaFacts that this module does not know yet: build validated.
_KNOWS_MEDIA_FIELDS = tuple(MediaFacts.model_fields) == _MEDIA_FIELDS


def signal(kind: str, source: str, value: str) -> Signal:
    """``Signal(kind=kind, source=source, value=value)`` for a kind of SignalKind."""
    built = _new(Signal)
    _set(built, "__dict__", {"kind": kind, "source": source, "value": value})
    _set(built, "__pydantic_fields_set__", {"kind", "source", "value"})
    _set(built, "__pydantic_extra__", None)
    _set(built, "__pydantic_private__", None)
    return built


def media_facts(path: str, given: dict[str, Any]) -> MediaFacts:
    """``MediaFacts(path=path, **given)``: `given` holds only fields of MediaFacts, each
    of its declared type (the dicts and lists are the new object's own from now on)."""
    if not _KNOWS_MEDIA_FIELDS:
        return MediaFacts(path=path, **given)
    values = {"path": path, "format": None, "width": None, "height": None, "size": None,
              "exif": {}, "iptc": {}, "xmp": {}, "png_text": {}, "c2pa": {}, "aigc": [],
              "signals": (), "errors": (), "notes": {}}
    values.update(given)
    built = _new(MediaFacts)
    _set(built, "__dict__", values)
    fields_set = set(given)
    fields_set.add("path")
    _set(built, "__pydantic_fields_set__", fields_set)
    _set(built, "__pydantic_extra__", None)
    _set(built, "__pydantic_private__", None)
    return built
