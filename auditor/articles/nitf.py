"""NITF 3.x (IPTC News Industry Text Format), one story per file: `hedline`,
`byline`, `dateline`, `distributor`, `doc.copyright`, `date.issue` and
`date.release`, and `media` elements (`media-reference`, `media-caption`,
`media-producer`) as figures. `nitf_story` also reads the NITF a NewsML-G2 text
item carries inline."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from typing import BinaryIO, Iterator

from auditor.articles.exchange_item import ExchangeItem, ItemImage
from auditor.articles.xml_stream import iter_xml_items

_BLOCKS = {"p": "p", "hl2": "h2", "block": None, "bq": "blockquote", "ul": "ul", "ol": "ol", "li": "li"}


def read_nitf(stream: BinaryIO) -> Iterator[ExchangeItem]:
    for found in iter_xml_items(stream, lambda tag, depth: depth == 0 and _local(tag) == "nitf"):
        item = nitf_story(found.element)
        item.line = found.line
        if found.cut:
            item.incomplete.append("item text past 4,194,304 characters not read (exchange item cap)")
        yield item


def nitf_story(root: ET.Element, item: ExchangeItem | None = None) -> ExchangeItem:
    """The story of one `<nitf>` element; fills `item` (a NewsML-G2 item's) where given."""
    children = {_local(element.tag): element for element in root.iter()}
    item = item or ExchangeItem(format="nitf", ident="")
    doc_id = children.get("doc-id")
    if doc_id is not None and not item.ident:
        item.ident = doc_id.get("id-string") or ""
    item.title = item.title or _text(children.get("hl1")) or _text(children.get("title"))
    byline = children.get("byline")
    if byline is not None and not item.authors:
        people = [_text(person) for person in byline.iter() if _local(person.tag) == "person"]
        item.authors = [p for p in people if p] or [_text(byline).removeprefix("By ").removeprefix("by ")]
    issue, release = children.get("date.issue"), children.get("date.release")
    item.published = item.published or _norm_date(release) or _norm_date(issue)
    for key, element in (("distributor", children.get("distributor")), ("dateline", children.get("dateline"))):
        if _text(element):
            item.fields.setdefault(key, _text(element))
    if item.fields.get("distributor"):
        item.fields.setdefault("source", item.fields["distributor"])
    copyright_ = children.get("doc.copyright")
    if copyright_ is not None and copyright_.get("holder"):
        item.fields.setdefault("copyright", f"© {copyright_.get('year', '')} {copyright_.get('holder')}".replace("  ", " "))
    language = root.get("{http://www.w3.org/XML/1998/namespace}lang") or (children["body"].get("{http://www.w3.org/XML/1998/namespace}lang") if "body" in children else None)
    item.language = item.language or language
    content = children.get("body.content")
    body: list[str] = []
    if content is not None:
        for element in content.iter():
            name = _local(element.tag)
            if name == "media" and element.get("media-type", "image") in ("image", "photo", "graphic"):
                image = _media(element)
                if image is not None:
                    item.images.append(image)
                    body.append(f'<figure><img src="{html.escape(image.src)}"></figure>')
            elif name in ("p", "hl2") and _text(element):
                tag = "h2" if name == "hl2" else "p"
                body.append(f"<{tag}>{html.escape(_text(element))}</{tag}>")
    if body:
        item.body_html = "\n".join(body)
    return item


def _norm_date(element: ET.Element | None) -> str | None:
    """A NITF `norm` date (ISO 8601 basic: "20250303T183000Z", "20250303T183000+0100",
    "20250303") in the extended form the date reader takes."""
    norm = (element.get("norm") or "").strip() if element is not None else ""
    match = _BASIC_DATE.match(norm)
    if match is None:
        return norm or None
    year, month, day, hour, minute, second, zone = match.groups()
    if hour is None:
        return f"{year}-{month}-{day}"
    zone = "" if not zone else "+00:00" if zone == "Z" else f"{zone[:3]}:{zone[-2:]}"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone}"


_BASIC_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$")


def _media(element: ET.Element) -> ItemImage | None:
    parts = {_local(child.tag): child for child in element.iter()}
    reference = parts.get("media-reference")
    src = reference.get("source") if reference is not None else None
    if not src:
        return None
    return ItemImage(src=src.strip(), caption=_text(parts.get("media-caption")),
                     credit=_text(parts.get("media-producer")),
                     alt=reference.get("alternate-text") or None, title=reference.get("name") or None)


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    value = " ".join("".join(element.itertext()).split())
    return value or None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
