"""Figures of an HTML page or fragment: <figure> and WordPress `.wp-caption`
containers with their images, <figcaption>, and caption/credit elements known by
their class names; images outside any container, with the caption or credit
element right after them.

A figure is a picture a reader sees, once: decoration (decoration.py) is left
out, a <noscript> fallback joins the image it stands in for, and an image shown
twice (the same asset, image_identity.py) is one figure that keeps the first
position and whatever caption and credit either place gives it.

Used for whole pages (html.py), HTML blocks inside Markdown and HTML bodies of
CMS exports. Every traversal is a CSS query or a bounded walk: nothing recurses
in Python, so nesting depth costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from selectolax.lexbor import LexborNode

from auditor.articles.decoration import decoration_of, url_decoration
from auditor.articles.figure_draft import FigureDraft
from auditor.articles.html_positions import ElementPositions
from auditor.articles.html_select import select, select_first
from auditor.limits import active_limits, note_incomplete
from auditor.articles.image_identity import asset_key
from auditor.articles.image_matching import url_key
from auditor.articles.image_sources import picture_source, source_of
from auditor.articles.trusted_blocks import text_block
from auditor.model import Span, TextBlock

CONTAINER_SELECTOR = "figure, .wp-caption"
ROLE_WORDS = ("caption", "credit", "copyright", "photographer", "courtesy", "byline", "author")
ROLE_SELECTOR = ", ".join(f"[class*={word} i]" for word in ROLE_WORDS)
# Everything read inside a container, in one query (one walk instead of four):
# its images, paragraphs, figcaptions and the elements its roles may sit in.
_CONTAINER_PARTS = "img, p, figcaption, " + ROLE_SELECTOR
# Hostile pages can hold thousands of figures; past these a page is not an article.
_SIBLINGS_TO_CHECK = 2
_WRAPPERS = frozenset({"a", "div", "span", "picture", "p"})
_WRAPPER_LEVELS = 3
_WRAPPER_CHILDREN = 8  # nodes, text and comments included
# Next to an image outside any figure, a site's own copyright line is not the picture's credit.
_SITE_NOTICE = re.compile(r"all rights reserved|powered by|terms of (?:use|service)|privacy policy", re.IGNORECASE)
_CHROME_SIBLINGS = frozenset({"footer", "nav", "aside", "header"})
_NOSCRIPT_LEVELS = 3
# Nodes of a figure container walked in Python before a query is cheaper.
_WALKED_CONTAINER_NODES = 24


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
    # The figure showing each asset (image_identity.asset_key), so a second use merges.
    by_asset: dict[str, FigureDraft] = field(default_factory=dict)
    # Images left out as decoration: (src, reason), for `inspect`-style output and tests.
    decorations: list[tuple[str | None, str]] = field(default_factory=list)

    def known(self, urls: list[str], base: str | None) -> FigureDraft | None:
        """The figure already showing one of `urls`, if any."""
        for url in urls:
            key = asset_key(url, base)
            if key is not None and key in self.by_asset:
                return self.by_asset[key]
        return None

    def add(self, draft: FigureDraft, base: str | None) -> None:
        self.drafts.append(draft)
        self.remember(draft, base)

    def remember(self, draft: FigureDraft, base: str | None) -> None:
        for url in [draft.src or "", *draft.alternates]:
            key = asset_key(url, base)
            if key is not None:
                self.by_asset.setdefault(key, draft)


def clean_text(node: LexborNode) -> str:
    return squeeze_spaces(node.text(deep=True))


def squeeze_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at the ends: what a regex sub of
    whitespace runs and a strip() give (both use Python's own whitespace test),
    at a fraction of the cost, which counts for every text block of every page."""
    # Most text is already squeezed: str.isprintable() is False for every
    # whitespace character but " " (the others are control characters or
    # separators), so a printable text with no "  " and no space at either end
    # is what split and join would rebuild, at a tenth of their cost.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def role_of(node: LexborNode) -> str | None:
    """"caption", "credit" or "byline" from an element's class names."""
    value = node.attributes.get("class")
    if not value:
        return None
    lowered = value.lower()
    classes = lowered.split()
    if not classes or "wp-caption" in classes:
        return None  # .wp-caption is a figure container, not its caption
    # A word (no whitespace in it) is part of a class name exactly when it is
    # part of the whole attribute value: substring tests on the value.
    if "credit" in lowered or "copyright" in lowered or "photographer" in lowered or "courtesy" in lowered:
        return "credit"
    if "caption" in lowered:
        return "caption"
    if "byline" in lowered or "author" in lowered:
        return "byline"
    return None


def extract_figures(
    scope: LexborNode,
    positions: ElementPositions,
    locator: Locator,
    *,
    base: str | None = None,
    lead_urls: list[str] | None = None,
    lead: bool = False,
    into: ExtractedFigures | None = None,
) -> ExtractedFigures:
    """The figures in `scope`. `base` is the page's own URL (for telling two
    URLs of one asset apart); `lead_urls` the images the page names as its lead
    (og:image, JSON-LD), which are never judged decoration by name or place;
    `lead` says every image in `scope` is a lead image; `into` continues an
    earlier extraction of the same page, so images it has seen merge."""
    result = into if into is not None else ExtractedFigures()
    lead_names = {key[0] for key in map(url_key, lead_urls or []) if key is not None}
    # Queries a page cannot answer (no such tag or class word in it) are not run.
    if positions.may_hold_value("wp-caption"):
        containers = _capped(select(scope, CONTAINER_SELECTOR), "figure containers", "html_containers")
    elif positions.has_tag("figure"):
        # What CONTAINER_SELECTOR finds when no class can be wp-caption: the
        # story query has them already.
        containers = _capped(positions.elements_in(scope, "figure"), "figure containers", "html_containers")
    else:
        containers = []
    members = [_container_parts(container) for container in containers]
    owner: dict[int, int] = {}
    for number, inside in enumerate(members):
        # Document order puts inner containers after outer ones, so the
        # innermost container wins an image they share.
        for node, tag in inside:
            if tag == "img":
                owner[node.mem_id] = number
    texts = [
        _container_texts(container, inside, positions, locator, result) for container, inside in zip(containers, members)
    ]
    # The parser turns <image> into <img>.
    images = _capped(positions.elements_in(scope, "img"), "images", "html_images") if positions.has_tag("img", "image") else []
    fallbacks = _noscript_partners(images) if positions.has_tag("noscript") else {}
    kept: dict[int, FigureDraft] = {}
    dropped: dict[int, str] = {}

    last_offset = 0
    for image in images:
        # Each read of `attributes` builds the mapping anew: once per image.
        attributes = image.attributes
        source = source_of(image, attributes)
        number = owner.get(image.mem_id)
        captioned = number is not None and texts[number][0] is not None
        name = url_key(source.src) if source.src and lead_names else None
        is_lead = lead or (name is not None and name[0] in lead_names)
        if source.real or (source.src is None and (attributes.get("alt") or "").strip()):
            # An <img> with words of its own but no source yet (a script fills
            # it in) is a picture the reader sees: kept, unresolved.
            reason = decoration_of(image, source.src, captioned=captioned, lead=is_lead, attributes=attributes)
        else:
            reason = url_decoration(source.src) or "placeholder"
        partner_id = fallbacks.get(image.mem_id, -1)
        if reason is None and partner_id in dropped:
            reason = dropped[partner_id]  # the fallback of an icon is an icon
        if reason is not None:
            result.decorations.append((source.src, reason))
            if source.real:  # a placeholder's fallback is the picture it stood for
                dropped[image.mem_id] = reason
            continue
        partner = kept.get(partner_id)
        known = partner or result.known([source.src or "", *source.alternates], base)
        if known is not None:
            # A <noscript> fallback, or the same picture shown again: one figure.
            known.also_shown_as(source.src, *source.alternates)
            if known.caption is None and known.credit is None and number is not None:
                known.caption, known.credit = texts[number]
            result.remember(known, base)
            kept[image.mem_id] = known
            continue
        draft, offset = _draft_for_image(image, attributes, source.src, source.alternates, positions, locator)
        last_offset = offset if offset is not None else last_offset
        draft.order = last_offset
        if number is not None:
            draft.caption, draft.credit = texts[number]
        else:
            draft.caption, draft.credit = _texts_after(image, positions, locator, result, last_offset)
        result.add(draft, base)
        kept[image.mem_id] = draft

    _add_bare_pictures(scope, containers, texts, positions, locator, result, base)
    _add_microdata_figures(containers, set(owner.values()), texts, positions, locator, result, base, last_offset)
    return result


def _container_parts(container: LexborNode) -> list[tuple[LexborNode, str]]:
    """The elements of `container` (itself included) in document order, with
    their tag names: every one _CONTAINER_PARTS matches, and for a small
    container the others too, which are neither images, paragraphs nor
    figcaptions and have no role (role_of) for _container_texts to read.
    A small container is walked in a few Python steps, cheaper than a query
    with a dozen selectors; a big one is queried."""
    parts = []
    for count, node in enumerate(container.traverse()):
        if count == _WALKED_CONTAINER_NODES:
            return [(node, node.tag) for node in select(container, _CONTAINER_PARTS)]
        tag = node.tag
        if tag and tag[0] != "-":  # not a comment
            parts.append((node, tag))
    return parts


def _add_bare_pictures(
    scope: LexborNode, containers: list[LexborNode], texts: list, positions: ElementPositions, locator: Locator,
    result: ExtractedFigures, base: str | None,
) -> None:
    """<picture> elements without an <img>: their largest <source>."""
    if not positions.has_tag("picture"):
        return
    container_numbers = {container.mem_id: number for number, container in enumerate(containers)}
    for picture in _capped(select(scope, "picture"), "<picture> elements", "html_containers"):
        if select_first(picture, "img") is None:
            draft = _draft_for_bare_picture(picture, positions, locator)
            if draft is None or result.known([draft.src or "", *draft.alternates], base) is not None:
                continue
            reason = url_decoration(draft.src)
            if reason is not None:
                result.decorations.append((draft.src, reason))
                continue
            number = _owner_of_picture(picture, container_numbers)
            if number is not None:
                draft.caption, draft.credit = texts[number]
            result.add(draft, base)


def _add_microdata_figures(
    containers: list[LexborNode], owned: set[int], texts: list, positions: ElementPositions, locator: Locator,
    result: ExtractedFigures, base: str | None, last_offset: int,
) -> None:
    """A figure whose picture a script renders later (no <img> in the saved
    page) still names it in schema.org microdata (itemid, contentUrl, url)."""
    for number, container in enumerate(containers):
        if number in owned or select_first(container, "img, picture") is not None:
            continue
        url = _microdata_image(container)
        if url is None or result.known([url], base) is not None or url_decoration(url) is not None:
            continue
        offset = positions.offset_of(container)
        span = locator.span(offset, positions.tag_end(offset)) if offset is not None else None
        draft = FigureDraft(src=url, span=span, order=offset if offset is not None else last_offset)
        draft.caption, draft.credit = texts[number]
        result.add(draft, base)


def _microdata_image(container: LexborNode) -> str | None:
    attributes = container.attributes
    if "imageobject" in (attributes.get("itemtype") or "").lower() and (attributes.get("itemid") or "").strip():
        return (attributes.get("itemid") or "").strip()
    node = select_first(container, "[itemprop=contentUrl], [itemprop=url]")
    if node is None:
        return None
    value = node.attributes.get("content") or node.attributes.get("href") or node.attributes.get("src")
    return value.strip() if value and value.strip() else None


def _noscript_partners(images: list[LexborNode]) -> dict[int, int]:
    """For each image inside a <noscript>, the image it stands in for: the
    nearest image before it, outside any <noscript>, within the noscript's
    parent (or one or two levels up). Pages with lazy loading repeat every
    picture this way. `images` is in document order; the cost is linear."""
    partners: dict[int, int] = {}
    previous: LexborNode | None = None
    for image in images:
        noscript = _noscript_of(image)
        if noscript is None:
            previous = image
            continue
        if previous is None:
            continue
        holders = set()
        holder = noscript.parent
        for _ in range(_NOSCRIPT_LEVELS):
            if holder is None:
                break
            holders.add(holder.mem_id)
            holder = holder.parent
        ancestor = previous.parent
        for _ in range(_NOSCRIPT_LEVELS + 3):  # the partner may sit in a wrapper or two
            if ancestor is None:
                break
            if ancestor.mem_id in holders:
                partners[image.mem_id] = previous.mem_id
                break
            ancestor = ancestor.parent
    return partners


def _noscript_of(image: LexborNode) -> LexborNode | None:
    node = image.parent
    for _ in range(_NOSCRIPT_LEVELS):
        if node is None:
            return None
        if node.tag == "noscript":
            return node
        node = node.parent
    return None


def _capped(nodes: list, what: str, key: str) -> list:
    """At most `limits.<key>` nodes; past it, the audit of the page is incomplete (INP005)."""
    limit = getattr(active_limits(), key)
    if len(nodes) > limit:
        note_incomplete(what, key)
        return nodes[:limit]
    return nodes


def _container_texts(
    container: LexborNode,
    inside: list[tuple[LexborNode, str]],
    positions: ElementPositions,
    locator: Locator,
    result: ExtractedFigures,
) -> tuple[TextBlock | None, TextBlock | None]:
    """Caption and credit of a container; `inside` is what _CONTAINER_PARTS
    matches in it (the container itself included), with tag names."""
    start = positions.offset_of(container)
    if start is None:
        first_image = next((node for node, tag in inside if tag == "img"), None)
        start = positions.offset_of(first_image) if first_image is not None else None
    start = start or 0

    caption: TextBlock | None = None
    credit: TextBlock | None = None
    credit_node: LexborNode | None = None
    caption_node: LexborNode | None = None
    figcaption: LexborNode | None = None
    container_id = container.mem_id
    for node, tag in inside:
        if tag == "p":
            result.claimed.add(node.mem_id)
        elif tag == "figcaption" and figcaption is None:
            figcaption = node
        if node.mem_id == container_id:
            continue
        # None for the images, paragraphs and figcaptions that matched no role
        # selector: role_of asks for the same class words.
        role = role_of(node)
        if role in ("credit", "byline") and credit_node is None:
            credit_node = node
        elif role == "caption" and caption_node is None:
            caption_node = node
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
            caption_text = squeeze_spaces(caption_text.replace(credit.text, " "))
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
            if (parent is None or parent.tag not in _WRAPPERS or not _few_children(parent)
                    or len(select(parent, "img")) != 1 or clean_text(parent)):
                break
            anchors.append(parent)
            wrapped = parent
    for anchor in anchors:
        seen = 0
        sibling = anchor.next
        while sibling is not None and seen < _SIBLINGS_TO_CHECK:
            if sibling.is_element_node:
                seen += 1
                if sibling.tag in _CHROME_SIBLINGS:
                    break  # the page's footer or sidebar: its text is not the picture's
                role = role_of(sibling)
                text = clean_text(sibling) if role else ""
                if text and role == "caption" and caption is None:
                    caption = _located("caption", text, sibling, start, positions, locator, result)
                # A byline after an image is the story's, not the picture's.
                elif text and role == "credit" and credit is None and not _SITE_NOTICE.search(text):
                    credit = _located("credit", text, sibling, start, positions, locator, result)
            elif sibling.is_text_node and (sibling.text_content or "").strip():
                break
            sibling = sibling.next
        if caption is not None or credit is not None:
            break
    return caption, credit


def _few_children(node: LexborNode) -> bool:
    """At most _WRAPPER_CHILDREN children: checked before anything that reads
    the whole element, so a <div> holding a thousand images costs nothing per image."""
    child = node.child
    for _ in range(_WRAPPER_CHILDREN + 1):
        if child is None:
            return True
        child = child.next
    return False


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
    block = text_block(kind, text, locator.span(offset))  # type: ignore[arg-type]
    result.claimed.add(node.mem_id)
    if node.mem_id not in result.emitted:
        result.emitted.add(node.mem_id)
        result.blocks.append((offset, block))
    return block


def _draft_for_image(
    image: LexborNode, attributes: dict[str, str | None], src: str | None, alternates: list[str],
    positions: ElementPositions, locator: Locator,
) -> tuple[FigureDraft, int | None]:
    offset = positions.offset_of(image)
    span = locator.span(offset, positions.tag_end(offset)) if offset is not None else None
    draft = FigureDraft(src=src, span=span, alternates=list(alternates))
    alt = attributes.get("alt")
    if alt and alt.strip():
        draft.alt = text_block("alt", squeeze_spaces(alt), span)
    title = attributes.get("title")
    if title and title.strip():
        draft.title = text_block("title", squeeze_spaces(title), span)
    return draft, offset


def _draft_for_bare_picture(picture: LexborNode, positions: ElementPositions, locator: Locator) -> FigureDraft | None:
    source = picture_source(picture)
    if source is None:
        return None
    offset = positions.offset_of(picture)
    span = locator.span(offset, positions.tag_end(offset)) if offset is not None else None
    return FigureDraft(src=source.src, span=span, alternates=source.alternates, order=offset or 0)


def _owner_of_picture(picture: LexborNode, container_numbers: dict[int, int]) -> int | None:
    parent = picture.parent
    for _ in range(3):  # a picture sits directly in its figure, or one wrapper down
        if parent is None:
            return None
        if parent.mem_id in container_numbers:
            return container_numbers[parent.mem_id]
        parent = parent.parent
    return None

