"""The picture an <img> shows a reader, out of everything its markup names:
`src`, `srcset`, the <source> elements of its <picture>, and the attributes
lazy-loading scripts read the real image from (`data-src`, `data-srcset`,
`data-lazy-src`, `data-original`, …) while `src` holds a placeholder.

A lazy attribute wins over `src` (the script puts it there once the image
scrolls into view); else a real `src`; else the largest srcset candidate (the
full-size asset, the one most likely to keep its metadata). Every other URL of
the same picture is kept as an alternate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from auditor.articles.decoration import is_placeholder_src
from auditor.articles.html_select import select

# In the order lazy-loading libraries and CMSs are met on real pages
# (lazysizes, jQuery lazyload, WordPress, Yahoo, Ghost, Jetpack).
LAZY_SRC_ATTRIBUTES = (
    "data-src", "data-lazy-src", "data-original", "data-lazy", "data-hi-res-src", "data-full-src",
    "data-source-standard", "data-delayed-url", "data-echo", "data-img-src", "data-original-src",
    "data-large-file", "data-orig-file", "data-normal", "data-url",
)
SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")
_LAZY_NAMES = frozenset(LAZY_SRC_ATTRIBUTES)
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|tiff?|heic|heif|jxl|bmp|svg)(?:[?#&]|$)|/images?/", re.IGNORECASE)
_SRCSET_SPLIT = re.compile(r",\s+|,(?=\S+\s+\d)")
_DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([wx])$", re.IGNORECASE)
# Siblings (text nodes included) looked at for the sizes of an <img> without a source.
_MAX_SIBLING_SOURCES = 24
# A data-* value longer than this is not a URL (JSON blobs, inline data).
_MAX_URL_CHARS = 4096


@dataclass
class ImageSource:
    src: str | None
    alternates: list[str] = field(default_factory=list)
    # False when nothing but a placeholder was found: the reader sees no picture here.
    real: bool = True


def source_of(image: LexborNode, attributes: dict[str, str | None] | None = None) -> ImageSource:
    """`attributes`: the image's, when the caller has read them already."""
    attributes = image.attributes if attributes is None else attributes
    written = (attributes.get("src") or "").strip() or None
    # Most images carry none of the lazy or srcset attributes: one C-level test
    # of the names spares a Python step per name looked for.
    names = attributes.keys()
    lazy = None if names.isdisjoint(_LAZY_NAMES) else next(
        (value.strip() for name in LAZY_SRC_ATTRIBUTES
         if (value := attributes.get(name)) and _looks_like_url(value) and not is_placeholder_src(value)),
        None,
    )
    candidates = [] if names.isdisjoint(SRCSET_ATTRIBUTES) else [
        item for name in SRCSET_ATTRIBUTES for item in srcset_candidates(attributes.get(name))
    ]
    parent = image.parent
    if parent is not None and parent.tag == "picture":
        for source in select(parent, "source"):
            source_attributes = source.attributes
            candidates.extend(srcset_candidates(source_attributes.get("srcset") or source_attributes.get("data-srcset")))
    candidates = [item for item in candidates if not is_placeholder_src(item[0])]
    placeholder = is_placeholder_src(written)
    if lazy is None and placeholder and not candidates:
        # An unknown lazy-loading script: any data-* attribute holding an image URL.
        lazy = next(
            (value.strip() for name, value in attributes.items()
             if name.startswith("data-") and value and _IMAGE_URL.search(value) and _looks_like_url(value)
             and not is_placeholder_src(value)),
            None,
        )
    if lazy is None and written is None and not candidates and parent is not None:
        # An <img> with no source at all, its sizes in sibling elements' data-src
        # (a script picks one by width): the last, widest of them.
        lazy = _sibling_source(image)
    if lazy is not None:
        chosen = lazy
    elif not placeholder:
        chosen = written
    elif candidates:
        chosen = max(candidates, key=lambda item: item[1])[0]
    else:
        return ImageSource(src=written, real=False)
    others = [written] if written else []
    others += [lazy] if lazy else []
    others += [url for url, _ in candidates]
    return ImageSource(src=chosen, alternates=list(dict.fromkeys(url for url in others if url and url != chosen)))


def _sibling_source(image: LexborNode) -> str | None:
    """The data-src of the nearest element before `image` among its siblings."""
    node = image.prev
    for _ in range(_MAX_SIBLING_SOURCES):
        if node is None:
            return None
        if node.is_element_node:
            value = node.attributes.get("data-src")
            if value and _looks_like_url(value) and not is_placeholder_src(value):
                return value.strip()
        node = node.prev
    return None


def picture_source(picture: LexborNode) -> ImageSource | None:
    """A <picture> without an <img>: its largest <source> candidate."""
    candidates = [
        item for source in select(picture, "source")
        for item in srcset_candidates(source.attributes.get("srcset") or source.attributes.get("data-srcset"))
        if not is_placeholder_src(item[0])
    ]
    if not candidates:
        return None
    chosen = max(candidates, key=lambda item: item[1])[0]
    return ImageSource(src=chosen, alternates=list(dict.fromkeys(url for url, _ in candidates if url != chosen)))


def srcset_candidates(value: str | None) -> list[tuple[str, float]]:
    """(URL, size) of each srcset candidate: the width for "800w", the density
    times 1,000 for "2x" (only compared among themselves); unstated is "1x"."""
    if not value:
        return []
    found = []
    for candidate in _SRCSET_SPLIT.split(value.strip()):
        parts = candidate.strip().split()
        if not parts:
            continue
        size = 1000.0
        if len(parts) > 1:
            descriptor = _DESCRIPTOR.match(parts[1])
            if descriptor:
                size = float(descriptor.group(1)) * (1 if descriptor.group(2).lower() == "w" else 1000)
        found.append((parts[0], size))
    return found


def srcset_urls(value: str | None) -> list[str]:
    """The URLs of a srcset ("a.jpg 1x, b.jpg 2x" → [a.jpg, b.jpg])."""
    return [url for url, _ in srcset_candidates(value)]


def _looks_like_url(value: str) -> bool:
    text = value.strip()
    return bool(text) and len(text) <= _MAX_URL_CHARS and not text.startswith(("{", "[")) and " " not in text[:200]
