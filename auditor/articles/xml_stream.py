"""Reads a big XML file (a feed, a WordPress export, an agency delivery) one item
at a time, safely: expat with no external DTD loaded, and entity declarations and
external entities refused (the defusedxml rules), fed in chunks, each item's subtree built, handed
over and dropped, so a 2 GB export is read in flat memory. Text past
`MAX_ITEM_TEXT` characters in one item is cut (the item says so), which keeps a
10 MB `content:encoded` from costing more than the cap.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
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


@dataclass
class _State:
    is_item: Callable[[str, int], bool]
    is_top: Callable[[str, int], bool] | None
    on_top: Callable[[ET.Element], None] | None
    stack: list[ET.Element] = field(default_factory=list)  # the open item's elements
    depth: int = 0
    item_depth: int = -1
    item_line: int = 0
    text_left: int = MAX_ITEM_TEXT
    cut: bool = False
    ready: list[XmlItem] = field(default_factory=list)
    top: list[ET.Element] = field(default_factory=list)  # elements outside items (channel title...)


def iter_xml_items(stream: BinaryIO, is_item: Callable[[str, int], bool],
                   is_top: Callable[[str, int], bool] | None = None,
                   on_top: Callable[[ET.Element], None] | None = None) -> Iterator[XmlItem]:
    """Items in document order: the elements for which `is_item(tag, depth)` is true
    (depth 0 is the root). Elements outside items for which `is_top(tag, depth)` is
    true (a channel's title, language) go to `on_top` when they end, with their
    text. Raises `XmlRefused` where the document stops being readable, after every
    item before that point was yielded."""
    state = _State(is_item, is_top, on_top)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.ordered_attributes = False

    def refuse(*_args) -> None:
        raise XmlRefused("XML declares entities in its DTD (refused: no entity expansion, no external entities)",
                         parser.CurrentLineNumber)

    # A DOCTYPE line alone is common (NITF names its DTD) and harmless: expat never
    # loads an external DTD here. Declaring entities is what bombs and XXE need.
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = lambda name, attrs: _start(state, parser, name, attrs)
    parser.EndElementHandler = lambda name: _end(state, name)
    parser.CharacterDataHandler = lambda text: _text(state, text)
    while True:
        chunk = stream.read(CHUNK)
        try:
            parser.Parse(chunk, not chunk)
        except expat.ExpatError as error:
            yield from state.ready
            raise XmlRefused(f"malformed or truncated XML: {expat.ErrorString(error.code)}", error.lineno) from None
        yield from state.ready
        state.ready.clear()
        if not chunk:
            return


def _tag(name: str) -> str:
    return "{" + name if "}" in name else name


def _start(state: _State, parser, name: str, attrs: dict) -> None:
    depth = state.depth
    state.depth += 1
    if depth > MAX_DEPTH:
        raise XmlRefused(f"XML nested deeper than {MAX_DEPTH} elements", parser.CurrentLineNumber)
    tag = _tag(name)
    if state.item_depth >= 0:
        attributes = {_tag(key): value for key, value in attrs.items()} if attrs else {}
        element = ET.SubElement(state.stack[-1], tag, attributes)
        state.stack.append(element)
        return
    if state.is_item(tag, depth):
        state.item_depth = depth
        state.item_line = parser.CurrentLineNumber
        state.text_left = MAX_ITEM_TEXT
        state.cut = False
        state.stack = [ET.Element(tag, {_tag(key): value for key, value in attrs.items()})]
        return
    if state.top:
        state.top.append(ET.SubElement(state.top[-1], tag))
    elif state.is_top is not None and state.is_top(tag, depth):
        state.top = [ET.Element(tag, {_tag(key): value for key, value in attrs.items()})]


def _end(state: _State, name: str) -> None:
    state.depth -= 1
    if state.item_depth >= 0:
        element = state.stack.pop()
        if state.depth == state.item_depth:
            state.item_depth = -1
            state.ready.append(XmlItem(element, state.item_line, state.cut))
            state.stack = []
        return
    if state.top:
        element = state.top.pop()
        if not state.top and state.on_top is not None:
            state.on_top(element)


def _text(state: _State, text: str) -> None:
    if state.item_depth >= 0:
        target = state.stack[-1]
    elif state.top:
        target = state.top[-1]
        if len(target.text or "") > 4096:
            return
    else:
        return
    if state.item_depth >= 0:
        if state.text_left <= 0:
            state.cut = True
            return
        if len(text) > state.text_left:
            text = text[: state.text_left]
            state.cut = True
        state.text_left -= len(text)
    if len(target):  # text after a child: its tail
        last = target[-1]
        last.tail = (last.tail or "") + text
    else:
        target.text = (target.text or "") + text
