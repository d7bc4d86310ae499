"""A label burned into an image cannot be read from its header; a CMS that adds one
can declare it. This reads that declaration and checks its geometry against the
image size from the header: GB 45438-2025 5.2 (edge or corner, text height at
least 5 % of the shortest side) and India's 2025 draft / ECI advisory (10 % of
the display area).

Declared in front matter or CMS JSON, for every image of the article or per image:

    ai_overlay: {position: bottom-right, text: "AI生成", text_height: 40}
    ai_overlays:
      storm.jpg: {position: top-right, text: "AI", box: {x: 560, y: 0, width: 80, height: 40}}

Keys: `position` (top-left, top, top-right, left, right, bottom-left, bottom,
bottom-right, center), `text`, `text_height` (pixels), `box` ({x, y, width,
height} in pixels), `area` (share of the image: 0.12 or "12%"), and
`image_width`/`image_height` when the published rendition differs from the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Article, Figure

OVERLAY_FIELDS = ("ai_overlay", "ai_label_overlay", "overlay")
PER_IMAGE_FIELDS = ("ai_overlays",)
EDGE_WORDS = ("top", "bottom", "left", "right", "corner", "edge")
CENTRE_WORDS = ("center", "centre", "middle")
MIN_TEXT_HEIGHT = 0.05  # of the shortest side (GB 45438-2025 5.2)
MIN_AREA = 0.10  # of the image area (India draft of 22 Oct 2025; ECI advisory of 24 Oct 2025)
EDGE_TOLERANCE = 0.02  # a box this close to a border touches it


def declared_overlay(article: Article, figure: Figure) -> Mapping[str, Any] | None:
    fields = article.fields
    for name in PER_IMAGE_FIELDS:
        per_image = fields.get(name)
        if isinstance(per_image, Mapping):
            for key in (figure.src, figure.path, str(figure.index)):
                if key and isinstance(per_image.get(key), Mapping):
                    return per_image[key]
            if figure.src:
                for key, value in per_image.items():
                    if isinstance(value, Mapping) and str(key).endswith(figure.src.rsplit("/", 1)[-1]):
                        return value
        if isinstance(per_image, list):
            for item in per_image:
                if isinstance(item, Mapping) and item.get("src") in (figure.src, figure.path):
                    return item
    for name in OVERLAY_FIELDS:
        value = fields.get(name)
        if isinstance(value, Mapping):
            return value
    return None


def overlay_facts(overlay: Mapping[str, Any] | None, width: int | None, height: int | None) -> dict[str, Any]:
    if overlay is None:
        return {"declared": False, "problems": []}
    width = _number(overlay.get("image_width")) or width
    height = _number(overlay.get("image_height")) or height
    box = overlay.get("box") if isinstance(overlay.get("box"), Mapping) else {}
    position = str(overlay.get("position") or "").strip().lower().replace("_", "-")
    at_edge = _at_edge(position, box, width, height)
    shortest = min(width, height) if width and height else None
    text_height = _number(overlay.get("text_height"))
    text_ratio = round(text_height / shortest, 4) if text_height and shortest else None
    area = _area(overlay, box, width, height)
    problems: list[str] = []
    if at_edge is False:
        problems.append(f"the label is not at an edge or corner (position: {position or 'box inside the image'})")
    if text_ratio is not None and text_ratio < MIN_TEXT_HEIGHT:
        problems.append(f"label text is {text_height:g} px high, {text_ratio:.1%} of the shortest side {shortest} px (at least 5 % required)")
    return {
        "declared": True,
        "text": str(overlay.get("text") or "") or None,
        "position": position or None,
        "at_edge": at_edge,
        "text_height": text_height,
        "text_height_ratio": text_ratio,
        "text_height_ok": None if text_ratio is None else text_ratio >= MIN_TEXT_HEIGHT,
        "area_ratio": area,
        "area_ok": None if area is None else area >= MIN_AREA,
        "area_percent": None if area is None else round(area * 100, 1),
        "geometry_ok": not problems,
        "problems": problems,
        "problem": "; ".join(problems) or None,
    }


def _at_edge(position: str, box: Mapping[str, Any], width: int | None, height: int | None) -> bool | None:
    if position:
        if any(word in position for word in CENTRE_WORDS) and not any(w in position for w in ("top", "bottom", "left", "right")):
            return False
        if any(word in position for word in EDGE_WORDS):
            return True
    x, y, w, h = (_number(box.get(k)) for k in ("x", "y", "width", "height"))
    if None in (x, y, w, h) or not width or not height:
        return None
    return (x <= EDGE_TOLERANCE * width or y <= EDGE_TOLERANCE * height
            or x + w >= (1 - EDGE_TOLERANCE) * width or y + h >= (1 - EDGE_TOLERANCE) * height)


def _area(overlay: Mapping[str, Any], box: Mapping[str, Any], width: int | None, height: int | None) -> float | None:
    declared = overlay.get("area")
    if isinstance(declared, str) and declared.strip().endswith("%"):
        value = _number(declared.strip()[:-1])
        return None if value is None else round(value / 100, 4)
    value = _number(declared)
    if value is not None:
        return round(value / 100 if value > 1 else value, 4)
    w, h = _number(box.get("width")), _number(box.get("height"))
    if w and h and width and height:
        return round((w * h) / (width * height), 4)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().removesuffix("px"))
        except ValueError:
            return None
    return None
