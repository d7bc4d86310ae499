"""NewsML-G2 (IPTC) news and picture items, alone or in a `newsMessage`: each
`newsItem` a story. `contentMeta` gives `headline`, `by`, `creator`, `dateline`,
`creditline`, `infoSource` (with its role), the caption (`description`), and for
pictures the `digitalSourceType` IPTC defines (a declared AI signal, as JSON-LD's);
`rightsInfo` the copyright; `itemMeta` the dates and provider. A text item's body
is its inline NITF or XHTML; a picture item's `remoteContent` is its figure.

A package item (`packageItem`: a `groupSet` of groups, each of `itemRef`s and
`groupRef`s, from its `root` group down) is one more story: what a reader of the
package sees, its text items' bodies with their pictures, in group order
(`newsml_g2_package`). Every item stays a story of its own as well: an agency's
picture may run alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import BinaryIO, Iterator

from auditor.articles.exchange_item import ExchangeItem, ItemImage
from auditor.articles.nitf import nitf_story
from auditor.articles.xml_stream import iter_xml_items

G2 = "{http://iptc.org/std/nar/2006-10-01/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
_IMAGE_CLASSES = ("ninat:picture", "ninat:graphic")


def read_newsml_g2(stream: BinaryIO, folder: str | None = None) -> Iterator[ExchangeItem]:
    """The news items in file order, then the file's packages (their references
    resolved among the file's items, then through `href` in `folder`)."""
    from auditor.articles.newsml_g2_package import Packages, referenced_guids

    referenced = referenced_guids(stream)  # first pass: packages only, none is built when there are none
    stream.seek(0)
    if referenced is None:
        yield from news_items(stream)
        return
    number = 0
    with Packages(referenced, folder) as packages:
        for found in iter_xml_items(stream, lambda tag, depth: tag in (G2 + "newsItem", G2 + "packageItem")):
            if found.element.tag == G2 + "packageItem":
                packages.add(found.element, found.line)
                continue
            number += 1
            item = _found_item(found, number)
            packages.keep(found.element.get("guid") or "", item)
            yield item
        yield from packages.stories()


def news_items(stream: BinaryIO) -> Iterator[ExchangeItem]:
    for number, found in enumerate(iter_xml_items(stream, lambda tag, depth: tag == G2 + "newsItem"), start=1):
        yield _found_item(found, number)


def _found_item(found, number: int) -> ExchangeItem:
    item = _news_item(found.element)
    item.line = found.line
    item.ident = item.ident or str(number)
    if found.cut:
        item.incomplete.append("item text past 4,194,304 characters not read (exchange item cap)")
    return item


def _news_item(element: ET.Element) -> ExchangeItem:
    guid = element.get("guid") or ""
    item = ExchangeItem(format="newsml_g2", ident=guid.rsplit(":", 1)[-1] if guid else "")
    if guid:
        item.fields["guid"] = guid
    meta = element.find(G2 + "itemMeta")
    content = element.find(G2 + "contentMeta")
    item_class = ""
    if meta is not None:
        found_class = meta.find(G2 + "itemClass")
        item_class = found_class.get("qcode", "") if found_class is not None else ""
        item.published = _text(meta.find(G2 + "firstCreated"))
        item.updated = _text(meta.find(G2 + "versionCreated"))
        provider = meta.find(G2 + "provider")
        if provider is not None and (provider.get("literal") or _name(provider)):
            item.fields["provider"] = provider.get("literal") or _name(provider)
    rights = element.find(G2 + "rightsInfo")
    if rights is not None:
        holder = rights.find(G2 + "copyrightHolder")
        notice = _text(rights.find(G2 + "copyrightNotice"))
        if notice or holder is not None:
            item.fields["copyright"] = notice or holder.get("literal") or _name(holder)
    caption = credit = source_type = None
    if content is not None:
        item.title = _text(content.find(G2 + "headline"))
        item.authors = [value for value in (_text(content.find(G2 + "by")),) if value] or \
            [name for creator in content.findall(G2 + "creator") if (name := creator.get("literal") or _name(creator))]
        item.published = _text(content.find(G2 + "contentCreated")) or item.published
        item.updated = _text(content.find(G2 + "contentModified")) or item.updated
        language = content.find(G2 + "language")
        item.language = language.get("tag") if language is not None else None
        for key in ("dateline", "creditline"):
            if _text(content.find(G2 + key)):
                item.fields[key] = _text(content.find(G2 + key))
        sources = [(source.get("role", ""), source.get("literal") or _name(source))
                   for source in content.findall(G2 + "infoSource")]
        named = [name for _, name in sources if name]
        if named:
            item.fields["info_sources"] = [f"{name} ({role})" if role else name for role, name in sources if name]
            item.fields["source"] = next((name for role, name in sources if "source" in role and name), named[0])
        for description in content.findall(G2 + "description"):
            if description.get("role", "drol:caption").endswith("caption") and _text(description):
                caption = _text(description)
            elif _text(description) and not item.summary:
                item.summary = _text(description)
        credit = item.fields.get("creditline")
        declared = content.find(G2 + "digitalSourceType")
        if declared is not None:
            source_type = declared.get("uri") or declared.get("qcode")
            item.fields["digital_source_type"] = source_type
    content_set = element.find(G2 + "contentSet")
    if content_set is not None:
        for inline in content_set.findall(G2 + "inlineXML"):
            nitf = next((child for child in inline if child.tag.rsplit("}", 1)[-1] == "nitf"), None)
            if nitf is not None:
                nitf_story(nitf, item)
            elif len(inline):
                body = inline.find(".//" + XHTML + "body")
                body = inline[0] if body is None else body
                for element in body.iter():  # <p>, not <html:p xmlns:html=...>: HTML, as the body parser reads it
                    if isinstance(element.tag, str) and element.tag.startswith(XHTML):
                        element.tag = element.tag[len(XHTML):]
                item.body_html = "".join(ET.tostring(child, encoding="unicode") for child in body)
            elif _text(inline):
                item.body_text = _text(inline)
        if item_class in _IMAGE_CLASSES:
            remote = _best_rendition(content_set.findall(G2 + "remoteContent"))
            if remote is not None:
                item.images.append(ItemImage(src=remote, caption=caption, credit=credit,
                                             digital_source_type=source_type, lead=True))
    return item


def _best_rendition(contents: list[ET.Element]) -> str | None:
    """The href of the highest rendition (rnd:highRes, then the first)."""
    ranked = sorted(contents, key=lambda c: 0 if "highRes" in (c.get("rendition") or "") else 1)
    for remote in ranked:
        href = remote.get("href") or remote.get("residref")
        if href:
            return href.strip()
    return None


def _name(element: ET.Element | None) -> str | None:
    return _text(element.find(G2 + "name")) if element is not None else None


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    value = " ".join("".join(element.itertext()).split())
    return value or None
