"""What a file's provenance signals add up to, for the provenance rules (PRV2xx).

Signals come from several independent *families* of metadata, each written by a
different party at a different time: the C2PA manifest (``c2pa``), XMP
(``xmp``: IPTC digital source type, CreatorTool, the IPTC AI fields), generator
text and tool strings (``generator``: PNG text chunks, EXIF Software and
UserComment, IPTC OriginatingProgram), China's implicit label (``aigc``), the
camera's own EXIF Make/Model (``camera``), and an invisible watermark found in the
pixels (``watermark``, opt-in).

A family's *verdict* is "ai" when any of its signals says AI, else "capture" when
it declares a capture through a digital source type (XMP or the active C2PA
manifest), else nothing. Camera Make/Model never declares capture on its own: a
generative edit of a real photo keeps its camera fields, and that is no conflict.
Families that reach opposite verdicts are a *conflict* (C2PA says digitalCapture,
XMP says trainedAlgorithmicMedia). Inside one family, capture then AI is a
history (a C2PA manifest that records a capture and a later generative edit),
not a contradiction.

Actions of a C2PA ingredient describe the parent image, not this one, and are
left out.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import MediaFacts, Signal
from .source_types import AI_KINDS

SOURCE_TYPE_FIELDS = ("xmp:Iptc4xmpExt:DigitalSourceType", "xmp:Iptc4xmpExt:DigitalSourcefileType")
_C2PA_ACTION = re.compile(r"^c2pa:actions\[(\d+)\]\.(\w+)$")
FAMILY_ORDER = ("c2pa", "xmp", "generator", "aigc", "camera", "watermark")


def provenance_of(media: MediaFacts) -> dict[str, Any]:
    """Derived provenance facts of one file (see the module docstring)."""
    aigc_sources = {label.get("source") for label in media.aigc} if media.aigc else frozenset()
    c2pa = media.c2pa
    status = c2pa_status(c2pa)
    families: dict[str, list[Signal]] = {}
    # A family's verdict: "ai" when any of its signals says AI, else "capture" when one
    # declares a capture through a source type; worked out in the same pass.
    verdicts: dict[str, str] = {}
    ai_source_type = False
    generator_signals: list[dict[str, Any]] = []
    for signal in media.signals:
        if signal.source.startswith("c2pa:actions[") and _from_ingredient(signal, c2pa):
            continue
        family = family_of(signal, aigc_sources)
        families.setdefault(family, []).append(signal)
        if signal.kind in AI_KINDS:
            verdicts[family] = "ai"
            if _declares_source_type(signal):
                ai_source_type = True
            else:
                generator_signals.append(signal.model_dump())
        elif signal.kind == "capture" and family not in verdicts and _declares_source_type(signal):
            verdicts[family] = "capture"
    if not families:  # most files: no signal, nothing to weigh (the same facts as the general case)
        return _no_signals(status, c2pa)

    ai_families = [f for f in FAMILY_ORDER if verdicts.get(f) == "ai"] if verdicts else []
    capture_families = [f for f in FAMILY_ORDER if verdicts.get(f) == "capture"] if verdicts else []
    conflict = bool(ai_families and capture_families)
    conflicting = [
        s.model_dump() for f in capture_families + ai_families for s in families[f]
        if (s.kind == "capture" and _declares_source_type(s)) or s.kind in AI_KINDS
    ] if conflict else []
    return {
        "families": {f: sorted({s.kind for s in families[f]}) for f in FAMILY_ORDER if f in families},
        "ai_families": ai_families,
        "capture_families": capture_families,
        "conflict": conflict,
        "conflicting_signals": conflicting,
        "conflict_summary": "; ".join(
            f"{f} says {'AI' if verdicts[f] == 'ai' else 'capture'} ({', '.join(sorted({s.kind for s in families[f]}))})"
            for f in capture_families + ai_families) if conflict else None,
        "ai_source_type": ai_source_type,
        "generator_signals": generator_signals,
        "generator_without_source_type": bool(generator_signals) and not ai_source_type and not conflict,
        "c2pa_status": status,
        "c2pa_problem": c2pa_problem(status, c2pa),
    }


def _no_signals(status: str, c2pa: dict[str, Any]) -> dict[str, Any]:
    return {
        "families": {}, "ai_families": [], "capture_families": [], "conflict": False,
        "conflicting_signals": [], "conflict_summary": None, "ai_source_type": False,
        "generator_signals": [], "generator_without_source_type": False,
        "c2pa_status": status, "c2pa_problem": c2pa_problem(status, c2pa),
    }


def family_of(signal: Signal, aigc_sources: set[str | None] = frozenset()) -> str:
    source = signal.source
    if source.startswith("c2pa:"):
        return "c2pa"
    if source == "xmp:TC260:AIGC" or source in aigc_sources:
        return "aigc"
    if source.startswith("xmp:"):
        return "xmp"
    if source.startswith("watermark:"):
        return "watermark"
    if source in ("exif:Make", "exif:Model") and signal.kind == "capture":
        return "camera"
    return "generator"


def c2pa_status(c2pa: dict[str, Any]) -> str:
    """absent | invalid | untrusted | trusted | remote | unchecked.

    ``invalid`` covers a failed hash or signature and a store that could not be
    read at all (malformed, truncated); ``unchecked`` is a file the C2PA reader
    could not examine (over its size cap, a format it does not support).
    """
    if not isinstance(c2pa, dict) or not c2pa:
        return "absent"
    present = c2pa.get("present")
    if present is None:
        return "unchecked"
    if not present:
        return "absent"
    if c2pa.get("error") or c2pa.get("validation_state") == "Invalid" or c2pa.get("integrity_failures"):
        return "invalid"
    if c2pa.get("validation_state") == "Trusted":
        return "trusted"
    if c2pa.get("validation_state") == "Valid":
        return "untrusted"
    if c2pa.get("embedded") is False and c2pa.get("remote_manifest_url"):
        return "remote"
    return "unchecked"


def c2pa_problem(status: str, c2pa: dict[str, Any]) -> str | None:
    """Why a manifest is invalid (`status` "invalid"), in one line: its failure codes, or the reader's error."""
    if status != "invalid":
        return None
    codes = [str(code) for code in c2pa.get("integrity_failures") or []]
    if codes:
        return ", ".join(codes)
    if c2pa.get("error"):
        return f"the manifest store cannot be read: {c2pa['error']}"
    return "validation state Invalid"


def _declares_source_type(signal: Signal) -> bool:
    return signal.source in SOURCE_TYPE_FIELDS or signal.source.endswith(".digitalSourceType")


def _from_ingredient(signal: Signal, c2pa: dict[str, Any]) -> bool:
    match = _C2PA_ACTION.match(signal.source)
    if not match or not isinstance(c2pa, dict):
        return False
    actions = c2pa.get("actions")
    index = int(match.group(1))
    if not isinstance(actions, list) or index >= len(actions) or not isinstance(actions[index], dict):
        return False
    return actions[index].get("ingredient") is not None
