"""Turn the raw metadata groups into signals: what kind of image the file says it is.

Each signal names the exact field it came from (``xmp:Iptc4xmpExt:DigitalSourceType``,
``png:parameters``, ``c2pa:actions[0].digitalSourceType``) and carries the value
that triggered it, shortened for display. Signals are evidence, not verdicts: a
file may say both "capture" (camera Make) and "ai-edited" (Generative Fill), and
the rules decide what that means.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from ..model import Signal
from .built_facts import signal as _built_signal
from .aigc_label import json_object, parse_aigc_label
from .generators import catalogue, generator_named_in, generator_text_keywords
from .source_types import classify_source_type
from .field_text import texts_of

MAX_SIGNAL_VALUE = 300
MAX_JSON_SCAN = 256 * 1024

XMP_SOURCE_TYPE_FIELDS = ("Iptc4xmpExt:DigitalSourceType", "Iptc4xmpExt:DigitalSourcefileType")
XMP_TOOL_FIELDS = ("xmp:CreatorTool", "tiff:Software", "xmpMM:History/stEvt:softwareAgent", "photoshop:Source")
XMP_AI_SYSTEM_FIELDS = ("Iptc4xmpExt:AISystemUsed", "Iptc4xmpExt:AIPromptInformation")
XMP_AIGC_FIELD = "TC260:AIGC"
# Draw Things (and some exporters) keep generation settings in XMP's copy of the
# EXIF user comment.
XMP_FREE_TEXT_FIELDS = ("exif:UserComment",)
EXIF_TOOL_FIELDS = ("Software", "ProcessingSoftware", "HostComputer")
EXIF_CAMERA_FIELDS = ("Make", "Model")
EXIF_FREE_TEXT_FIELDS = ("UserComment", "ImageDescription")
IPTC_TOOL_FIELDS = ("OriginatingProgram",)
PNG_TOOL_FIELDS = ("Software", "Source")

# Automatic1111-style generation parameters, as found in PNG `parameters` and in
# JPEG EXIF UserComment: "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: …".
_GENERATION_PARAMETERS = re.compile(
    r"\b(Steps|Sampler|CFG scale|Seed|Model hash|Negative prompt)\s*:", re.IGNORECASE
)
# Keys of a generation-settings JSON object that only image generation writes
# (NovelAI `Comment`, Fooocus `parameters`, Draw Things' user comment), compared
# lower-cased with spaces as underscores.
_GENERATION_JSON_KEYS = frozenset({
    "steps", "sampler", "seed", "scale", "cfg_scale", "guidance_scale", "uc", "noise_schedule",
    "negative_prompt", "base_model", "scheduler", "sampler_name",
})


def derive_signals(
    *,
    exif: dict[str, Any],
    iptc: dict[str, Any],
    xmp: dict[str, Any],
    png_text: dict[str, Any],
    c2pa: dict[str, Any],
) -> tuple[Signal, ...]:
    found: list[Signal] = []
    # An empty group says nothing (most files carry two or three of the five).
    if xmp:
        found += _from_xmp(xmp)
    if png_text:
        found += _from_text_chunks(png_text)
    if exif:
        found += _from_exif(exif)
    if iptc:
        found += _from_iptc(iptc)
    if c2pa:
        found += _from_c2pa(c2pa)
    if len(found) < 2:
        return tuple(found)
    unique: dict[tuple[str, str, str], Signal] = {}
    for signal in found:
        unique.setdefault((signal.kind, signal.source, signal.value), signal)
    return tuple(unique.values())


def _signal(kind: str, source: str, value: str) -> Signal:
    value = value.strip()
    if len(value) > MAX_SIGNAL_VALUE:
        value = value[: MAX_SIGNAL_VALUE - 1] + "…"
    return _built_signal(kind, source, value)  # kind from this module's fixed set



def _from_source_type(source: str, value: str) -> Signal:
    # A value that is not an IPTC term is still a claim worth showing: "unknown".
    return _signal(classify_source_type(value) or "unknown", source, value)


def _from_tool_name(source: str, value: str) -> list[Signal]:
    # One catalogue lookup answers both edit_tool_named_in and generator_named_in.
    tool = catalogue().tool_named_in(value)
    return [_signal(tool.kind, source, value)] if tool is not None else []


def _from_xmp(xmp: dict[str, Any]) -> list[Signal]:
    out: list[Signal] = []
    # Most fields are absent from most files: only present ones are looked at.
    for name in XMP_SOURCE_TYPE_FIELDS:
        for value in texts_of(xmp[name]) if name in xmp else ():
            out.append(_from_source_type(f"xmp:{name}", value))
    for name in XMP_TOOL_FIELDS:
        for value in texts_of(xmp[name]) if name in xmp else ():
            out += _from_tool_name(f"xmp:{name}", value)
    # The IPTC 2025.1 AI fields say an AI system was used; whether it generated or
    # edited the image is the source type's to say, so an AI-edited DST wins.
    ai_kind = None  # worked out only for a file that has one of these fields
    for name in XMP_AI_SYSTEM_FIELDS:
        for value in texts_of(xmp[name]) if name in xmp else ():
            ai_kind = ai_kind or _ai_system_kind(out)
            out.append(_signal(ai_kind, f"xmp:{name}", value))
    for value in texts_of(xmp[XMP_AIGC_FIELD]) if XMP_AIGC_FIELD in xmp else ():
        if parse_aigc_label(value) is not None:
            out.append(_signal("ai-generated", f"xmp:{XMP_AIGC_FIELD}", value))
    for name in XMP_FREE_TEXT_FIELDS:
        for value in texts_of(xmp[name]) if name in xmp else ():
            if _is_generation_text(value):
                out.append(_signal("ai-generated", f"xmp:{name}", value))
    return out


def _ai_system_kind(found: list[Signal]) -> str:
    """The kind an IPTC AI-system field signals, given the XMP signals found before it."""
    source_kinds = {s.kind for s in found if s.source.startswith("xmp:Iptc4xmpExt:DigitalSource")}
    return "ai-edited" if "ai-edited" in source_kinds and "ai-generated" not in source_kinds else "ai-generated"


def _from_text_chunks(text: dict[str, Any]) -> list[Signal]:
    out: list[Signal] = []
    for keyword, raw in text.items():
        values = texts_of(raw)
        if not values:
            continue
        value = values[0]
        source = f"png:{keyword}"
        if keyword == "parameters":
            if _is_generation_text(value):
                out.append(_signal("ai-generated", source, value))
        elif keyword in generator_text_keywords():
            out.append(_signal("ai-generated", source, value))
        elif keyword == "Comment" and _is_generation_json(value):
            out.append(_signal("ai-generated", source, value))
        elif keyword in PNG_TOOL_FIELDS:
            out += _from_tool_name(source, value)
        if parse_aigc_label(value) is not None:
            out.append(_signal("ai-generated", source, value))
    return out


def _from_exif(exif: dict[str, Any]) -> list[Signal]:
    out: list[Signal] = []
    for name in EXIF_TOOL_FIELDS:
        for value in texts_of(exif[name]) if name in exif else ():
            out += _from_tool_name(f"exif:{name}", value)
    camera = [(name, value) for name in EXIF_CAMERA_FIELDS if name in exif for value in texts_of(exif[name])]
    generator_camera = [(n, v) for n, v in camera if generator_named_in(v)]
    for name, value in generator_camera:
        out.append(_signal("ai-generated", f"exif:{name}", value))
    if camera and not generator_camera:
        name, value = camera[0]  # Make when present, else Model
        out.append(_signal("capture", f"exif:{name}", value))
    for name in EXIF_FREE_TEXT_FIELDS:
        for value in texts_of(exif[name]) if name in exif else ():
            if _is_generation_text(value) or parse_aigc_label(value) is not None:
                out.append(_signal("ai-generated", f"exif:{name}", value))
    return out


def _from_iptc(iptc: dict[str, Any]) -> list[Signal]:
    out: list[Signal] = []
    for name in IPTC_TOOL_FIELDS:
        for value in texts_of(iptc.get(name)):
            out += _from_tool_name(f"iptc:{name}", value)
    return out


def _from_c2pa(c2pa: dict[str, Any]) -> list[Signal]:
    out: list[Signal] = []
    if not isinstance(c2pa, dict):
        return out
    actions = c2pa.get("actions")
    for index, action in enumerate(actions if isinstance(actions, list) else []):
        if not isinstance(action, dict):
            continue
        source_type = action.get("digitalSourceType")
        if isinstance(source_type, str) and source_type.strip():
            out.append(_from_source_type(f"c2pa:actions[{index}].digitalSourceType", source_type))
        for agent in _agent_names(action.get("softwareAgent")):
            out += _from_tool_name(f"c2pa:actions[{index}].softwareAgent", agent)
    for generator in _agent_names(c2pa.get("claim_generator")):
        out += _from_tool_name("c2pa:claim_generator", generator)
    return out


def _agent_names(agent: Any) -> Iterable[str]:
    # softwareAgent is a string in C2PA 1.x and {"name": …, "version": …} in 2.x.
    if isinstance(agent, str):
        return [agent]
    if isinstance(agent, dict) and isinstance(agent.get("name"), str):
        version = agent.get("version")
        return [f"{agent['name']} {version}" if isinstance(version, str) else agent["name"]]
    return []


def _is_generation_text(value: str) -> bool:
    """AUTOMATIC1111-style settings text, or a generation-settings JSON object."""
    return bool(_GENERATION_PARAMETERS.search(value[:MAX_JSON_SCAN])) or _is_generation_json(value)


def _is_generation_json(value: str) -> bool:
    parsed = json_object(value, MAX_JSON_SCAN)
    if parsed is None:
        return False
    keys = {str(key).strip().lower().replace(" ", "_") for key in parsed}
    return len(_GENERATION_JSON_KEYS & keys) >= 2


