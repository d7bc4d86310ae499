"""HTML news pages: title, byline, dates, body paragraphs, figures with their
captions and credits, JSON-LD and meta tags.

The article's own content is looked for in the <article> holding the most
paragraphs, else <main>, else <body>, so teasers and site chrome stay out. The
lead image may sit outside it (html_lead.py). JSON-LD, og:image and
twitter:image images are matched to the page's images by URL; one that matches
none becomes a figure of its own (the page declares an image it does not show
inline, typically the lead image rendered by script).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.articles.attribution import dateline_prefix, is_attribution
from auditor.articles.dates import parse_datetime
from auditor.articles.declared import declare
from auditor.articles.field_values import plain_value
from auditor.articles.figure_draft import FigureDraft, finish_figures
from auditor.articles.decoration import url_decoration
from auditor.articles.html_figures import ExtractedFigures, Locator, clean_text, extract_figures, role_of
from auditor.articles.html_lead import META_IMAGE_NAMES, apply_meta_images, lead_figures
from auditor.articles.html_positions import ElementPositions
from auditor.articles.html_select import select, select_first
from auditor.articles.html_tree import parse_html_tree
from auditor.articles.image_matching import best_matches
from auditor.articles.json_ld import JsonLd, article_fields, read_json_ld
from auditor.articles.language import guess_language, normalise_language
from auditor.articles.line_index import LineIndex
from auditor.articles.trusted_blocks import parsed_article, text_block
from auditor.model import Article, TextBlock

MAX_META_TAGS = 300
MAX_DECORATIONS_LISTED = 100
MAX_BYLINE_CHARS = 200
MAX_STANDFIRST_CHARS = 800
# A section front lists dozens of teaser <article>s before the story's own.
_ARTICLE_CANDIDATES = 200
_BYLINE_SELECTOR = "[class*=byline i], [class*=author i], [rel=author], [itemprop=author]"
_STANDFIRST_SELECTOR = "[class*=standfirst i], [class~=dek], [class*=subhead i], [itemprop=description]"
# A value each selector's match must hold: without one in the page, no query.
_BYLINE_WORDS = ("byline", "author")
_STANDFIRST_WORDS = ("standfirst", "dek", "subhead", "description")
_SYNDICATION_META = ("syndication-source", "original-source", "dc.source")


@dataclass
class BodyParts:
    """Visible text of a page (or fragment) as ordered blocks, and its figures."""

    blocks: list[tuple[int, TextBlock]] = field(default_factory=list)
    figures: ExtractedFigures = field(default_factory=ExtractedFigures)


def parse_html_article(path: Path, text: str) -> Article:
    tree, text = parse_html_tree(text)
    positions = ElementPositions(tree, text)
    index = LineIndex(text)
    scope = article_scope(tree, positions)
    meta, og_images, canonical = _read_meta(tree, positions)
    # Most pages hold no JSON-LD: no query for it then.
    scripts = select(tree, 'script[type*="ld+json" i]') if positions.may_hold_value("ld+json") else []
    json_ld = read_json_ld([script.text() for script in scripts])
    base = canonical or meta.get("og:url")
    meta_images = og_images + [meta[name] for name in META_IMAGE_NAMES[3:] if meta.get(name)]
    lead_urls = meta_images + [url for image in json_ld.images for url in image.urls]
    parts = body_parts(scope, positions, index, base=base, lead_urls=lead_urls)
    shown = len(parts.figures.blocks)
    lead_figures(tree, scope, positions, index, parts.figures, base, lead_urls)
    parts.blocks.extend(parts.figures.blocks[shown:])  # the lead image's caption and credit
    apply_json_ld_images(json_ld, parts.figures, index, [positions.offset_of(script) for script in scripts], base)
    apply_meta_images(meta_images, meta.get("og:image:alt"), parts.figures, positions, index, base)
    fields = _page_fields(json_ld, meta, og_images, canonical)

    title_block = _title_block(tree, scope, positions, index)
    byline_block = (
        _first_role_block(tree, scope, "byline", _BYLINE_SELECTOR, MAX_BYLINE_CHARS, positions, index, parts)
        if positions.may_hold_value(*_BYLINE_WORDS) else None
    )
    standfirst_block = (
        _first_role_block(tree, scope, "standfirst", _STANDFIRST_SELECTOR, MAX_STANDFIRST_CHARS, positions, index, parts)
        if positions.may_hold_value(*_STANDFIRST_WORDS) else None
    )
    parts.blocks.extend(block for block in (title_block, byline_block, standfirst_block) if block is not None)
    blocks = ordered_blocks(parts)

    authors = fields.get("author")
    html_node = tree.root  # the parser always builds the one <html> element
    language = (
        normalise_language(html_node.attributes.get("lang") if html_node is not None else None)
        or normalise_language(fields.get("in_language"))
        or normalise_language(meta.get("og:locale"))
        or normalise_language(meta.get("content-language"))
        or guess_language(" ".join(block.text for block in blocks if block.kind in ("title", "body")))
    )
    drafts = sorted(parts.figures.drafts, key=lambda draft: draft.order)
    alternates = {str(number): draft.alternates for number, draft in enumerate(drafts) if draft.alternates}
    if alternates:
        fields["image_alternates"] = plain_value(alternates)
    if parts.figures.decorations:
        # Why each image left out is not a figure, for `inspect`-style output.
        fields["decorative_images"] = [
            {"src": src, "reason": reason} for src, reason in parts.figures.decorations[:MAX_DECORATIONS_LISTED]
        ]
    # Every value is already of its field's type (str from the tree, JSON-LD and
    # meta tags, datetimes from parse_datetime, blocks and figures as models), so
    # the article is built as validation would build it, without validating
    # (tests/test_html_article_built.py compares the two).
    return parsed_article({
        "path": str(path),
        "format": "html",
        "title": fields.get("headline") or meta.get("og:title") or (title_block[1].text if title_block else None),
        "byline": (", ".join(authors) if authors
                   else meta.get("author") or (byline_block[1].text if byline_block else None)),
        "published": (
            _first_date(fields.get("date_published"), meta.get("article:published_time"),
                        meta.get("datepublished"), meta.get("pubdate"), meta.get("publish-date"))
            or _first_date(_itemprop_date(tree, positions, "datePublished"))
            or _first_date(_first_time(scope, positions))
        ),
        "updated": (
            _first_date(fields.get("date_modified"), meta.get("article:modified_time"),
                        meta.get("og:updated_time"), meta.get("datemodified"))
            or _first_date(_itemprop_date(tree, positions, "dateModified"))
        ),
        "language": language,
        "blocks": blocks,
        "figures": finish_figures(drafts, path),
        "fields": fields,
    })


def _page_fields(json_ld: JsonLd, meta: dict[str, str], og_images: list[str], canonical: str | None) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if json_ld.article is not None:
        fields["json_ld"] = plain_value(json_ld.article)
        fields.update(plain_value(article_fields(json_ld.article)))
    if json_ld.errors:
        fields["json_ld_errors"] = json_ld.errors
    if meta:
        fields["meta"] = meta
    if og_images:
        fields["og_image"] = og_images
    if canonical:
        fields["canonical"] = canonical
    for name in _SYNDICATION_META:
        if meta.get(name) and "source" not in fields:
            fields["source"], fields["syndicated"] = meta[name], True
    return fields


def article_scope(tree: LexborHTMLParser, positions: ElementPositions) -> LexborNode:
    """The element holding the story: the <article> with most paragraphs, else
    <main>, else <body> (or the whole document for a fragment without one)."""
    candidates = select(tree, "article")[:_ARTICLE_CANDIDATES] if positions.has_tag("article") else []
    best = None
    if candidates:
        paragraphs, best = max(
            ((len(positions.elements_in(node, "p")), node) for node in candidates), key=lambda item: item[0]
        )
        if paragraphs:
            return best
    for selector, present in (("main", positions.has_tag("main")), ("[role=main]", positions.mentions("role"))):
        node = select_first(tree, selector) if present else None
        if node is not None and select_first(node, "p, img") is not None:
            return node
    # An <article> of pictures alone is the story only when nothing else could be.
    if best is not None and select_first(best, "img") is not None and len(candidates) == 1:
        return best
    return tree.body or tree.root


def body_parts(
    scope: LexborNode, positions: ElementPositions, locator: Locator, *, base: str | None = None,
    lead_urls: list[str] | None = None,
) -> BodyParts:
    """Figures, captions, credits, headings and paragraphs inside `scope`."""
    parts = BodyParts(figures=extract_figures(scope, positions, locator, base=base, lead_urls=lead_urls))
    parts.blocks.extend(parts.figures.blocks)
    claimed = parts.figures.claimed
    for node in positions.elements_in(scope, "p", "h2", "h3"):
        if node.mem_id in claimed or role_of(node) is not None:
            continue
        text = clean_text(node)
        if not text:
            continue
        offset = positions.offset_of(node)
        order = offset if offset is not None else (parts.blocks[-1][0] if parts.blocks else 0)
        span = locator.span(offset) if offset is not None else None
        if node.tag != "p":
            parts.blocks.append((order, text_block("heading", text, span)))
        elif is_attribution(text):
            parts.blocks.append((order, text_block("attribution", text, span)))
        else:
            prefix = dateline_prefix(text)
            if prefix is not None:
                parts.blocks.append((order, text_block("attribution", prefix, span)))
            parts.blocks.append((order, text_block("body", text, span)))
    return parts


def ordered_blocks(parts: BodyParts) -> tuple[TextBlock, ...]:
    return tuple(block for _, block in sorted(parts.blocks, key=lambda item: item[0]))


def apply_json_ld_images(
    json_ld: JsonLd, found: ExtractedFigures, locator: Locator, script_offsets: list[int | None], base: str | None = None
) -> None:
    """Give matched figures the image's declared source type, caption and
    credit; add a figure for each declared image the page does not show."""
    for image in json_ld.images:
        offset = script_offsets[image.script] if image.script < len(script_offsets) else None
        span = locator.span(offset) if offset is not None else None
        known = found.known(image.urls, base)
        targets = [known] if known is not None else best_matches(image.urls, found.drafts)
        if not targets:
            reason = url_decoration(image.urls[0])
            if reason is not None and not image.digital_source_type:
                found.decorations.append((image.urls[0], reason))
                continue
            target = FigureDraft(src=image.urls[0], span=span, alternates=image.urls[1:], order=offset or 0)
            found.add(target, base)
            targets = [target]
        for target in targets:
            target.also_shown_as(*image.urls)
            declare(
                target,
                source_type=image.digital_source_type,
                source_type_by=f"json-ld:{image.where}.digitalSourceType",
            )
            # What readers see outranks what only the metadata says.
            if target.caption is None and image.caption:
                target.caption = TextBlock(kind="caption", text=image.caption, span=span)
            if target.credit is None and image.credit:
                target.credit = TextBlock(kind="credit", text=image.credit, span=span)


def _read_meta(tree: LexborHTMLParser, positions: ElementPositions) -> tuple[dict[str, str], list[str], str | None]:
    meta: dict[str, str] = {}
    og_images: list[str] = []
    for node in select(tree, "meta")[:MAX_META_TAGS]:
        attributes = node.attributes
        name = attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or attributes.get("http-equiv")
        # Some CMSs write value= where the standard says content=.
        content = attributes.get("content") if "content" in attributes else attributes.get("value")
        if not name or content is None:
            continue
        name = name.strip().lower()
        if name in ("og:image", "og:image:url", "og:image:secure_url") and content.strip():
            og_images.append(content.strip())
        meta.setdefault(name, content.strip())
    canonical_node = select_first(tree, "link[rel=canonical]") if positions.has_tag("link") else None
    canonical = canonical_node.attributes.get("href") if canonical_node is not None else None
    return meta, list(dict.fromkeys(og_images)), canonical


def _title_block(
    tree: LexborHTMLParser, scope: LexborNode, positions: ElementPositions, locator: Locator
) -> tuple[int, TextBlock] | None:
    has_h1 = positions.has_tag("h1")
    in_scope = positions.elements_in(scope, "h1") if has_h1 else []
    # Each candidate is looked up only when the one before it gave no text.
    for find in (
        lambda: in_scope[0] if in_scope else None,
        lambda: select_first(tree, "h1") if has_h1 else None,
        lambda: select_first(tree, "title"),
    ):
        node = find()
        if node is None:
            continue
        text = clean_text(node)
        if text:
            offset = positions.offset_of(node)
            return (offset or 0), text_block("title", text, locator.span(offset) if offset is not None else None)
    return None


def _first_role_block(
    tree: LexborHTMLParser,
    scope: LexborNode,
    kind: str,
    selector: str,
    max_chars: int,
    positions: ElementPositions,
    locator: Locator,
    parts: BodyParts,
) -> tuple[int, TextBlock] | None:
    claimed = parts.figures.claimed
    # A byline may sit in a header above the <article>; a standfirst outside it
    # is more likely a teaser's.
    for node in _scope_then_page(scope, tree, selector, whole_page=kind == "byline"):
        if node.mem_id in claimed or node.tag in ("meta", "link", "script", "img"):
            continue
        text = clean_text(node)
        if not text or len(text) > max_chars:
            continue
        claimed.add(node.mem_id)
        offset = positions.offset_of(node)
        if offset is None:
            offset = positions.find_text(text, 0)
        order = offset if offset is not None else 0
        # A paragraph already taken as body text is relabelled rather than doubled.
        parts.blocks[:] = [(o, b) for o, b in parts.blocks if not (b.kind == "body" and b.text == text)]
        return order, text_block(kind, text, locator.span(offset) if offset is not None else None)  # type: ignore[arg-type]
    return None


def _scope_then_page(scope: LexborNode, tree: LexborHTMLParser, selector: str, whole_page: bool):
    """Matches inside the story first; the rest of the page only if asked and needed."""
    yield from select(scope, selector)[:50]
    if whole_page:
        yield from select(tree, selector)[:50]


def _itemprop_date(tree: LexborHTMLParser, positions: ElementPositions, name: str) -> str | None:
    if not positions.mentions("itemprop"):
        return None
    node = select_first(tree, f"[itemprop={name}]")
    if node is None:
        return None
    return node.attributes.get("datetime") or node.attributes.get("content") or clean_text(node) or None


def _first_time(scope: LexborNode, positions: ElementPositions) -> str | None:
    if not positions.has_tag("time"):
        return None
    node = select_first(scope, "time[datetime]")
    return node.attributes.get("datetime") if node is not None else None


def _first_date(*values: Any) -> datetime | None:
    """The first value that reads as a date (the callers look up the values
    that cost a query only when the cheap ones gave none)."""
    for value in values:
        if isinstance(value, str) and value.strip():
            parsed = parse_datetime(value)
            if parsed is not None:
                return parsed
    return None
