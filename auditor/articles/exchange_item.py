"""One story of a newsroom exchange file (a feed item, a WordPress post, an agency
item), as every format's reader hands it over, and the `Article` it becomes.

A reader fills an `ExchangeItem` from its format's fields in the process that
walks the file; the item travels to the worker as a small payload (JSON, then
the bodies as UTF-8: cheap to pickle, and its hash is the item's signature in the
ledger), where
`article_of_item` builds the article with the CMS JSON parser (HTML bodies go
through the same figure extraction as an HTML page). Every span of the article
is the item's start line: the item is the place a finding points at.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, lru_cache
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from auditor.model import Article, DocumentError, Span

ITEM_SEPARATOR = "!/"  # "feed.xml!/item/3", as an archive member is named


@dataclass
class ItemImage:
    src: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    title: str | None = None
    digital_source_type: str | None = None  # as the format declares it (NewsML-G2, ANS)
    lead: bool = False  # the story's lead, thumbnail or featured image


@dataclass
class ExchangeItem:
    format: str  # rss | atom | wxr | nitf | newsml_g2 | json_feed | arc_ans | wp_rest
    ident: str  # what names the item in its file ("3", a post id)
    line: int | None = None  # where the item starts (XML); None for JSON
    title: str | None = None
    body_html: str | None = None
    body_text: str | None = None
    summary: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    language: str | None = None
    images: list[ItemImage] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # source, link, guid, copyright...
    incomplete: list[str] = field(default_factory=list)

    def payload(self) -> bytes:
        """The item as bytes: one line of JSON (every field but the bodies, and the
        bodies' sizes in bytes), then the bodies as UTF-8. The bodies are most of an
        item, and escaping them into JSON and back cost ten times what encoding
        them does. Compact JSON holds no raw newline, so the first one ends it."""
        # Not `asdict`: it would deep-copy every value first (readers put only JSON
        # values in `fields`).
        images = [{name: getattr(image, name) for name in _IMAGE_FIELDS} for image in self.images]
        header = {name: getattr(self, name) for name in _HEADER_FIELDS}
        header["images"] = images
        try:
            html = self.body_html.encode() if self.body_html is not None else None
            text = self.body_text.encode() if self.body_text is not None else None
            header["body_bytes"] = [None if html is None else len(html), None if text is None else len(text)]
            return b"".join((_ENCODE(header).encode(), b"\n", html or b"", text or b""))
        except UnicodeEncodeError:
            # A lone surrogate (a JSON "\ud800"): raised as the whole item's JSON
            # always raised it, same message.
            whole = {name: getattr(self, name) for name in _ITEM_FIELDS}
            whole["images"] = images
            return _ENCODE(whole).encode()


def item_of_payload(payload: bytes) -> dict[str, Any]:
    """The item's fields, as `dataclasses.asdict` gives them, from its payload."""
    header, _, bodies = payload.partition(b"\n")
    item = json.loads(header)
    html_bytes, text_bytes = item.pop("body_bytes")
    item["body_html"] = bodies[:html_bytes].decode() if html_bytes is not None else None
    item["body_text"] = bodies[html_bytes or 0:].decode() if text_bytes is not None else None
    return item


_ITEM_FIELDS = tuple(each.name for each in dataclass_fields(ExchangeItem))
_HEADER_FIELDS = tuple(name for name in _ITEM_FIELDS if name not in ("body_html", "body_text"))
_IMAGE_FIELDS = tuple(each.name for each in dataclass_fields(ItemImage))
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def item_key(file_path: str, ident: str) -> str:
    return f"{file_path}{ITEM_SEPARATOR}item/{ident}"


def payload_signature(payload: bytes) -> str:
    return "item:" + hashlib.blake2b(payload, digest_size=16).hexdigest()


def article_of_item(key: str, file_path: str, payload: bytes) -> Article | DocumentError:
    """The article of one item: figures resolved against the file's folder (and the
    site's roots, as an HTML page's), named `key`, every span at the item's line."""
    article_of_object, resolve_site_urls = _readers()
    item = item_of_payload(payload)
    line = item.get("line")
    parsed = article_of_object(_path_of(file_path), _cms_shape(item), span=Span(line=line) if line else None)
    if isinstance(parsed, DocumentError):
        return DocumentError(path=key, message=parsed.message)
    fields = dict(parsed.fields)
    fields["exchange_format"] = item["format"]
    update: dict[str, Any] = {"fields": fields}
    if any(figure.declared_by for figure in parsed.figures):
        update["figures"] = tuple(figure.model_copy(update=_declared_by(figure.declared_by, item["format"]))
                                  for figure in parsed.figures)
    if item.get("incomplete"):
        update["incomplete"] = tuple(parsed.incomplete) + tuple(item["incomplete"])
    # The site's own absolute URLs are its local files, as for a page; resolved
    # against the file's folder, named after the item.
    resolved = resolve_site_urls(parsed.model_copy(update=update))
    return resolved.model_copy(update={"path": key})


@cache
def _readers():
    """The CMS parser and the site-URL resolver, imported on the first item (the
    walk that builds payloads never needs them), then kept: an import statement
    in the function costs microseconds per item."""
    from auditor.articles.cms_json import article_of_object
    from auditor.articles.resolve import resolve_site_urls

    return article_of_object, resolve_site_urls


@lru_cache(maxsize=16)
def _path_of(file_path: str) -> Path:
    """The exchange file's path, built once for all its items (a Path is immutable)."""
    return Path(file_path)


def _declared_by(declared_by: str | None, exchange_format: str) -> dict[str, str]:
    """A declaration the CMS parser credits to "cms:image..." is the format's own."""
    if declared_by and declared_by.startswith("cms:"):
        return {"declared_by": f"{exchange_format}:{declared_by[4:]}"}
    return {}


def _cms_shape(item: dict[str, Any]) -> dict[str, Any]:
    """The item as the CMS JSON parser reads an article object."""
    shaped: dict[str, Any] = {key: value for key, value in (item.get("fields") or {}).items() if value not in (None, "")}
    shaped["title"] = item.get("title") or ""
    shaped["content"] = item.get("body_html") or item.get("body_text") or ""
    if item.get("summary"):
        shaped["summary"] = item["summary"]
    if item.get("authors"):
        shaped["author"] = item["authors"]
    for key in ("published", "updated", "language"):
        if item.get(key):
            shaped[key] = item[key]
    pairs = [(_cms_image(raw), raw) for raw in item.get("images") or () if raw.get("src")]
    lead = next((image for image, raw in pairs if raw.get("lead")), None)
    if lead is not None:
        shaped["image"] = lead
    rest = [image for image, _ in pairs if image is not lead]
    if rest:
        shaped["images"] = rest
    return shaped


def _cms_image(image: dict[str, Any]) -> dict[str, Any]:
    out = {"src": image["src"]}
    for key in ("caption", "credit", "alt", "title", "digital_source_type"):
        if image.get(key):
            out[key] = image[key]
    return out

