"""Markdown articles (`.md`, `.markdown`, `.mdx`): YAML or TOML front matter
(title, dates, lead images and what they declare), then the body as markdown-it
tokens, whose `.map` line ranges give spans (shifted by the front matter's length).
Hugo figure shortcodes and MDX image components are read too (`site_markup`).

An image's caption is the emphasised line right after it: `*...*` or `_..._`
on the next line of the same paragraph, or as the next paragraph. HTML blocks
holding <figure> or <img> go through the HTML figure extraction.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_core.text_join import text_join
from markdown_it.token import Token
from auditor.articles.attribution import dateline_prefix, is_attribution
from auditor.articles.companions import read_sidecar, sidecar_figures
from auditor.articles.dates import coerce_datetime
from auditor.articles.declared import declare
from auditor.articles.figure_draft import FigureDraft, finish_figures
from auditor.articles.field_values import plain_value
from auditor.articles.front_matter import FrontMatter, FrontMatterError, split_front_matter
from auditor.articles.html import body_parts
from auditor.articles.html_positions import ElementPositions
from auditor.articles.html_tree import parse_html_tree
from auditor.articles.json_ld import names_of
from auditor.articles.language import guess_language, normalise_language
from auditor.articles.line_index import LineIndex
from auditor.articles.markdown_blocks import add_paragraph_shortcut
from auditor.articles.trusted_blocks import parsed_article, span_at, text_block
from auditor.articles.markdown_fast import EMPHASIS, FENCE, HEADING, IMAGE, PARAGRAPH, PLAIN_TEXT, simple_blocks
from auditor.limits import active_limits, note_incomplete
from auditor.articles.site_markup import ShortcodeFigure, hugo_shortcodes, mdx_as_markdown
from auditor.model import Article, DocumentError, Span, TextBlock, unvalidated

# CommonMark with raw HTML on; markdown-it caps nesting (maxNesting) itself.
_MARKDOWN = MarkdownIt("commonmark")
# Characters at which one of the CommonMark preset's inline rules can start (line
# break, escape, code, emphasis, link/image, autolink/HTML, entity; `~` too, should
# strikethrough ever be enabled). Inline content holding none of them is one plain
# text run, which is what markdown-it's inline parser would return for it.
_INLINE_SYNTAX = re.compile(r"[\n\\`*_\[\]<>&!~]")


def _inline_where_needed(state) -> None:
    """markdown-it's core "inline" rule, with plain-text runs (most body paragraphs
    of an archive) turned into their single text token without the inline parser."""
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if token.content and _INLINE_SYNTAX.search(token.content) is None:
            text = Token("text", "", 0)
            text.content = token.content
            token.children.append(text)
        elif _within_bracket_budget(state.env, token.content):
            state.md.inline.parse(token.content, state.md, state.env, token.children)
        else:
            text = Token("text", "", 0)
            text.content = token.content
            token.children.append(text)


def _within_bracket_budget(env: dict, content: str) -> bool:
    """markdown-it looks ahead from every "[" or "![" for a closing "]", re-reading
    the text after it (up to its nesting cap) each time: 2 MB of "![" took 102 s.
    Past `limits.markdown_brackets` "[" in one document, paragraphs stay plain text
    (their links and images unread) and the audit is marked incomplete."""
    count = env.get("auditor_brackets", 0) + content.count("[")
    env["auditor_brackets"] = count
    if count <= active_limits().markdown_brackets:
        return True
    note_incomplete("'[' (links and images)", "markdown_brackets")
    return False


# A relative path of these characters (not "//host...") is its own normalised link:
# no scheme for validateLink to refuse, no host to punycode, nothing mdurl encodes.
_PLAIN_PATH = re.compile(r"(?!//)[A-Za-z0-9_.~/-]+")

_MARKDOWN.core.ruler.at("inline", _inline_where_needed)
add_paragraph_shortcut(_MARKDOWN)

LEAD_IMAGE_KEYS = ("image", "featured_image", "featured-image", "featuredImage", "hero_image", "heroImage",
                   "cover_image", "coverImage", "cover", "thumbnail", "ogImage", "og_image", "banner")
# Keys holding a list of images (Hugo's `images`, used for social cards).
IMAGE_LIST_KEYS = ("images",)
# In a mapping, the key that holds the image's path or URL (Hugo `cover: {image:}`, Next `ogImage: {url:}`).
IMAGE_SRC_KEYS = ("src", "url", "image", "path")
# Hugo's `publishDate` is when a post goes out; its `date` may be when it was written.
PUBLISHED_KEYS = ("publishDate", "date", "published", "publish_date", "pubDate", "date_published", "datePublished",
                  "firstCreated")
UPDATED_KEYS = ("updated", "lastmod", "modified", "last_modified", "date_modified", "dateModified",
                "last_modified_at", "updatedDate", "lastModified", "versionCreated")
_HTML_WITH_IMAGES = re.compile(r"<(?:figure|img|picture)\b", re.IGNORECASE)
_CREDIT_TEXT = re.compile(r"^(?:(?:image|photo|picture|illustration)\s+)?(?:credit|courtesy)s?\s*:", re.IGNORECASE)


@dataclass
class _Body:
    """What the token walk collects, in source order."""

    blocks: list[TextBlock] = field(default_factory=list)
    drafts: list[FigureDraft] = field(default_factory=list)
    title: str | None = None
    code_lines: list[tuple[int, int]] = field(default_factory=list)  # [first, end) body lines of code
    # The image that may still receive a caption from the next paragraph.
    awaiting_caption: FigureDraft | None = None


def parse_markdown_article(path: Path, text: str) -> Article | DocumentError:
    try:
        front = split_front_matter(text)
    except FrontMatterError as error:
        return DocumentError(path=str(path), message=str(error))
    values = front.values
    fields: dict[str, Any] = {}
    sidecar = read_sidecar(path)
    if sidecar is not None:
        fields.update(plain_value(sidecar.values) if sidecar.values is not None else {"sidecar_error": sidecar.error})
        fields["sidecar"] = path.with_suffix(".json").name
    fields.update(values)

    markdown = mdx_as_markdown(front.body) if path.suffix.lower() == ".mdx" else front.body
    markdown, shortcodes = hugo_shortcodes(markdown)
    body = _walk(markdown, front.body_first_line, wants_title=not isinstance(values.get("title"), str))
    if shortcodes:
        _add_shortcode_figures(shortcodes, front.body_first_line, body)
    lead = _lead_figures(front)
    drafts = lead + body.drafts
    known = {draft.src for draft in drafts}
    if sidecar is not None:
        drafts.extend(draft for draft in sidecar_figures(sidecar.values) if draft.src not in known)
    for order, draft in enumerate(drafts):
        draft.order = order
    if drafts and not lead:
        # Without a lead image in front matter, its flags speak of the first image.
        declare(
            drafts[0],
            source_type=values.get("digital_source_type"),
            source_type_by="front-matter:digital_source_type",
            ai_flag=values.get("ai_generated"),
            ai_flag_by="front-matter:ai_generated",
        )

    blocks = list(body.blocks)
    title = values.get("title").strip() if isinstance(values.get("title"), str) else body.title
    if isinstance(values.get("title"), str) and "title" in front.key_lines:
        blocks.insert(0, text_block("title", values["title"].strip(), _line_span(front.key_lines["title"])))
    authors = names_of(values.get("author") or values.get("authors") or values.get("byline"))
    language = (
        normalise_language(values.get("lang"))
        or normalise_language(values.get("language"))
        or normalise_language(values.get("locale"))
        or guess_language(" ".join(block.text for block in blocks if block.kind in ("title", "body")))
    )
    # Every value below is already of its field's type (str keys in `fields`: front
    # matter and sidecar values are copied by `plain_value`), so the article is built
    # as validation would build it, without validating (tests/test_markdown_fast.py).
    return parsed_article({
        "path": str(path),
        "format": "markdown",
        "title": title,
        "byline": ", ".join(authors) or None,
        "published": _first_date(values, PUBLISHED_KEYS),
        "updated": _first_date(values, UPDATED_KEYS),
        "language": language,
        "blocks": tuple(blocks),
        "figures": finish_figures(drafts, path),
        "fields": fields,
    })


def _line_span(line: int) -> Span:
    """`Span(line=line)`: only its line set."""
    return unvalidated(Span, {"line": line, "column": 1, "end_line": None, "end_column": None}, {"line"})


def _lead_figures(front: FrontMatter) -> list[FigureDraft]:
    """The images front matter names: `image` and its synonyms (`featured_image`,
    `heroImage`, `coverImage`, `ogImage`...) as a path or a mapping (Hugo's
    `cover: {image: ...}`, Next's `ogImage: {url: ...}`), and `images` lists; each
    file once, the first key first. Page-level keys (`image_caption`,
    `ai_generated`, ...) describe the first of them."""
    values = front.values
    named: list[tuple[str, str, Any]] = []  # (key as the source has it, where, image)
    for key in LEAD_IMAGE_KEYS:
        if values.get(key):
            named.append((key, key, values[key]))
    for key in IMAGE_LIST_KEYS:
        if isinstance(values.get(key), list):
            named.extend((key, f"{key}[{number}]", image) for number, image in enumerate(values[key]))
    drafts: list[FigureDraft] = []
    seen: set[str] = set()
    limit = active_limits().front_matter_images
    for number, (key, where, image) in enumerate(named):
        if number >= limit:  # the entries looked at are the work bounded, repeated ones too
            note_incomplete("front matter images", "front_matter_images")
            break
        draft = _front_matter_image(image, where, front.key_lines.get(key))
        if draft is not None and draft.src not in seen:
            seen.add(draft.src or "")
            drafts.append(draft)
    if not drafts:
        return []
    lead = drafts[0]
    line = lead.span.line if lead.span else None
    for kind in ("caption", "credit", "alt"):
        value = values.get(f"image_{kind}")
        if getattr(lead, kind) is None and isinstance(value, str) and value.strip():
            key_line = front.key_lines.get(f"image_{kind}") or line
            setattr(lead, kind, text_block(kind, value.strip(), _line_span(key_line) if key_line else None))  # type: ignore[arg-type]
    declare(lead, source_type=values.get("digital_source_type"), source_type_by="front-matter:digital_source_type",
            ai_flag=values.get("ai_generated"), ai_flag_by="front-matter:ai_generated")
    return drafts


def _front_matter_image(image: Any, where: str, line: int | None) -> FigureDraft | None:
    entry = image if isinstance(image, dict) else {}
    src = image if isinstance(image, str) else next(
        (entry[name] for name in IMAGE_SRC_KEYS if isinstance(entry.get(name), str)), None
    )
    if src is None or not src.strip():
        return None
    span = _line_span(line) if line else None
    draft = FigureDraft(src=src, span=span)
    for kind in ("caption", "credit", "alt"):
        value = entry.get(kind)
        if isinstance(value, str) and value.strip():
            setattr(draft, kind, text_block(kind, value.strip(), span))  # type: ignore[arg-type]
    declare(draft, source_type=entry.get("digital_source_type"), source_type_by=f"front-matter:{where}.digital_source_type",
            ai_flag=entry.get("ai_generated"), ai_flag_by=f"front-matter:{where}.ai_generated")
    return draft


def _walk(markdown: str, first_line: int, wants_title: bool) -> _Body:
    """The blocks and figures of the body `markdown`, whose first line is line
    `first_line` of the file."""
    source_lines = markdown.split("\n")
    # The line scanner reads most article bodies; markdown-it the rest. A body over
    # the "[" budget goes to markdown-it, which says where it stopped reading.
    blocks = simple_blocks(markdown) if markdown.count("[") <= active_limits().markdown_brackets else None
    if blocks is not None:
        body = _walk_blocks(blocks, source_lines, first_line, wants_title)
    else:
        body = _walk_tokens(markdown, source_lines, first_line, wants_title)
    return body


def _walk_tokens(markdown: str, source_lines: list[str], first_line: int, wants_title: bool) -> _Body:
    body = _Body()
    tokens = _MARKDOWN.parse(markdown)
    for number, token in enumerate(tokens):
        if token.map is None:
            continue
        inline = tokens[number + 1] if number + 1 < len(tokens) and tokens[number + 1].type == "inline" else None
        if token.type == "heading_open" and inline is not None:
            text = _plain(inline.children or []).strip()
            if text:
                kind = "title" if wants_title and token.tag == "h1" and body.title is None else "heading"
                if kind == "title":
                    body.title = text
                body.blocks.append(text_block(kind, text, _span(token.map[0], token.map[1], source_lines, first_line)))
            body.awaiting_caption = None
        elif token.type == "paragraph_open" and inline is not None:
            _paragraph(inline.children or [], token.map[0], source_lines, first_line, body)
        elif token.type == "html_block" and _HTML_WITH_IMAGES.search(token.content):
            _html_fragment(token.content, token.map[0] + first_line, body)
        elif token.type in ("fence", "code_block", "hr", "table_open"):
            body.awaiting_caption = None
            if token.type != "hr" and token.type != "table_open":
                body.code_lines.append((token.map[0], token.map[1]))
    return body


def _walk_blocks(blocks: list[tuple], source_lines: list[str], first_line: int, wants_title: bool) -> _Body:
    """`_walk` over the blocks of `simple_blocks`: the same blocks, figures and
    captions as over markdown-it's tokens for the same body."""
    body = _Body()
    env: dict = {}
    for block in blocks:
        kind = block[0]
        if kind == PARAGRAPH:
            _, first, end, forms, indent = block
            if forms is PLAIN_TEXT:  # most paragraphs: each line one text run
                body.awaiting_caption = None
                opening = source_lines[first]
                if end - first == 1:
                    text = (opening[indent:] if indent else opening).strip()
                else:
                    text = "\n".join([(opening[indent:] if indent else opening).strip(),
                                      *[line.strip() for line in source_lines[first + 1:end]]])
                _text_block(text, _span(first, end, source_lines, first_line), body)
                continue
            if forms is not None:
                forms = _checked_links(forms)
            if forms is None:
                _paragraph(_inline_children(_paragraph_content(source_lines, first, end, indent), env), first,
                           source_lines, first_line, body)
            else:
                _simple_paragraph(forms, first, source_lines, first_line, body)
        elif kind == HEADING:
            _, first, content, is_h1 = block
            text = content if _INLINE_SYNTAX.search(content) is None else _plain(_inline_children(content, env)).strip()
            if text:
                kind = "title" if wants_title and is_h1 and body.title is None else "heading"
                if kind == "title":
                    body.title = text
                body.blocks.append(text_block(kind, text, _span(first, first + 1, source_lines, first_line)))
            body.awaiting_caption = None
        elif kind == FENCE:
            body.awaiting_caption = None
            body.code_lines.append((block[1], block[2]))
        else:  # a thematic break
            body.awaiting_caption = None
    return body


def _paragraph_content(source_lines: list[str], first: int, end: int, indent: int) -> str:
    """A paragraph's content as markdown-it's inline parser gets it: its lines
    trimmed as a whole; in a list item, the marker cut from the first line and up
    to its width of spaces from the others."""
    if not indent:
        return mdTrim("\n".join(source_lines[first:end]))
    lines = [source_lines[first][indent:]]
    for line in source_lines[first + 1:end]:
        lines.append(line[min(indent, len(line) - len(line.lstrip(" "))):])
    return mdTrim("\n".join(lines))


def _checked_links(forms: list[tuple]) -> list[tuple] | None:
    """`forms` with each image's destination as markdown-it normalises it; None
    when markdown-it refuses one (`javascript:`...): there is no image there, and
    the paragraph goes to its inline parser."""
    for number, form in enumerate(forms):
        if form[0] == IMAGE and _PLAIN_PATH.fullmatch(form[2]) is None:
            src = _MARKDOWN.normalizeLink(form[2])
            if not _MARKDOWN.validateLink(src):
                return None
            forms[number] = (IMAGE, form[1], src)
    return forms


def _inline_children(content: str, env: dict) -> list[Token]:
    """The inline tokens of one paragraph's or heading's content, as markdown-it's
    core rules after "block" make them ("inline" as replaced here, "text_join")."""
    token = Token("inline", "", 0)
    token.content = content
    token.children = []
    core = SimpleNamespace(tokens=[token], md=_MARKDOWN, env=env)
    _inline_where_needed(core)
    text_join(core)
    return token.children


def _simple_paragraph(forms: list[tuple], first: int, source_lines: list[str], first_line: int, body: _Body) -> None:
    """`_paragraph` for a paragraph whose lines are all `simple_line_form`s."""
    text_lines: list[tuple[int, str]] = []
    for row, form in enumerate(forms, first):
        if form[0] == IMAGE:
            span = _span_at_column(row + first_line, 1)  # the line starts with the image
            draft = FigureDraft(src=form[2] or None, span=span)
            alt = form[1].strip()
            if alt:
                draft.alt = text_block("alt", alt, span)
            body.drafts.append(draft)
            body.awaiting_caption = draft
            continue
        text = form[1].strip()
        if form[0] == EMPHASIS and body.awaiting_caption is not None \
                and _caption_line(body, text, row, source_lines, first_line):
            continue
        body.awaiting_caption = None
        if text:
            text_lines.append((row, text))
    if text_lines:
        text = "\n".join(line for _, line in text_lines)
        _text_block(text, _span(text_lines[0][0], text_lines[-1][0] + 1, source_lines, first_line), body)


def _caption_line(body: _Body, text: str, row: int, source_lines: list[str], first_line: int) -> bool:
    """An emphasised line after an image is its caption, or its credit ("Photo: …"):
    an image may take one of each. False when the image has that one already."""
    kind = "credit" if _CREDIT_TEXT.match(text) else "caption"
    if getattr(body.awaiting_caption, kind) is not None:
        return False
    block = text_block(kind, text, _span(row, row + 1, source_lines, first_line))
    setattr(body.awaiting_caption, kind, block)
    body.blocks.append(block)
    return True


def _paragraph(children: list[Token], first: int, source_lines: list[str], first_line: int, body: _Body) -> None:
    if len(children) == 1 and children[0].type == "text":
        # One plain line (most paragraphs): no image, no emphasised caption line.
        body.awaiting_caption = None
        text = children[0].content.strip()
        if text:
            _text_block(text, _span(first, first + 1, source_lines, first_line), body)
        return
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    text_lines: list[tuple[int, str]] = []
    for offset, children in enumerate(lines):
        row = first + offset
        images = [child for child in children if child.type == "image"]
        html_images = [child for child in children if child.type == "html_inline" and _HTML_WITH_IMAGES.match(child.content)]
        if images or html_images:
            cursor = 0
            for image in images:
                column = source_lines[row].find("![", cursor) if row < len(source_lines) else -1
                cursor = column + 2 if column >= 0 else cursor
                span = Span(line=row + first_line, column=column + 1 if column >= 0 else 1)
                draft = FigureDraft(src=image.attrs.get("src") or None, span=span)  # type: ignore[arg-type]
                if image.content.strip():
                    draft.alt = TextBlock(kind="alt", text=image.content.strip(), span=span)
                title = image.attrs.get("title")
                if isinstance(title, str) and title.strip():
                    draft.title = TextBlock(kind="title", text=title.strip(), span=span)
                body.drafts.append(draft)
                body.awaiting_caption = draft
            for html_image in html_images:
                _html_fragment(html_image.content, row + first_line, body)
            rest = _plain([child for child in children if child.type not in ("image", "html_inline")]).strip()
            if rest:
                text_lines.append((row, rest))
                body.awaiting_caption = None
            continue
        if body.awaiting_caption is not None and _is_emphasis_line(children) \
                and _caption_line(body, _plain(children).strip(), row, source_lines, first_line):
            continue
        body.awaiting_caption = None
        text = _plain(children).strip()
        if text:
            text_lines.append((row, text))
    if not text_lines:
        return
    text = "\n".join(line for _, line in text_lines)
    _text_block(text, _span(text_lines[0][0], text_lines[-1][0] + 1, source_lines, first_line), body)


def _text_block(text: str, span: Span, body: _Body) -> None:
    """A paragraph's text: an attribution block, or a body block (after the
    attribution block of its dateline, when it opens with one)."""
    if is_attribution(text):
        body.blocks.append(text_block("attribution", text, span))
        return
    prefix = dateline_prefix(text)
    if prefix is not None:
        body.blocks.append(text_block("attribution", prefix, span))
    body.blocks.append(text_block("body", text, span))


def _add_shortcode_figures(shortcodes: list[ShortcodeFigure], first_line: int, body: _Body) -> None:
    """Figures of Hugo shortcodes (not those shown in code blocks), merged into the
    body's figures and blocks in source order."""
    for shortcode in shortcodes:
        if any(first <= shortcode.line < end for first, end in body.code_lines):
            continue
        attributes = shortcode.attributes
        span = Span(line=shortcode.line + first_line, column=shortcode.column + 1)
        draft = FigureDraft(src=attributes.get("src") or None, span=span)
        texts = {"caption": attributes.get("caption"), "credit": attributes.get("credit") or attributes.get("attr"),
                 "alt": attributes.get("alt"), "title": attributes.get("title")}
        for kind, text in texts.items():
            if text:
                block = TextBlock(kind=kind, text=text, span=span)  # type: ignore[arg-type]
                setattr(draft, kind, block)
                if kind in ("caption", "credit"):
                    body.blocks.append(block)
        body.drafts.append(draft)
    line_of = lambda item: item.span.line if item.span is not None else 0  # noqa: E731
    body.drafts.sort(key=line_of)  # stable: figures on one line keep their order
    body.blocks.sort(key=line_of)


def _html_fragment(html: str, first_line: int, body: _Body) -> None:
    tree, html = parse_html_tree(html)
    parts = body_parts(tree.body or tree.root, ElementPositions(tree, html), LineIndex(html, first_line))
    drafts = sorted(parts.figures.drafts, key=lambda draft: draft.order)
    body.drafts.extend(drafts)
    body.blocks.extend(block for _, block in sorted(parts.blocks, key=lambda item: item[0]))
    body.awaiting_caption = drafts[-1] if drafts and drafts[-1].caption is None else None


def _is_emphasis_line(children: list[Token]) -> bool:
    """True when the line is one emphasised run: `*caption*` or `_caption_`."""
    meaningful = [child for child in children if not (child.type == "text" and not child.content.strip())]
    if len(meaningful) < 3 or meaningful[0].type != "em_open" or meaningful[-1].type != "em_close":
        return False
    depth = 0
    for child in meaningful[:-1]:
        depth += 1 if child.type == "em_open" else -1 if child.type == "em_close" else 0
        if depth == 0:
            return False  # the first emphasis closed before the line ended
    return True


def _plain(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _span(first: int, end: int, source_lines: list[str], first_line: int) -> Span:
    """Span of body lines [first, end) (0-based), columns from the source text."""
    last = max(first, end - 1)
    opening = source_lines[first] if first < len(source_lines) else ""
    closing = source_lines[last].rstrip() if last < len(source_lines) else ""
    return _span_at(first + first_line, len(opening) - len(opening.lstrip()) + 1, last + first_line, len(closing) + 1)


# Spans are frozen values, and the same few recur in every article of a run (line
# 7, columns 1 to 80): one instance of each serves them all, for a dict look-up
# rather than a model built. Bounded: cleared when full.
_SPANS: dict[tuple, Span] = {}
_MAX_SPANS = 8192


def _span_at(line: int, column: int, end_line: int, end_column: int) -> Span:
    """`span_at(line, column, end_line, end_column)`, shared."""
    key = (line, column, end_line, end_column)
    span = _SPANS.get(key)
    if span is None:
        if len(_SPANS) >= _MAX_SPANS:
            _SPANS.clear()
        span = _SPANS[key] = span_at(line, column, end_line, end_column)
    return span


def _span_at_column(line: int, column: int) -> Span:
    """`span_at(line, column)` (no end), shared."""
    key = (line, column)
    span = _SPANS.get(key)
    if span is None:
        if len(_SPANS) >= _MAX_SPANS:
            _SPANS.clear()
        span = _SPANS[key] = span_at(line, column)
    return span


def _first_date(values: dict[str, Any], keys: tuple[str, ...]):
    for key in keys:
        value = values.get(key)
        if value is not None:
            parsed = coerce_datetime(value)
            if parsed is not None:
                return parsed
    return None
