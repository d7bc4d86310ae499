"""Which newsroom exchange format a file is, decided by its content (never its
extension), and the stream of items its reader yields.

XML: the root element and the namespaces in the head of the file decide (RSS,
RSS 1.0, Atom, WordPress WXR, NITF, NewsML-G2). JSON: the shape decides (JSON
Feed's `version`, an ANS `"type": "story"`, a WordPress REST post or list). A
file that is none of them is not an exchange file: XML is then skipped as not
an article, JSON goes on to the CMS JSON checks.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator

from auditor.articles.exchange_item import ExchangeItem

EXCHANGE_XML_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".nitf", ".wxr"})
HEAD_BYTES = 16 * 1024
SEEN_IN_MEMORY = 10_000  # item names kept in memory to make them unique; the rest in a temporary table
NOT_EXCHANGE_XML = "XML that is not a news exchange format (RSS, Atom, WXR, NITF, NewsML-G2)"

_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_SKIPPABLE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)
# The DOCTYPE names the root element; its internal subset may be long (or hostile).
_DOCTYPE = re.compile(rb"\s*<!DOCTYPE\s+(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)", re.IGNORECASE)


@dataclass(frozen=True)
class ItemProblem:
    """Where a file stopped being readable: the items before it were read."""

    message: str
    line: int | None = None


def sniff_exchange(path: str) -> str | None:
    """The exchange format of the file at `path`, or None. Memoised per file
    signature: discovery asks, then the batch asks again."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    key = (path, status.st_size, status.st_mtime_ns)
    if _LAST[0] == key:
        return _LAST[1]
    from auditor.articles.not_articles import read_head

    head = read_head(path, HEAD_BYTES)
    found = sniff_head(head, path, status.st_size) if head else None
    _LAST[:] = [key, found]
    return found


_LAST: list = [None, None]


def sniff_head(head: bytes, path: str | None = None, size: int = 0) -> str | None:
    if path is None:
        return sniff_opened(head, None, size)
    from auditor.regular_files import open_regular

    return sniff_opened(head, lambda: open_regular(path), size)


def sniff_opened(head: bytes, opener: Callable[[], BinaryIO] | None, size: int) -> str | None:
    """The exchange format of a file (or an archive member) that begins with
    `head`; `opener` reopens it when a JSON file's head does not decide."""
    text = head.lstrip(b"\xef\xbb\xbf")
    stripped = text.lstrip()
    if stripped[:1] == b"<":
        return _sniff_xml(text)
    if stripped[:1] in (b"{", b"[") and opener is not None:
        from auditor.articles.exchange_json import sniff_json

        return sniff_json(opener, stripped, size)
    return None


def _sniff_xml(text: bytes) -> str | None:
    position = 0
    while True:
        skipped = _SKIPPABLE.match(text, position)
        if skipped is None or skipped.end() == position:
            break
        position = skipped.end()
    root = _DOCTYPE.match(text, position)
    if root is not None:
        name = root.group(1).decode("ascii").lower()
    else:
        root = _ROOT.match(text, position + (len(text[position:]) - len(text[position:].lstrip())))
        if root is None:
            return None
        name = root.group(2).decode("ascii").lower()
    if name == "rss":
        return "wxr" if b"wordpress.org/export/" in text and b"<wp:" in text else "rss"
    if name == "rdf" and b"purl.org/rss/1.0/" in text:
        return "rss"
    if name == "feed" and b"http://www.w3.org/2005/Atom" in text:
        return "atom"
    if name == "nitf":
        return "nitf"
    if name in ("newsitem", "packageitem", "newsmessage") and b"iptc.org/std/nar/2006-10-01" in text:
        return "newsml_g2"
    return None


def read_items(path: str, exchange_format: str,
               opener: Callable[[], BinaryIO] | None = None) -> Iterator[ExchangeItem | ItemProblem]:
    """The items of the file, in order, each with an identifier unique in the file;
    an `ItemProblem` last when the file stops being readable part-way. `opener`
    opens it when it is not a file of its own (an archive member)."""
    folder = None  # where a NewsML-G2 package finds items by href: a file's own folder
    if opener is None:
        from auditor.regular_files import open_regular

        opener = functools.partial(open_regular, path)
        folder = os.path.dirname(path) or "."
    from auditor.path_set import PathSet

    # The names given so far: on disk past SEEN_IN_MEMORY, so a million-item export
    # does not hold a million names.
    seen = PathSet(SEEN_IN_MEMORY)
    number = 0
    try:
        for item in _items(opener, exchange_format, folder):
            number += 1
            ident = _ident(item.ident) or str(number)
            if not seen.add(ident):
                ident = f"{ident}-{number}"
                seen.add(ident)
            item.ident = ident
            yield item
    except Exception as error:  # noqa: BLE001 - the file's problem, after its good items
        from auditor.articles.exchange_json import JsonRefused
        from auditor.articles.xml_stream import XmlRefused

        line = error.line if isinstance(error, XmlRefused) else None
        message = str(error) if isinstance(error, (XmlRefused, JsonRefused)) else f"{type(error).__name__}: {error}"
        where = f" after item {number}" if number else ""
        yield ItemProblem(f"cannot read {exchange_format} file{where}: {message}"[:500], line)
    finally:
        seen.close()


_SAFE_IDENT = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_ID_SEPARATORS = re.compile(r"[/:?=&#,]+")


def _ident(declared: str) -> str | None:
    """The item's own id as a key: as declared when it is a plain token ("1234",
    "gazette-1002"), else the last part of a URL or tag id ("tag:site,2025:1002" ->
    "1002", "https://site/2025/flood/" -> "flood"), which stays the same when a feed
    gains items above it; None when there is nothing usable."""
    if not declared:
        return None
    if _SAFE_IDENT.match(declared):
        return declared
    parts = [part for part in _ID_SEPARATORS.split(declared.strip()) if part]
    return parts[-1] if parts and _SAFE_IDENT.match(parts[-1]) else None


def _items(opener: Callable[[], BinaryIO], exchange_format: str, folder: str | None) -> Iterator[ExchangeItem]:
    if exchange_format in ("json_feed", "arc_ans", "wp_rest"):
        from auditor.articles.exchange_json import json_items

        yield from json_items(opener, exchange_format)
        return
    with opener() as stream:
        if exchange_format in ("rss", "atom"):
            from auditor.articles.feed import read_feed

            yield from read_feed(stream, exchange_format)
        elif exchange_format == "wxr":
            from auditor.articles.wxr import read_wxr

            yield from read_wxr(stream)
        elif exchange_format == "nitf":
            from auditor.articles.nitf import read_nitf

            yield from read_nitf(stream)
        elif exchange_format == "newsml_g2":
            from auditor.articles.newsml_g2 import read_newsml_g2

            yield from read_newsml_g2(stream, folder)
