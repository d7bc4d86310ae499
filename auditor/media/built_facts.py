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

from ..model import MediaFacts, Signal, unvalidated

_MEDIA_FIELDS = ("path", "format", "width", "height", "size", "exif", "iptc", "xmp", "png_text", "c2pa", "aigc",
                 "signals", "errors", "notes")
# A field added to MediaFacts that this module does not know yet: build validated.
_KNOWS_MEDIA_FIELDS = tuple(MediaFacts.model_fields) == _MEDIA_FIELDS


def signal(kind: str, source: str, value: str) -> Signal:
    """``Signal(kind=kind, source=source, value=value)`` for a kind of SignalKind."""
    return unvalidated(Signal, {"kind": kind, "source": source, "value": value}, {"kind", "source", "value"})


def media_facts(path: str, given: dict[str, Any]) -> MediaFacts:
    """``MediaFacts(path=path, **given)``: `given` holds only fields of MediaFacts, each
    of its declared type (the dicts and lists are the new object's own from now on)."""
    if not _KNOWS_MEDIA_FIELDS:
        return MediaFacts(path=path, **given)
    values = {"path": path, "format": None, "width": None, "height": None, "size": None,
              "exif": {}, "iptc": {}, "xmp": {}, "png_text": {}, "c2pa": {}, "aigc": [],
              "signals": (), "errors": (), "notes": {}}
    values.update(given)
    fields_set = set(given)
    fields_set.add("path")
    return unvalidated(MediaFacts, values, fields_set)
