"""CMS JSON exports: one article object per file, with its title, body (HTML
or plain text), dates, images and syndication keys.

Key names vary by CMS; each concept accepts the common spellings below, and
WordPress-style `{"rendered": "..."}` wrappers. Positions inside the body string
mean nothing in the file, so body blocks carry the span of the body value.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from auditor.articles.attribution import dateline_prefix, is_attribution
from auditor.articles.dates import coerce_datetime
from auditor.articles.declared import declare, parse_flag
from auditor.articles.field_values import plain_value
from auditor.articles.figure_draft import FigureDraft, finish_figures
from auditor.articles.html import body_parts, ordered_blocks
from auditor.articles.html_positions import ElementPositions
from auditor.articles.html_tree import parse_html_tree
from auditor.articles.image_matching import best_matches
from auditor.articles.json_ld import names_of
from auditor.articles.language import guess_language, normalise_language
from auditor.articles.line_index import FixedLocator, LineIndex
from auditor.limits import active_limits, note_incomplete
from auditor.model import Article, DocumentError, Span, TextBlock

TITLE_KEYS = ("title", "headline", "name")
BODY_KEYS = ("body", "content", "body_html", "bodyHtml", "html", "articleBody", "body_text", "text")
STANDFIRST_KEYS = ("standfirst", "summary", "excerpt", "dek", "description")
PUBLISHED_KEYS = ("published", "date_published", "datePublished", "published_at", "publishedAt", "pubDate",
                  "date", "created", "created_at", "createdAt", "firstcreated", "firstCreated")
UPDATED_KEYS = ("updated", "modified", "date_modified", "dateModified", "updated_at", "updatedAt", "last_modified",
                "versioncreated", "versionCreated", "last_modified_at", "updatedDate")
IMAGE_LIST_KEYS = ("images", "media", "figures", "attachments")
LEAD_IMAGE_KEYS = ("image", "featured_image", "lead_image", "hero_image", "thumbnail")
SOURCE_KEYS = ("source", "agency", "provider", "syndication_source", "wire")
AUTHOR_KEYS = ("author", "authors", "byline")
LANGUAGE_KEYS = ("language", "lang", "locale", "inLanguage")
ARTICLE_KEYS = TITLE_KEYS + BODY_KEYS + IMAGE_LIST_KEYS + LEAD_IMAGE_KEYS

_LOOKS_LIKE_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]*\b[^>]*|/[A-Za-z][A-Za-z0-9]*\s*)>")
_BLANK_LINES = re.compile(r"\n\s*\n")


def parse_cms_json(path: Path, text: str) -> Article | DocumentError:
    try:
        data = json.loads(text)
    except RecursionError:
        return DocumentError(path=str(path), message="invalid JSON: nested too deeply")
    except ValueError as error:
        return DocumentError(path=str(path), message=f"invalid JSON: {str(error).splitlines()[0]}")
    return article_of_object(path, data, text)


def article_of_object(path: Path, data: Any, text: str | None = None, span: Span | None = None) -> Article | DocumentError:
    """The article of parsed CMS JSON. `text` is the JSON source spans are found in;
    without it (an object another reader built, an exchange file's item) every
    span is `span`."""
    article = _the_article(data)
    if isinstance(article, str):
        return DocumentError(path=str(path), message=article)

    lines: LineIndex | FixedLocator = LineIndex(text) if text is not None else FixedLocator(span)

    def key_span(keys: tuple[str, ...]) -> Span | None:
        return _key_span(text, lines, keys) if text is not None else span

    blocks: list[TextBlock] = []
    title = _text(_first_value(article, TITLE_KEYS))
    if title:
        blocks.append(TextBlock(kind="title", text=title, span=key_span(TITLE_KEYS)))
    standfirst = _text(_first_value(article, STANDFIRST_KEYS))
    if standfirst and not _LOOKS_LIKE_HTML.search(standfirst):
        blocks.append(TextBlock(kind="standfirst", text=standfirst, span=key_span(STANDFIRST_KEYS)))

    body_span = key_span(BODY_KEYS)
    body_drafts: list[FigureDraft] = []
    for chunk in _body_chunks(_first_value(article, BODY_KEYS)):
        if _LOOKS_LIKE_HTML.search(chunk):
            tree, chunk = parse_html_tree(chunk)
            parts = body_parts(tree.body or tree.root, ElementPositions(tree, chunk), FixedLocator(body_span))
            blocks.extend(ordered_blocks(parts))
            body_drafts.extend(sorted(parts.figures.drafts, key=lambda draft: draft.order))
        else:
            blocks.extend(_text_blocks(chunk, body_span))

    drafts = _listed_images(article, text, lines, body_drafts)
    if drafts:
        declare(drafts[0], source_type=article.get("digital_source_type") or article.get("digitalSourceType"),
                source_type_by="cms:digital_source_type", ai_flag=article.get("ai_generated"),
                ai_flag_by="cms:ai_generated")
    for order, draft in enumerate(drafts):
        draft.order = order

    fields = plain_value({key: value for key, value in article.items() if key not in BODY_KEYS})
    source = _first_name(article, SOURCE_KEYS)
    if source and "source" not in fields:
        fields["source"] = source
    syndicated = parse_flag(article.get("syndicated"))
    if syndicated is not None:
        fields["syndicated"] = syndicated
    authors = names_of(_first_value(article, AUTHOR_KEYS))
    language = next(
        (tag for tag in (normalise_language(article.get(key)) for key in LANGUAGE_KEYS) if tag), None
    ) or guess_language(" ".join(block.text for block in blocks if block.kind in ("title", "body")))
    return Article(
        path=str(path),
        format="json",
        title=title or None,
        byline=", ".join(authors) or None,
        published=_first_date(article, PUBLISHED_KEYS),
        updated=_first_date(article, UPDATED_KEYS),
        language=language,
        blocks=tuple(blocks),
        figures=finish_figures(drafts, path),
        fields=fields,
    )


def _the_article(data: Any) -> dict[str, Any] | str:
    """The one article object, or why there is none (as an error message)."""
    items = data
    if isinstance(data, dict) and isinstance(data.get("articles"), list) and not any(key in data for key in ARTICLE_KEYS):
        items = data["articles"]
    if isinstance(items, list):
        if len(items) == 1 and isinstance(items[0], dict):
            items = items[0]
        else:
            return f"JSON holds {len(items)} entries, not one article object (export one article per file)"
    if not isinstance(items, dict):
        return "JSON is not an article object"
    if not any(key in items for key in ARTICLE_KEYS):
        return "JSON object has no article keys (title, headline, body, content, images)"
    return items


def _body_chunks(value: Any) -> list[str]:
    """The body as strings: one string, a {"rendered": ...} wrapper, or a list of
    blocks (strings or objects with text/html)."""
    value = _unwrap(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        chunks = []
        limit = active_limits().cms_body_blocks
        if len(value) > limit:
            note_incomplete("body blocks", "cms_body_blocks")
        for item in value[:limit]:
            item = _unwrap(item)
            if isinstance(item, dict):
                item = _unwrap(item.get("html") or item.get("text") or item.get("content"))
            if isinstance(item, str) and item.strip():
                chunks.append(item)
        return chunks
    return []


def _text_blocks(text: str, span: Span | None) -> list[TextBlock]:
    blocks = []
    for paragraph in _BLANK_LINES.split(text.replace("\r\n", "\n")):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if is_attribution(paragraph):
            blocks.append(TextBlock(kind="attribution", text=paragraph, span=span))
            continue
        prefix = dateline_prefix(paragraph)
        if prefix is not None:
            blocks.append(TextBlock(kind="attribution", text=prefix, span=span))
        blocks.append(TextBlock(kind="body", text=paragraph, span=span))
    return blocks


def _listed_images(article: dict[str, Any], source: str | None, lines: LineIndex | FixedLocator,
                   body_drafts: list[FigureDraft]) -> list[FigureDraft]:
    """The lead image, the body's images, then the rest of the images list; an
    entry that names an image the body shows enriches that figure instead of
    adding another."""
    entries: list[tuple[str, Any]] = []
    lead_key = next((key for key in LEAD_IMAGE_KEYS if article.get(key)), None)
    if lead_key is not None:
        entries.append((lead_key, article[lead_key]))
    list_key = next((key for key in IMAGE_LIST_KEYS if isinstance(article.get(key), list)), None)
    if list_key is not None:
        listed = article[list_key]
        limit = active_limits().cms_images
        if len(listed) > limit:
            note_incomplete(f"'{list_key}' entries", "cms_images")
            listed = listed[:limit]
        entries.extend((f"{list_key}[{number}]", item) for number, item in enumerate(listed))

    lead: list[FigureDraft] = []
    listed: list[FigureDraft] = []
    cursor = 0
    for where, entry in entries:
        entry = entry if isinstance(entry, dict) else {"src": entry}
        src = next((entry[key] for key in ("src", "url", "path", "file", "contentUrl") if isinstance(entry.get(key), str)), None)
        if not src:
            continue
        found = source.find(json.dumps(src)[1:-1], cursor) if source is not None else 0
        span = lines.span(found) if found >= 0 else None
        cursor = found + 1 if found >= 0 else cursor
        matches = best_matches([src], body_drafts)
        target = matches[0] if matches else FigureDraft(src=src, span=span)
        for kind in ("caption", "credit", "alt", "title"):
            value = _text(entry.get(kind))
            if value and getattr(target, kind) is None:
                setattr(target, kind, TextBlock(kind=kind, text=value, span=span))  # type: ignore[arg-type]
        declare(target, source_type=entry.get("digital_source_type") or entry.get("digitalSourceType"),
                source_type_by=f"cms:{where}.digital_source_type", ai_flag=entry.get("ai_generated"),
                ai_flag_by=f"cms:{where}.ai_generated")
        if not matches:
            (lead if where == lead_key else listed).append(target)
    return lead + body_drafts + listed


def _key_span(source: str, lines: LineIndex, keys: tuple[str, ...]) -> Span | None:
    for key in keys:
        match = re.search(rf'"{re.escape(key)}"\s*:\s*', source)
        if match is not None:
            return lines.span(match.end())
    return None


def _first_value(article: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((article[key] for key in keys if article.get(key)), None)


def _first_name(article: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = article.get(key)
        if value is None:  # most keys are absent: no names, no need to ask
            continue
        names = names_of(_unwrap(value))
        if names:
            return names[0]
    return None


def _unwrap(value: Any) -> Any:
    if isinstance(value, dict):
        for key in ("rendered", "html", "value", "raw"):
            if isinstance(value.get(key), str):
                return value[key]
    return value


def _text(value: Any) -> str:
    value = _unwrap(value)
    return value.strip() if isinstance(value, str) else ""


def _first_date(article: dict[str, Any], keys: tuple[str, ...]):
    for key in keys:
        value = article.get(key)
        if value is None:  # most of the dozen spellings are absent
            continue
        parsed = coerce_datetime(value)
        if parsed is not None:
            return parsed
    return None


def looks_like_article(data: Any) -> bool:
    """True when parsed JSON is one article object of a shape this module reads: a
    headline, body or image holding text, a list or an object (a `name` alone is any
    manifest's, as in package.json; `"images": 1` is a tag count)."""
    article = _the_article(data)
    return isinstance(article, dict) and any(
        isinstance(article.get(key), (str, list, dict)) and article.get(key) for key in ARTICLE_KEYS if key != "name"
    )
