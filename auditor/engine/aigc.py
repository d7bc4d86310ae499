"""China's implicit label (GB 45438-2025 Annex E): the `AIGC` JSON a file carries in
its metadata, found in every carrier the media reader keeps (XMP `TC260:AIGC`, a
PNG `AIGC` text chunk, EXIF UserComment/ImageDescription), parsed and checked.

The JSON keys and the carriers are those independent implementations write
(../shared/reference/regulation.md §2.3, [S]); `Label` "1"/"2"/"3" mirrors the
Measures' Art. 6 cases (generated / possibly / suspected)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..media.source_types import AI_KINDS
from ..model import MediaFacts
from ..media.field_text import texts_of

KEYS = ("Label", "ContentProducer", "ProduceID", "ReservedCode1", "ContentPropagator", "PropagateID", "ReservedCode2")
REQUIRED = ("Label", "ContentProducer", "ProduceID")
LABELS = ("1", "2", "3")
MAX_LABEL_CHARS = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EXIF_CARRIERS = ("UserComment", "ImageDescription", "XPComment")
# A provider code: 27 characters of digits and capitals (an 18-character Unified
# Social Credit Code inside it) per the TC260 coding rules [S].
PROVIDER_CODE = re.compile(r"^[0-9A-Z]{27}$")


@dataclass
class ImplicitLabel:
    carrier: str  # the field it was found in, e.g. "xmp:TC260:AIGC"
    raw: str
    fields: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str | None:
        value = (self.fields or {}).get("Label")
        return None if value in (None, "") else str(value)


def implicit_labels(media: MediaFacts) -> list[ImplicitLabel]:
    found: list[ImplicitLabel] = []
    found += [_parse("xmp:TC260:AIGC", text) for text in texts_of(media.xmp.get("TC260:AIGC"))]
    split = {key.partition(":")[2]: value for key, value in media.xmp.items()
             if ("AIGC" in key.partition(":")[0].upper() or key.partition(":")[0] == "TC260") and key.partition(":")[2] in KEYS}
    if split:
        label = _check(ImplicitLabel("xmp:AIGC properties", json.dumps(split, ensure_ascii=False), {k: _first(v) for k, v in split.items()}))
        label.problems.insert(0, "the label is split into separate XMP properties instead of one TC260:AIGC JSON value")
        found.append(label)
    for keyword, value in media.png_text.items():
        for text in texts_of(value):
            if keyword.upper() == "AIGC" or _looks_wrapped(text):
                found.append(_parse(f"png:{keyword}", text))
    for name in EXIF_CARRIERS:
        for text in texts_of(media.exif.get(name)):
            if "AIGC" in text[:MAX_LABEL_CHARS] or ('"Label"' in text[:MAX_LABEL_CHARS] and "ContentProducer" in text[:MAX_LABEL_CHARS]):
                found.append(_parse(f"exif:{name}", text))
    return found


def aigc_facts(media: MediaFacts) -> dict[str, Any]:
    labels = implicit_labels(media)
    if not labels:
        return {"present": False, "count": 0, "labels": [], "problems": [], "carriers": []}
    first = labels[0]
    values = [label.label for label in labels if label.label is not None]
    problems = [f"{label.carrier}: {problem}" for label in labels for problem in label.problems]
    fields = first.fields or {}
    conflict = _conflict_with_source_types(media, values)
    producer = _first(fields.get("ContentProducer"))
    return {
        "present": True,
        "count": len(labels),
        "carriers": [label.carrier for label in labels],
        "labels": sorted(set(values)),
        "label": first.label,
        "valid": not problems,
        "problems": problems,
        "problem": problems[0] if problems else None,
        "duplicate": len(labels) > 1,
        "disagreeing": len(set(values)) > 1,
        "producer": producer,
        "producer_code_ok": bool(producer) and bool(PROVIDER_CODE.match(str(producer))),
        "produce_id": _first(fields.get("ProduceID")),
        "propagator": _first(fields.get("ContentPropagator")),
        "propagate_id": _first(fields.get("PropagateID")),
        "has_propagation": bool(_first(fields.get("ContentPropagator"))) and bool(_first(fields.get("PropagateID"))),
        "conflict": conflict,
        "raw": first.raw,
    }


def _parse(carrier: str, text: str) -> ImplicitLabel:
    label = ImplicitLabel(carrier, text)
    stripped = text.strip()
    if len(stripped) > MAX_LABEL_CHARS:
        label.problems.append(f"longer than {MAX_LABEL_CHARS} characters; not parsed")
        return label
    try:
        parsed = json.loads(stripped)
    except (ValueError, RecursionError):
        label.problems.append("not valid JSON")
        return label
    if isinstance(parsed, dict) and "AIGC" in parsed:
        inner = parsed["AIGC"]
        if isinstance(inner, str):  # some writers nest the object as a JSON string
            try:
                inner = json.loads(inner)
            except (ValueError, RecursionError):
                label.problems.append("the AIGC value is not valid JSON")
                return label
        parsed = inner
    if not isinstance(parsed, dict):
        label.problems.append("not a JSON object")
        return label
    label.fields = parsed
    return _check(label)


def _check(label: ImplicitLabel) -> ImplicitLabel:
    fields = label.fields or {}
    for key in REQUIRED:
        if _first(fields.get(key)) in (None, ""):
            label.problems.append(f"required key {key} is missing or empty")
    value = fields.get("Label")
    if value not in (None, "") and str(value) not in LABELS:
        label.problems.append(f"Label is {value!r}, not \"1\", \"2\" or \"3\"")
    unknown = [key for key in fields if key not in KEYS]
    if unknown:
        label.problems.append(f"unknown keys: {', '.join(sorted(unknown)[:5])}")
    for key, item in fields.items():
        if isinstance(item, (dict, list)):
            label.problems.append(f"{key} holds a {type(item).__name__}, not a string")
        elif isinstance(item, str) and _CONTROL.search(item):
            label.problems.append(f"{key} contains control characters")
    return label


def _conflict_with_source_types(media: MediaFacts, values: list[str]) -> str | None:
    """An AIGC label says AI (any of 1/2/3) while the IPTC source type or C2PA
    says camera capture and nothing there says AI."""
    if not any(value in LABELS for value in values):
        return None
    typed = [s for s in media.signals
             if s.source.startswith("xmp:Iptc4xmpExt:DigitalSource") or s.source.startswith("c2pa:actions")]
    if any(s.kind in AI_KINDS for s in typed):
        return None
    capture = next((s for s in typed if s.kind == "capture"), None)
    if capture is None:
        return None
    return f"AIGC Label {values[0]} says AI-generated but {capture.source} says {capture.value}"


def _looks_wrapped(text: str) -> bool:
    head = text.lstrip()[:64]
    return head.startswith("{") and '"AIGC"' in head



def _first(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value
