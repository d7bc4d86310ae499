"""China's implicit AI label (GB 45438-2025, the TC260 ``AIGC`` metadata), parsed.

The label is a small JSON object: ``Label`` ("1" generated, "2" possibly,
"3" suspected), ``ContentProducer`` and ``ProduceID`` (who made it, and its id
there), ``ContentPropagator`` and ``PropagateID`` (who spread it), and the
reserved codes ``ReservedCode1``/``ReservedCode2``. Writers put it in XMP
(``TC260:AIGC``, or split into one property per key), in a PNG text chunk named
``AIGC``, or in EXIF UserComment/ImageDescription, bare or wrapped as
``{"AIGC": {…}}`` (sometimes with the inner object as a JSON string).

``aigc_labels`` finds every carrier in the raw groups and returns one plain dict
per label found: ``{"source": <field>, "Label": …, …}`` with only the known keys.
"""

from __future__ import annotations

import json
from typing import Any

from .field_text import texts_of

LABEL_KEYS = ("Label", "ContentProducer", "ProduceID", "ReservedCode1", "ContentPropagator", "PropagateID", "ReservedCode2")
MAX_LABEL_JSON = 64 * 1024
XMP_FIELD = "TC260:AIGC"
EXIF_CARRIERS = ("UserComment", "ImageDescription")
_FOLDED_KEYS = {key.lower(): key for key in LABEL_KEYS}


def parse_aigc_label(text: str) -> dict[str, str] | None:
    """The label's known fields when ``text`` is an AIGC label (it has a ``Label``)."""
    if "label" not in text[:MAX_LABEL_JSON].lower():
        return None
    parsed = json_object(text)
    if parsed is None:
        return None
    inner: Any = parsed.get("AIGC", parsed)
    if isinstance(inner, str):
        inner = json_object(inner)
    if not isinstance(inner, dict):
        return None
    # Writers disagree on capitalisation ("label", "contentProducer"); the keys are known.
    fields = {_FOLDED_KEYS[key.lower()]: _text(value) for key, value in inner.items()
              if isinstance(key, str) and key.lower() in _FOLDED_KEYS}
    if fields.get("Label") in (None, ""):
        return None
    return fields


def aigc_labels(*, xmp: dict[str, Any], png_text: dict[str, Any], exif: dict[str, Any]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    # Empty groups and absent fields are skipped before any work: most images
    # carry no label, and this runs for every image.
    if xmp:
        if XMP_FIELD in xmp:
            for value in texts_of(xmp[XMP_FIELD]):
                _add(found, f"xmp:{XMP_FIELD}", value)
        split = {key.partition(":")[2]: _first(value) for key, value in xmp.items()
                 if key.startswith("TC260:") and key.partition(":")[2] in LABEL_KEYS}
        if split.get("Label"):
            found.append({"source": "xmp:TC260 properties", **split})
    for keyword, value in png_text.items():
        for text in texts_of(value):
            _add(found, f"png:{keyword}", text)
    if exif:
        for name in EXIF_CARRIERS:
            if name in exif:
                for text in texts_of(exif[name]):
                    _add(found, f"exif:{name}", text)
    return found


def _add(found: list[dict[str, str]], source: str, text: str) -> None:
    fields = parse_aigc_label(text)
    if fields is not None:
        found.append({"source": source, **fields})


def json_object(value: str, max_chars: int = MAX_LABEL_JSON) -> dict[str, Any] | None:
    """The JSON object `value` holds, or None (not JSON, not an object, or too long)."""
    text = value.strip()
    if not text.startswith("{") or len(text) > max_chars:
        return None
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)



def _first(value: Any) -> str:
    texts = texts_of(value)
    return texts[0] if texts else ""
