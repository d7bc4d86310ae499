"""Figures of an HTML page or fragment: <figure> and WordPress `.wp-caption`
containers with their images, <figcaption>, and caption/credit elements known by
their class names; images outside any container, with the caption or credit
element right after them.

Used for whole pages (html.py), HTML blocks inside Markdown and HTML bodies of
CMS exports. Every traversal is a CSS query or a bounded sibling walk: nothing
recurses in Python, so nesting depth costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from selectolax.lexbor import LexborNode

from auditor.articles.figure_draft import FigureDraft
from auditor.articles.html_positions import ElementPositions
from auditor.articles.html_select import select, select_first
from auditor.limits import active_limits, note_incomplete
from auditor.model import Span, TextBlock

CONTAINER_SELECTOR = "figure, .wp-caption"
ROLE_SELECTOR = ", ".join(
    f"[class*={word} i]" for word in ("caption", "credit", "copyright", "photographer", "courtesy", "byline", "author")
)
# Hostile pages can hold thousands of figures; past these a page is not an article.
_SIBLINGS_TO_CHECK = 2
_WRAPPERS = frozenset({"a", "div", "span", "picture", "p"})
_WRAPPER_LEVELS = 3
_LAZY_SRC_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src")
_SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")
_WHITESPACE = re.compile(r"\s+")
_SRCSET_SPLIT = re.compile(r",\s+|,(?=\S+\s+\d)")


class Locator(Protocol):
    def span(self, start: int, end: int | None = None) -> Span | None: ...


@dataclass
class ExtractedFigures:
    drafts: list[FigureDraft] = field(default_factory=list)
    # Caption and credit text shown on the page, with their offsets for ordering.
    blocks: list[tuple[int, TextBlock]] = field(default_factory=list)
    # Elements that belong to figures, so the body does not count them twice.
    claimed: set[int] = field(default_factory=set)
    # Elements already turned into a caption or credit block.
    emitted: set[int] = field(default_factory=set)


def clean_text(node: LexborNode) -> str:
    return _WHITESPACE.sub(" ", node.text(deep=True)).strip()


def role_of(node: LexborNode) -> str | None:
    """"caption", "credit" or "byline" from an element's class names."""
    classes = (node.attributes.get("class") or "").lower().split()
    if not classes or "wp-caption" in classes:
        return None  # .wp-caption is a figure container, not its caption
    if any(word in name for name in classes for word in ("credit", "copyright", "photographer", "courtesy")):
        return "credit"
    if any("caption" in name for name in classes):
        return "caption"
    if any("byline" in name or "author" in name for name in classes):
        return "byline"
    return None


def extract_figures(scope: LexborNode, positions: ElementPositions, locator: Locator) -> ExtractedFigures:
    result = ExtractedFigures()
    containers = _capped(select(scope, CONTAINER_SELECTOR), "figure containers", "html_containers")
    owner: dict[int, int] = {}
    for number, container in enumerate(containers):
        # Document order puts inner containers after outer ones, so the
        # innermost container wins an image they share.
        for image in select(container, "img"):
            owner[image.mem_id] = number
    texts = [_container_texts(container, positions, locator, result) for container in containers]

    last_offset = 0
    for image in _capped(select(scope, "img"), "images", "html_images"):
        if _is_tracking_pixel(image):
            continue
        draft, offset = _draft_for_image(image, positions, locator)
        last_offset = offset if offset is not None else last_offset
        draft.order = last_offset
        number = owner.get(image.mem_id)
        if number is not None:
            draft.caption, draft.credit = texts[number]
        else:
            draft.caption, draft.credit = _texts_after(image, positions, locator, result, last_offset)
        result.drafts.append(draft)

    container_numbers = {container.mem_id: number for number, container in enumerate(containers)}
    for picture in _capped(select(scope, "picture"), "<picture> elements", "html_containers"):
        if select_first(picture, "img") is None:
            draft = _draft_for_bare_picture(picture, positions, locator)
            if draft is not None:
                number = _owner_of_picture(picture, container_numbers)
                if number is not None:
                    draft.caption, draft.credit = texts[number]
                result.drafts.append(draft)
    return result


def _capped(nodes: list, what: str, key: str) -> list:
    """At most `limits.<key>` nodes; past it, the audit of the page is incomplete (INP005)."""
    limit = getattr(active_limits(), key)
    if len(nodes) > limit:
        note_incomplete(what, key)
        return nodes[:limit]
    return nodes


def _container_texts(
    container: LexborNode, positions: ElementPositions, locator: Locator, result: ExtractedFigures
) -> tuple[TextBlock | None, TextBlock | None]:
    start = positions.offset_of(container)
    if start is None:
        first_image = select_first(container, "img")
        start = positions.offset_of(first_image) if first_image is not None else None
    start = start or 0
    for paragraph in select(container, "p"):
        result.claimed.add(paragraph.mem_id)

    caption: TextBlock | None = None
    credit: TextBlock | None = None
    credit_node: LexborNode | None = None
    caption_node: LexborNode | None = None
    for node in select(container, ROLE_SELECTOR):
        if node.mem_id == container.mem_id:
            continue
        role = role_of(node)
        if role in ("credit", "byline") and credit_node is None:
            credit_node = node
        elif role == "caption" and caption_node is None:
            caption_node = node
    figcaption = select_first(container, "figcaption")
    if figcaption is not None:
        caption_node = figcaption

    if credit_node is not None:
        credit_text = clean_text(credit_node)
        if credit_text:
            credit = _located("credit", credit_text, credit_node, start, positions, locator, result)
    if caption_node is not None:
        caption_text = clean_text(caption_node)
        if credit is not None and credit.text in caption_text:
            # A credit nested in the figcaption is its own block, not caption text.
            caption_text = _WHITESPACE.sub(" ", caption_text.replace(credit.text, " ")).strip()
        if caption_text:
            caption = _located("caption", caption_text, caption_node, start, positions, locator, result)
    if caption is None or credit is None:
        after_caption, after_credit = _texts_after(container, positions, locator, result, start)
        caption = caption or after_caption
        credit = credit or after_credit
    return caption, credit


def _texts_after(
    node: LexborNode, positions: ElementPositions, locator: Locator, result: ExtractedFigures, start: int
) -> tuple[TextBlock | None, TextBlock | None]:
    """Caption and credit elements among the next few siblings of `node`, or of
    its parent when the image sits alone in a wrapper (<div><img></div><p class=caption>)."""
    caption = credit = None
    anchors = [node]
    if node.tag == "img":
        # Climb through wrappers that hold nothing but this image.
        wrapped = node
        for _ in range(_WRAPPER_LEVELS):
            parent = wrapped.parent
            if parent is None or parent.tag not in _WRAPPERS or len(select(parent, "img")) != 1 or clean_text(parent):
                break
            anchors.append(parent)
            wrapped = parent
    for anchor in anchors:
        seen = 0
        sibling = anchor.next
        while sibling is not None and seen < _SIBLINGS_TO_CHECK:
            if sibling.is_element_node:
                seen += 1
                role = role_of(sibling)
                text = clean_text(sibling) if role else ""
                if text and role == "caption" and caption is None:
                    caption = _located("caption", text, sibling, start, positions, locator, result)
                # A byline after an image is the story's, not the picture's.
                elif text and role == "credit" and credit is None:
                    credit = _located("credit", text, sibling, start, positions, locator, result)
            elif sibling.is_text_node and (sibling.text_content or "").strip():
                break
            sibling = sibling.next
        if caption is not None or credit is not None:
            break
    return caption, credit


def _located(
    kind: str,
    text: str,
    node: LexborNode,
    fallback: int,
    positions: ElementPositions,
    locator: Locator,
    result: ExtractedFigures,
) -> TextBlock:
    offset = positions.offset_of(node)
    if offset is None:
        offset = positions.find_text(text, fallback)
    if offset is None:
        offset = fallback
    block = TextBlock(kind=kind, text=text, span=locator.span(offset))  # type: ignore[arg-type]
    result.claimed.add(node.mem_id)
    if node.mem_id not in result.emitted:
        result.emitted.add(node.mem_id)
        result.blocks.append((offset, block))
    return block


def _draft_for_image(image: LexborNode, positions: ElementPositions, locator: Locator) -> tuple[FigureDraft, int | None]:
    attributes = image.attributes
    src = (attributes.get("src") or "").strip() or None
    alternates = []
    lazy = next((attributes[name] for name in _LAZY_SRC_ATTRIBUTES if attributes.get(name)), None)
    candidates = [url for name in _SRCSET_ATTRIBUTES for url in srcset_urls(attributes.get(name))]
    parent = image.parent
    if parent is not None and parent.tag == "picture":
        for source in select(parent, "source"):
            candidates.extend(srcset_urls(source.attributes.get("srcset") or source.attributes.get("data-srcset")))
    if (src is None or src.startswith("data:")) and (lazy or candidates):
        # A data: URI next to data-src is a lazy-loading placeholder, not the picture.
        if src:
            alternates.append(src)
        src = lazy or candidates[0]
    elif lazy:
        alternates.append(lazy)
    alternates.extend(url for url in candidates if url != src)

    offset = positions.offset_of(image)
    span = locator.span(offset, positions.tag_end(offset)) if offset is not None else None
    draft = FigureDraft(src=src, span=span, alternates=alternates)
    alt = attributes.get("alt")
    if alt and alt.strip():
        draft.alt = TextBlock(kind="alt", text=_WHITESPACE.sub(" ", alt).strip(), span=span)
    title = attributes.get("title")
    if title and title.strip():
        draft.title = TextBlock(kind="title", text=_WHITESPACE.sub(" ", title).strip(), span=span)
    return draft, offset


def _draft_for_bare_picture(picture: LexborNode, positions: ElementPositions, locator: Locator) -> FigureDraft | None:
    candidates = [url for source in select(picture, "source") for url in srcset_urls(source.attributes.get("srcset"))]
    if not candidates:
        return None
    offset = positions.offset_of(picture)
    span = locator.span(offset, positions.tag_end(offset)) if offset is not None else None
    return FigureDraft(src=candidates[0], span=span, alternates=candidates[1:], order=offset or 0)


def _owner_of_picture(picture: LexborNode, container_numbers: dict[int, int]) -> int | None:
    parent = picture.parent
    for _ in range(3):  # a picture sits directly in its figure, or one wrapper down
        if parent is None:
            return None
        if parent.mem_id in container_numbers:
            return container_numbers[parent.mem_id]
        parent = parent.parent
    return None


def _is_tracking_pixel(image: LexborNode) -> bool:
    width, height = image.attributes.get("width"), image.attributes.get("height")
    return width is not None and height is not None and width.strip() in ("0", "1") and height.strip() in ("0", "1")


def srcset_urls(value: str | None) -> list[str]:
    """The URLs of a srcset ("a.jpg 1x, b.jpg 2x" → [a.jpg, b.jpg])."""
    if not value:
        return []
    urls = []
    for candidate in _SRCSET_SPLIT.split(value.strip()):
        url = candidate.strip().split(" ", 1)[0].strip()
        if url:
            urls.append(url)
    return urls
