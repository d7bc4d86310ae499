"""RSS 2.0, RSS 1.0 and Atom feeds with Media RSS and `content:encoded`: each
item (entry) a story, its `media:content`, `media:thumbnail`, `enclosure` and
Atom `link rel="enclosure"` images figures with `media:credit`,
`media:description` and `media:title`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import BinaryIO, Iterator

from auditor.articles.exchange_item import ExchangeItem, ItemImage
from auditor.articles.xml_stream import iter_xml_items

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".tif", ".tiff", ".heic")


def read_feed(stream: BinaryIO, feed_format: str) -> Iterator[ExchangeItem]:
    """The feed's items in order. Raises `XmlRefused` where the XML stops being
    readable, after the items before it."""
    channel: dict[str, str] = {}

    def is_item(tag: str, depth: int) -> bool:
        return (tag == "item" and depth == 2) or (tag in (RSS1 + "item", ATOM + "entry") and depth == 1)

    def is_top(tag: str, depth: int) -> bool:
        return depth == 2 if tag[:1] != "{" or tag.startswith((DC, RSS1)) else depth == 1

    def on_top(element: ET.Element) -> None:
        name = _local(element.tag)
        if name in ("language", "title", "copyright", "rights") and element.text and name not in channel:
            channel[name] = element.text.strip()

    for number, found in enumerate(iter_xml_items(stream, is_item, is_top, on_top), start=1):
        element = found.element
        atom = element.tag == ATOM + "entry"
        item = _atom_item(element) if atom else _rss_item(element)
        item.format = feed_format
        # The guid names the item across edits and new items above it (a feed
        # prepends); one that is no plain token (a URL) gives way to the position.
        item.ident = item.fields.get("guid") or str(number)
        item.line = found.line
        item.language = item.language or channel.get("language")
        if channel.get("title"):
            item.fields.setdefault("feed", channel["title"])
        if channel.get("copyright") or channel.get("rights"):
            item.fields.setdefault("copyright", channel.get("copyright") or channel.get("rights"))
        item.images.extend(_media_images(element, item))
        if found.cut:
            item.incomplete.append("item text past 4,194,304 characters not read (exchange item cap)")
        yield item


def _rss_item(element: ET.Element) -> ExchangeItem:
    item = ExchangeItem(format="rss", ident="")
    item.title = _text(element, "title") or _text(element, RSS1 + "title")
    item.body_html = _text(element, CONTENT + "encoded")
    description = _text(element, "description") or _text(element, RSS1 + "description")
    if item.body_html is None:
        item.body_html = description
    elif description:
        item.summary = description
    item.authors = [value for value in (_text(element, DC + "creator"), _text(element, "author")) if value]
    item.published = _rfc822(_text(element, "pubDate")) or _text(element, DC + "date")
    item.language = _text(element, DC + "language")
    link = _text(element, "link") or _text(element, RSS1 + "link")
    _set(item.fields, "canonical", link)
    _set(item.fields, "guid", _text(element, "guid"))
    source = element.find("source")
    if source is not None and (source.text or "").strip():
        item.fields["source"] = source.text.strip()
        _set(item.fields, "source_url", source.get("url"))
    _set(item.fields, "copyright", _text(element, DC + "rights"))
    for enclosure in element.findall("enclosure"):
        url = enclosure.get("url")
        if url and _is_image(enclosure.get("type"), None, url):
            item.images.append(ItemImage(src=url.strip()))
    return item


def _atom_item(element: ET.Element) -> ExchangeItem:
    item = ExchangeItem(format="atom", ident="")
    item.title = _text(element, ATOM + "title")
    content = element.find(ATOM + "content")
    if content is not None:
        if content.get("type") == "xhtml":
            item.body_html = "".join(ET.tostring(child, encoding="unicode") for child in content)
        else:
            item.body_html = (content.text or "").strip() or None
    summary = _text(element, ATOM + "summary")
    if item.body_html is None:
        item.body_html = summary
    else:
        item.summary = summary
    item.authors = [name for author in element.findall(ATOM + "author") if (name := _text(author, ATOM + "name"))]
    item.published = _text(element, ATOM + "published")
    item.updated = _text(element, ATOM + "updated")
    item.language = element.get("{http://www.w3.org/XML/1998/namespace}lang")
    _set(item.fields, "guid", _text(element, ATOM + "id"))
    _set(item.fields, "copyright", _text(element, ATOM + "rights"))
    source = element.find(ATOM + "source")
    if source is not None:
        _set(item.fields, "source", _text(source, ATOM + "title"))
    for link in element.findall(ATOM + "link"):
        rel, href = link.get("rel", "alternate"), (link.get("href") or "").strip()
        if rel == "alternate" and href:
            item.fields.setdefault("canonical", href)
        elif rel == "enclosure" and href and _is_image(link.get("type"), None, href):
            item.images.append(ItemImage(src=href, title=link.get("title")))
    return item


def _media_images(element: ET.Element, item: ExchangeItem) -> list[ItemImage]:
    """Media RSS images: `media:content` (alone or in `media:group`), then
    `media:thumbnail`; a content's own credit and description win over the
    group's and the item's. The first is the item's lead image."""
    images: list[ItemImage] = []
    seen = {image.src for image in item.images}

    def add(url: str | None, scope: list[ET.Element]) -> None:
        url = (url or "").strip()
        if not url or url in seen:
            return
        seen.add(url)
        images.append(ItemImage(
            src=url,
            caption=_first(scope, MEDIA + "description"),
            credit=_first(scope, MEDIA + "credit"),
            title=_first(scope, MEDIA + "title"),
            lead=not images and not item.images,
        ))

    groups = [element, *element.findall(MEDIA + "group")]
    for group in groups:
        scope_base = [group] if group is element else [group, element]
        for content in group.findall(MEDIA + "content"):
            if _is_image(content.get("type"), content.get("medium"), content.get("url")):
                add(content.get("url"), [content, *scope_base])
    for group in groups:
        for thumbnail in group.findall(MEDIA + "thumbnail"):
            add(thumbnail.get("url"), [group, element] if group is not element else [element])
    if item.images and not images:
        item.images[0].lead = True
    return images


def _is_image(mime: str | None, medium: str | None, url: str | None) -> bool:
    if medium:
        return medium == "image"
    if mime:
        return mime.lower().startswith("image/")
    path = (url or "").split("?", 1)[0].split("#", 1)[0].lower()
    return path.endswith(_IMAGE_SUFFIXES)


# The form nearly every feed writes ("Tue, 04 Mar 2025 08:15:00 -0500", "... GMT"),
# read without the standard library's general RFC 822 tokenizer (a third of an
# item's reading); anything else, or a value `datetime` refuses, goes that way.
_COMMON_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9]\d{3}) (\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|GMT|UTC|UT|Z)", re.ASCII)
_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}


def _rfc822(value: str | None) -> str | None:
    """An RSS date (RFC 822: "Tue, 04 Mar 2025 08:15:00 -0500", zone names too) as
    ISO 8601, read here with the standard library: the general date reader would
    take a millisecond per item. Left as written when it is no RFC 822 date."""
    if not value:
        return None
    common = _COMMON_RFC822.fullmatch(value)
    if common is not None:
        day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = common.groups()
        # "-0000" (UTC, source zone unknown) is UTC here too, as below.
        offset = int(zone_hours) * 3600 + int(zone_minutes) * 60 if sign else 0
        try:
            return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second),
                            tzinfo=timezone(timedelta(seconds=-offset if sign == "-" else offset))).isoformat()
        except ValueError:
            pass  # out of range: the general reader decides, as for any other form
    return _rfc822_general(value)


def _rfc822_general(value: str) -> str | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return value
    if parsed.tzinfo is None and value.rstrip().endswith("-0000"):
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.isoformat() if parsed.tzinfo is not None else value


def _first(scope: list[ET.Element], tag: str) -> str | None:
    for element in scope:
        value = _text(element, tag)
        if value:
            return value
    return None


def _text(element: ET.Element, tag: str) -> str | None:
    found = element.find(tag)
    if found is None:
        return None
    text = "".join(found.itertext()).strip()
    return text or None


def _set(fields: dict, key: str, value: str | None) -> None:
    if value:
        fields[key] = value.strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
