"""Reads a big XML file (a feed, a WordPress export, an agency delivery) one item
at a time, safely: expat with no external DTD loaded, and entity declarations and
external entities refused (the defusedxml rules), fed in chunks, each item's subtree built, handed
over and dropped, so a 2 GB export is read in flat memory. Text past
`MAX_ITEM_TEXT` characters in one item is cut (the item says so), which keeps a
10 MB `content:encoded` from costing more than the cap.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator
from xml.parsers import expat

CHUNK = 256 * 1024
MAX_ITEM_TEXT = 4 * 1024 * 1024  # characters of text kept per item (bodies included)
MAX_DEPTH = 256  # an item nested deeper is no news item; it stops the read


class XmlRefused(Exception):
    """The document cannot be read further: a DTD or entity (refused), malformed or
    truncated XML. `line` is where expat stopped."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class XmlItem:
    element: ET.Element  # the item, tags as "{namespace}local"
    line: int  # where its start tag is
    cut: bool = False  # text past MAX_ITEM_TEXT was dropped


class _Builder:
    """The expat handlers (bound methods, set on the parser directly: one Python
    call per event, the cost that matters at 1,000 items a second): the open
    item's subtree, the top elements, the finished items."""

    __slots__ = ("parser", "is_item", "is_top", "on_top", "stack", "depth", "item_depth", "item_line", "text_left",
                 "cut", "ready", "top")

    def __init__(self, parser, is_item: Callable[[str, int], bool], is_top: Callable[[str, int], bool] | None,
                 on_top: Callable[[ET.Element], None] | None) -> None:
        self.parser = parser
        self.is_item = is_item
        self.is_top = is_top
        self.on_top = on_top
        self.stack: list[ET.Element] = []  # the open item's elements
        self.depth = 0
        self.item_depth = -1
        self.item_line = 0
        self.text_left = MAX_ITEM_TEXT
        self.cut = False
        self.ready: list[XmlItem] = []
        self.top: list[ET.Element] = []  # elements outside items (channel title...)

    def start(self, name: str, attrs: dict) -> None:
        depth = self.depth
        self.depth = depth + 1
        if depth > MAX_DEPTH:
            raise XmlRefused(f"XML nested deeper than {MAX_DEPTH} elements", self.parser.CurrentLineNumber)
        tag = "{" + name if "}" in name else name
        if self.item_depth >= 0:
            stack = self.stack
            stack.append(_SubElement(stack[-1], tag, _attributes(attrs)) if attrs else _SubElement(stack[-1], tag))
            return
        if self.is_item(tag, depth):
            self.item_depth = depth
            self.item_line = self.parser.CurrentLineNumber
            self.text_left = MAX_ITEM_TEXT
            self.cut = False
            self.stack = [ET.Element(tag, _attributes(attrs))]
            return
        if self.top:
            self.top.append(_SubElement(self.top[-1], tag))
        elif self.is_top is not None and self.is_top(tag, depth):
            self.top = [ET.Element(tag, _attributes(attrs))]

    def end(self, _name: str) -> None:
        self.depth = depth = self.depth - 1
        if self.item_depth >= 0:
            element = self.stack.pop()
            if depth == self.item_depth:
                self.item_depth = -1
                self.ready.append(XmlItem(element, self.item_line, self.cut))
                self.stack = []
            return
        if self.top:
            element = self.top.pop()
            if not self.top and self.on_top is not None:
                self.on_top(element)

    def text(self, text: str) -> None:
        if self.item_depth >= 0:
            target = self.stack[-1]
            if self.text_left <= 0:
                self.cut = True
                return
            if len(text) > self.text_left:
                text = text[: self.text_left]
                self.cut = True
            self.text_left -= len(text)
        elif self.top:
            target = self.top[-1]
            if len(target.text or "") > 4096:
                return
        else:
            return
        if len(target):  # text after a child: its tail
            last = target[-1]
            last.tail = (last.tail or "") + text
        else:
            target.text = (target.text or "") + text


_SubElement = ET.SubElement


def _attributes(attrs: dict) -> dict:
    return {("{" + key if "}" in key else key): value for key, value in attrs.items()}


def iter_xml_items(stream: BinaryIO, is_item: Callable[[str, int], bool],
                   is_top: Callable[[str, int], bool] | None = None,
                   on_top: Callable[[ET.Element], None] | None = None) -> Iterator[XmlItem]:
    """Items in document order: the elements for which `is_item(tag, depth)` is true
    (depth 0 is the root). Elements outside items for which `is_top(tag, depth)` is
    true (a channel's title, language) go to `on_top` when they end, with their
    text. Raises `XmlRefused` where the document stops being readable, after every
    item before that point was yielded."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.ordered_attributes = False
    builder = _Builder(parser, is_item, is_top, on_top)

    def refuse(*_args) -> None:
        raise XmlRefused("XML declares entities in its DTD (refused: no entity expansion, no external entities)",
                         parser.CurrentLineNumber)

    # A DOCTYPE line alone is common (NITF names its DTD) and harmless: expat never
    # loads an external DTD here. Declaring entities is what bombs and XXE need.
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.text
    ready = builder.ready
    while True:
        chunk = stream.read(CHUNK)
        try:
            parser.Parse(chunk, not chunk)
        except expat.ExpatError as error:
            yield from ready
            raise XmlRefused(f"malformed or truncated XML: {expat.ErrorString(error.code)}", error.lineno) from None
        yield from ready
        ready.clear()
        if not chunk:
            return
