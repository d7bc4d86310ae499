"""NewsML-G2 package items as stories. A package (`itemClass` ninat:composite)
names its items in a `groupSet`: groups of `itemRef` (by `residref`, the item's
guid, and often an `href`) and `groupRef`, read from the `root` group down. The
package is what an agency's client publishes: the text items' bodies with the
pictures beside them, so it is audited as one story, each picture with the
caption, credit and `digitalSourceType` of its own item.

An item is looked up first in the same file (a `newsMessage` delivers the package
and its items together, in any order: the items a package names are kept in a
table in the run's scratch folder while the file is read, and the packages are
built at the end), then through the reference's relative `href` in the file's
folder (one item per file, as agencies also deliver). A reference found in
neither is said on the package (INP005), never passed over in silence.
"""

from __future__ import annotations

import html
import json
import os
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
from typing import Any, BinaryIO, Iterator

from auditor.articles.exchange_item import ExchangeItem, ItemImage, item_of_payload
from auditor.articles.xml_stream import XmlRefused, iter_xml_items

G2 = "{http://iptc.org/std/nar/2006-10-01/}"
_MAX_REFS = 1000  # references kept per package; past them, the package says so


def referenced_guids(stream: BinaryIO) -> set[str] | None:
    """The guids the file's packages reference, or None when it has no package
    (then nothing needs keeping and the file is read once more, as before)."""
    referenced: set[str] | None = None
    try:
        for found in iter_xml_items(stream, lambda tag, depth: tag == G2 + "packageItem"):
            if referenced is None:
                referenced = set()
            referenced.update(ref.get("residref") or "" for ref in found.element.iter(G2 + "itemRef"))
    except XmlRefused:
        pass  # the second pass stops at the same place, after the items before it
    return referenced


class Packages:
    """The file's packages and the items they name, kept in a scratch SQLite table
    until the whole file is read; `stories()` then yields one story per package."""

    def __init__(self, referenced: set[str], folder: str | None) -> None:
        self.referenced = referenced
        self.folder = folder

    def __enter__(self) -> "Packages":
        from auditor.batch.scratch import scratch_folder

        self._scratch = tempfile.TemporaryDirectory(prefix="newsml-g2-", dir=scratch_folder())
        self._db = sqlite3.connect(os.path.join(self._scratch.name, "packages.sqlite"))
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE item (guid TEXT PRIMARY KEY, payload BLOB)")
        self._db.execute("CREATE TABLE package (number INTEGER PRIMARY KEY, line INTEGER, summary TEXT)")
        return self

    def __exit__(self, *_exc) -> None:
        self._db.close()
        self._scratch.cleanup()

    def keep(self, guid: str, item: ExchangeItem) -> None:
        if guid in self.referenced:
            self._db.execute("INSERT OR REPLACE INTO item VALUES (?, ?)", (guid, item.payload()))

    def add(self, element: ET.Element, line: int) -> None:
        self._db.execute("INSERT INTO package (line, summary) VALUES (?, ?)", (line, json.dumps(_summary(element))))

    def stories(self) -> Iterator[ExchangeItem]:
        self._db.commit()
        for number, line, summary in self._db.execute("SELECT number, line, summary FROM package ORDER BY number"):
            yield self._story(json.loads(summary), line, number)

    # ------------------------------------------------------------------------------
    def _story(self, summary: dict[str, Any], line: int, number: int) -> ExchangeItem:
        guid = summary.get("guid") or ""
        story = ExchangeItem(format="newsml_g2", ident=guid.rsplit(":", 1)[-1] if guid else f"package-{number}", line=line)
        story.title = summary.get("headline")
        story.published, story.updated = summary.get("published"), summary.get("updated")
        story.fields = {key: summary[key] for key in ("guid", "provider", "copyright") if summary.get(key)}
        story.fields["package_items"] = [ref["residref"] or ref["href"] for ref in summary["refs"]]
        bodies: list[str] = []
        for ref in summary["refs"]:
            found = self._item(ref)
            if found is None:
                if (ref.get("contenttype") or "").startswith("image/") and ref.get("href"):
                    story.images.append(ItemImage(src=ref["href"], caption=ref.get("caption"), title=ref.get("title")))
                else:
                    story.incomplete.append(f"package item {ref['residref'] or ref['href'] or '(unnamed)'} "
                                            f"({ref.get('item_class') or 'item'}) is neither in this file nor at its "
                                            "href: not audited")
                continue
            if found.body_html or found.body_text:
                bodies.append(found.body_html or f"<p>{html.escape(found.body_text or '')}</p>")
            story.title = story.title or found.title
            story.authors = story.authors or found.authors
            story.published = story.published or found.published
            story.updated = story.updated or found.updated
            story.language = story.language or found.language
            story.images += found.images
            story.incomplete += found.incomplete
        if summary.get("refs_cut"):
            story.incomplete.append(f"package references past {_MAX_REFS} not read")
        story.body_html = "\n".join(bodies) or None
        leads = [image for image in story.images if image.lead]
        for image in leads[1:]:  # each item's lead is the package's lead only for the first
            image.lead = False
        return story

    def _item(self, ref: dict[str, Any]) -> ExchangeItem | None:
        if ref.get("residref"):
            row = self._db.execute("SELECT payload FROM item WHERE guid = ?", (ref["residref"],)).fetchone()
            if row is not None:
                return _item_of_payload(row[0])
        return self._item_at_href(ref)

    def _item_at_href(self, ref: dict[str, Any]) -> ExchangeItem | None:
        href = ref.get("href") or ""
        if not self.folder or not href or "://" in href or href.startswith(("/", "\\")):
            return None
        folder = os.path.abspath(self.folder)
        path = os.path.normpath(os.path.join(folder, href))
        if not path.startswith(folder + os.sep) or not path.lower().endswith(".xml"):
            return None  # the package's own folder tree only, and only G2 files
        from auditor.articles.newsml_g2 import news_items
        from auditor.regular_files import open_regular

        try:
            with open_regular(path) as stream:
                first = None
                for item in news_items(stream):
                    if item.fields.get("guid") == ref.get("residref"):
                        return item
                    first = first or item
                return first if not ref.get("residref") else None
        except (OSError, XmlRefused):
            return None


def _item_of_payload(payload: bytes) -> ExchangeItem:
    data = item_of_payload(payload)
    data["images"] = [ItemImage(**image) for image in data.get("images") or ()]
    return ExchangeItem(**data)


def _summary(element: ET.Element) -> dict[str, Any]:
    """What a package says of itself and the references it makes, in order."""
    meta = element.find(G2 + "itemMeta")
    content = element.find(G2 + "contentMeta")
    rights = element.find(G2 + "rightsInfo")
    summary: dict[str, Any] = {"guid": element.get("guid") or ""}
    if meta is not None:
        provider = meta.find(G2 + "provider")
        summary["provider"] = provider.get("literal") if provider is not None else None
        summary["published"] = _text(meta.find(G2 + "firstCreated"))
        summary["updated"] = _text(meta.find(G2 + "versionCreated"))
    if content is not None:
        summary["headline"] = _text(content.find(G2 + "headline"))
    if rights is not None:
        summary["copyright"] = _text(rights.find(G2 + "copyrightNotice"))
    refs = list(_references(element.find(G2 + "groupSet")))
    summary["refs"] = refs[:_MAX_REFS]
    summary["refs_cut"] = len(refs) > _MAX_REFS
    return summary


def _references(group_set: ET.Element | None) -> Iterator[dict[str, Any]]:
    """The `itemRef`s from the root group down, through `groupRef`s, each group
    once (a cycle of groupRefs ends there); every group when no root is named."""
    if group_set is None:
        return
    groups = {group.get("id"): group for group in group_set.findall(G2 + "group")}
    root = groups.get(group_set.get("root"))
    starts = [root] if root is not None else list(groups.values())
    seen: set[int] = set()
    for start in starts:
        if id(start) in seen:
            continue
        seen.add(id(start))
        stack = [iter(start)]  # children still to read, group by group: document order
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            elif child.tag == G2 + "itemRef":
                yield _reference(child)
            elif child.tag == G2 + "groupRef":
                group = groups.get(child.get("idref"))
                if group is not None and id(group) not in seen:
                    seen.add(id(group))
                    stack.append(iter(group))


def _reference(ref: ET.Element) -> dict[str, Any]:
    item_class = ref.find(G2 + "itemClass")
    caption = next((_text(description) for description in ref.findall(G2 + "description")
                    if (description.get("role") or "drol:caption").endswith("caption")), None)
    return {"residref": ref.get("residref") or "", "href": ref.get("href") or "",
            "contenttype": ref.get("contenttype") or "",
            "item_class": item_class.get("qcode") if item_class is not None else None,
            "title": _text(ref.find(G2 + "title")), "caption": caption}


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    value = " ".join("".join(element.itertext()).split())
    return value or None
