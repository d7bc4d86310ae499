"""WordPress eXtended RSS (WXR), the export of a whole WordPress site: posts and
pages as stories, attachments joined to the posts that use them (the featured
image `_thumbnail_id`, `<img class="wp-image-ID">` and attachment URLs in
`content:encoded`) with their caption (`excerpt:encoded`), alt text, title and
credit.

One pass over the file keeps every attachment, and every story as its payload,
in SQLite tables in the run's private folder (`batch.scratch`: removed on exit,
on Ctrl-C and on SIGTERM), so memory stays flat however big the site; then the
stories are yielded in file order, their attachments joined. (Reading the XML a
second time instead cost more than the whole item's building: parsing is the
expensive part, the tables are cheap.)
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
from typing import BinaryIO, Iterator

from auditor.articles.exchange_item import ExchangeItem, ItemImage, item_of_payload
from auditor.articles.feed import CONTENT, DC
from auditor.articles.xml_stream import XmlRefused, iter_xml_items

_WP_PREFIX = "{http://wordpress.org/export/"
_EXCERPT = re.compile(r"^\{http://wordpress\.org/export/[0-9.]+/excerpt/\}encoded$")
_WP_TAG = re.compile(r"^\{http://wordpress\.org/export/[0-9.]+/\}(.+)$")
# Types that are site machinery, not stories.
_NOT_STORIES = frozenset({"attachment", "nav_menu_item", "revision", "customize_changeset", "oembed_cache",
                          "custom_css", "user_request", "acf-field", "acf-field-group"})
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_SIZE_SUFFIX = re.compile(r"(?:-\d{2,5}x\d{2,5}|@\dx)(?=\.[A-Za-z0-9]{2,5}$)")
_CREDIT_KEYS = ("_media_credit", "media_credit", "_wp_attachment_source_name", "credit", "_credit", "photo_credit",
                "_photo_credit")


def read_wxr(stream: BinaryIO) -> Iterator[ExchangeItem]:
    from auditor.batch.scratch import scratch_folder

    with tempfile.TemporaryDirectory(prefix="wxr-", dir=scratch_folder()) as folder:
        attachments = _Attachments(os.path.join(folder, "attachments.sqlite"))
        try:
            stopped: XmlRefused | None = None
            try:
                for found in iter_xml_items(stream, _is_item):
                    wp = _wp_fields(found.element)
                    post_type = wp.get("post_type", "post")
                    if post_type == "attachment":
                        attachments.add(found.element, wp)
                    if post_type in _NOT_STORIES or post_type.startswith("wp_"):
                        continue
                    item, wanted = _story(found.element, wp)
                    item.line = found.line
                    if found.cut:
                        item.incomplete.append("item text past 4,194,304 characters not read (exchange item cap)")
                    attachments.keep_story(item, wanted)
            except XmlRefused as error:
                stopped = error  # raised after the stories before it
            attachments.commit()
            for item, wanted in attachments.stories():
                _join_images(item, wanted, attachments)
                yield item
            if stopped is not None:
                raise stopped
        finally:
            attachments.close()


def _is_item(tag: str, depth: int) -> bool:
    return tag == "item" and depth == 2


def _wp_name(tag: str) -> str | None:
    """"post_id" for "{http://wordpress.org/export/1.2/}post_id", None for a tag of
    another namespace. A file uses a few dozen tags, each millions of times:
    remembered (up to a bound, so a hostile file's endless names cost no memory)."""
    try:
        return _WP_NAMES[tag]
    except KeyError:
        match = _WP_TAG.match(tag)
        name = match.group(1) if match is not None else None
        if len(_WP_NAMES) < 1024:
            _WP_NAMES[tag] = name
        return name


_WP_NAMES: dict[str, str | None] = {}


def _wp_fields(element: ET.Element) -> dict[str, str]:
    """The item's `wp:*` children as text (`wp:postmeta` as "meta:KEY")."""
    fields: dict[str, str] = {}
    for child in element:
        name = _wp_name(child.tag)
        if name is None:
            continue
        if name == "postmeta":
            key = value = None
            for part in child:
                part_name = _wp_name(part.tag)
                if part_name == "meta_key":
                    key = (part.text or "").strip()
                elif part_name == "meta_value":
                    value = (part.text or "").strip()
            if key:
                fields.setdefault("meta:" + key, value or "")
        elif len(child) == 0:
            fields[name] = (child.text or "").strip()
    return fields


def _story(element: ET.Element, wp: dict[str, str]) -> tuple[ExchangeItem, list]:
    """The post as an item, and what names its images (joined once every
    attachment of the file is known: an attachment often comes after its post)."""
    post_id = wp.get("post_id", "")
    item = ExchangeItem(format="wxr", ident=post_id if post_id.isdigit() else "")
    item.title = _text(element, "title")
    item.body_html = _text(element, CONTENT + "encoded")
    item.summary = next((_clean(child.text) for child in element if _EXCERPT.match(child.tag)), None) or None
    creator = _text(element, DC + "creator")
    item.authors = [creator] if creator else []
    item.published = _gmt(wp.get("post_date_gmt")) or wp.get("post_date") or _text(element, "pubDate")
    item.updated = _gmt(wp.get("post_modified_gmt")) or wp.get("post_modified")
    link = _text(element, "link")
    if link:
        item.fields["canonical"] = link
    for key in ("post_type", "status"):
        if wp.get(key):
            item.fields[f"wp_{key}"] = wp[key]
    if wp.get("post_id"):
        item.fields["wp_post_id"] = wp["post_id"]
    body = item.body_html or ""
    return item, [wp.get("meta:_thumbnail_id", ""), _WP_IMAGE_CLASS.findall(body), _IMG_SRC.findall(body)]


def _join_images(item: ExchangeItem, wanted: list, attachments: "_Attachments") -> None:
    """The featured image, the images the body names by class, then by URL."""
    thumbnail, by_class, sources = wanted
    used: list[str] = []
    if thumbnail.isdigit():
        used.append(thumbnail)
    used += by_class
    for src in sources:
        found = attachments.by_url(src)
        if found is not None:
            used.append(found)
    seen: set[str] = set()
    for attachment_id in used:
        if attachment_id in seen:
            continue
        seen.add(attachment_id)
        image = attachments.get(attachment_id)
        if image is not None:
            image.lead = attachment_id == thumbnail
            item.images.append(image)


class _Attachments:
    """Attachments by post id and by URL (size suffix dropped), and the stories
    waiting for them in file order, in scratch tables: one pass over the file,
    in flat memory."""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE a (id TEXT PRIMARY KEY, url_key TEXT, url TEXT, caption TEXT, alt TEXT,"
                         " title TEXT, credit TEXT)")
        self._db.execute("CREATE INDEX a_url ON a (url_key)")
        self._db.execute("CREATE TABLE story (item BLOB, wanted TEXT)")

    def keep_story(self, item: ExchangeItem, wanted: list) -> None:
        self._db.execute("INSERT INTO story VALUES (?, ?)", (item.payload(), json.dumps(wanted)))

    def stories(self) -> Iterator[tuple[ExchangeItem, list]]:
        """The stories kept, in file order (read in batches: the table may be big)."""
        last = 0
        while True:
            rows = self._db.execute("SELECT rowid, item, wanted FROM story WHERE rowid > ? ORDER BY rowid LIMIT 256",
                                    (last,)).fetchall()
            if not rows:
                return
            for last, payload, wanted in rows:
                item = item_of_payload(payload)
                item["images"] = [ItemImage(**image) for image in item["images"]]
                yield ExchangeItem(**item), json.loads(wanted)

    def add(self, element: ET.Element, wp: dict[str, str]) -> None:
        url = wp.get("attachment_url") or _text(element, "guid")
        if not url or not wp.get("post_id"):
            return
        caption = next((_clean(child.text) for child in element if _EXCERPT.match(child.tag)), None)
        credit = next((wp["meta:" + key] for key in _CREDIT_KEYS if wp.get("meta:" + key)), None)
        self._db.execute("INSERT OR REPLACE INTO a VALUES (?, ?, ?, ?, ?, ?, ?)", (
            wp["post_id"], _url_key(url), url, caption or None, wp.get("meta:_wp_attachment_image_alt") or None,
            _text(element, "title"), credit))

    def commit(self) -> None:
        self._db.commit()

    def get(self, attachment_id: str) -> ItemImage | None:
        row = self._db.execute("SELECT url, caption, alt, title, credit FROM a WHERE id = ?", (attachment_id,)).fetchone()
        if row is None:
            return None
        url, caption, alt, title, credit = row
        return ItemImage(src=url, caption=caption, alt=alt, title=title, credit=credit)

    def by_url(self, src: str) -> str | None:
        row = self._db.execute("SELECT id FROM a WHERE url_key = ? LIMIT 1", (_url_key(src),)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self._db.close()


def _url_key(url: str) -> str:
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    path = path.split("/", 1)[-1] if "/" in path else path
    return _SIZE_SUFFIX.sub("", path).lower()


def _gmt(value: str | None) -> str | None:
    """`wp:post_date_gmt` ("2024-05-01 09:30:00", "0000-00-00 00:00:00" for a
    draft) as an ISO date in UTC, or None."""
    if not value or value.startswith("0000"):
        return None
    return value.replace(" ", "T") + "Z"


def _text(element: ET.Element, tag: str) -> str | None:
    found = element.find(tag)
    return _clean(found.text) if found is not None else None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
