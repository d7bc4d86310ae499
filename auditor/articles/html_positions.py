"""Source offsets of parsed HTML elements.

The parser keeps no source positions, so we recover them: one linear scan of the
source records where each start tag of interest begins (skipping comments and
raw-text elements such as <script>, whose contents the parser does not turn into
elements either), and the k-th element of a tag in the tree is matched with the
k-th start tag in the source. Images are re-synchronised on their `src`, so a
stray `<img` the parser dropped does not shift every later image.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.articles.html_select import select

LOCATED_TAGS = frozenset({"figure", "figcaption", "img", "picture", "p", "h1", "h2", "h3", "time", "title", "script"})
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "template", "noembed", "noframes", "iframe", "plaintext")

# The names below, written as a trie behind a test of the first character: most
# "<" of a page (end tags, <div>, <a>, <meta>) are refused in one step instead
# of one per alternative (tests/test_html_fast_paths.py holds it to the plain list).
_SCAN_PATTERN = (
    r"<(?=[!fhinpstx])(?:(?P<comment>!--)"
    r"|(?P<raw>s(?:cript|tyle)|t(?:extarea|itle|emplate)|xmp|no(?:embed|frames)|iframe|plaintext)(?=[\s/>])"
    r"|(?P<tag>fig(?:ure|caption)|img|picture|p|h[123]|time)(?=[\s/>]))"
)
# Case-insensitive patterns defeat the regex engine's literal prefix search;
# scanning a lowercased copy is several times faster, when lowercasing keeps
# every offset (it does unless the page holds a character such as "İ").
_SCAN = re.compile(_SCAN_PATTERN)
_SCAN_ANY_CASE = re.compile(_SCAN_PATTERN, re.IGNORECASE)
_CLOSERS = {name: re.compile(rf"</{name}(?=[\s/>])[^>]*>") for name in _RAW_TEXT}
_CLOSERS_ANY_CASE = {name: re.compile(rf"</{name}(?=[\s/>])[^>]*>", re.IGNORECASE) for name in _RAW_TEXT}
# What the story's parsers ask of a scope (paragraphs, headings, images,
# figures): one query answers all of them.
_STORY_ELEMENTS = "p, h1, h2, h3, img, figure"
_TAG_END_WINDOW = 8192
_IMG_RESYNC_LOOKAHEAD = 4
_TEXT_SEARCH_WINDOW = 20000
_TEXT_NEEDLE_CHARS = 40


def ascii_lower(text: str) -> str:
    """`text` with its ASCII letters in lowercase and every other character kept,
    so offsets stay: the case folding of HTML names. Through UTF-8 bytes unless
    the text is ASCII: three times faster than str.lower() on a page with a
    single non-ASCII character, which makes Python store it two or four bytes a
    character."""
    if text.isascii():
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def scan_start_tags(source: str, lowered: str | None = None) -> dict[str, list[int]]:
    """Offsets of the start tags in LOCATED_TAGS, per lowercase tag name, in order
    (`lowered`: `ascii_lower(source)`, when the caller has it already)."""
    starts: dict[str, list[int]] = {}
    lowered = ascii_lower(source) if lowered is None else lowered
    # "İ" is the one character whose lowercase is two: where str.lower() would
    # have shifted offsets, the scan has always matched in any case, and still does.
    if "\u0130" not in source:
        source, scan, closers = lowered, _SCAN, _CLOSERS
    else:
        scan, closers = _SCAN_ANY_CASE, _CLOSERS_ANY_CASE
    search = scan.search
    position = 0
    while True:
        match = search(source, position)
        if match is None:
            return starts
        comment, raw, tag = match.groups()
        if tag:
            starts.setdefault(tag.lower(), []).append(match.start())
            position = match.end()
            continue
        if comment:
            end = source.find("-->", match.end())
            if end < 0:
                return starts  # an unclosed comment swallows the rest of the page
            position = end + 3
            continue
        name = raw.lower()
        starts.setdefault(name, []).append(match.start())
        closer = closers[name].search(source, match.end())
        if closer is None:
            return starts
        position = closer.end()


class ElementPositions:
    """Offsets in `source` of elements of `tree` (parsed from that source), and
    what can be learnt of the page once for all its parsers: which tags and
    words its source holds, the paragraphs, headings and images of a scope."""

    def __init__(self, tree: LexborHTMLParser, source: str) -> None:
        self._tree = tree
        self._source = source
        self._lowered = ascii_lower(source)
        self._starts = scan_start_tags(source, self._lowered)
        self._has_reference = "&" in source
        self._has_tag: dict[str, bool] = {}
        self._offsets: dict[str, dict[int, int]] = {}
        self._story_elements: dict[int, list[tuple[LexborNode, str]]] = {}

    def offset_of(self, node: LexborNode) -> int | None:
        tag = node.tag
        if tag not in LOCATED_TAGS:
            return None
        offsets = self._offsets.get(tag)
        if offsets is None:
            offsets = self._map_images() if tag == "img" else self._map_in_order(tag)
            self._offsets[tag] = offsets
        return offsets.get(node.mem_id)

    def elements_in(self, scope: LexborNode, *tags: str) -> list[LexborNode]:
        """The elements of `scope` (itself included) named one of `tags` (p,
        h1, h2, h3, img, figure), in document order: what `select(scope, "p, h2")`
        finds, from one query per scope whatever is asked of it."""
        found = self._story_elements.get(scope.mem_id)
        if found is None:
            found = self._story_elements[scope.mem_id] = [(node, node.tag) for node in select(scope, _STORY_ELEMENTS)]
        return [node for node, tag in found if tag in tags]

    @property
    def size(self) -> int:
        """Characters in the source."""
        return len(self._source)

    def has_tag(self, *names: str) -> bool:
        """Whether the source may have a start tag named any of `names`
        (lowercase; in any case): a test before a query most pages would answer
        with nothing. "<name" in the source is all it asks (an element named
        X has "<X" there); a longer name it is the start of ("<mainly") only
        costs a query. A substring scan costs under one instruction a
        character, twenty times less than listing the page's tag names."""
        known = self._has_tag
        for name in names:
            found = known.get(name)
            if found is None:
                found = known[name] = "<" + name in self._lowered
            if found:
                return True
        return False

    def mentions(self, *texts: str) -> bool:
        """Whether the source holds any of `texts` (lowercase; matched in any
        case): a cheap test before a query most pages would answer with nothing.
        Safe for attribute names ("itemprop"), which markup cannot spell any
        other way; attribute values need `may_hold_value`, tags `has_tag`."""
        lowered = self._lowered
        for text in texts:
            if text in lowered:
                return True
        return False

    def may_hold_value(self, *words: str) -> bool:
        """Whether an attribute value may hold any of `words` (lowercase): a
        value can also spell a word with character references ("&#99;aption"),
        so a page with any "&" always may."""
        return self._has_reference or self.mentions(*words)

    def tag_end(self, start: int) -> int:
        end = self._source.find(">", start, start + _TAG_END_WINDOW)
        return end + 1 if end >= 0 else start + 1

    def find_text(self, text: str, start: int) -> int | None:
        """Where `text` (as the parser gives it) first appears at or after `start`;
        None when markup or entities inside it hide it from a plain search."""
        needle = text[:_TEXT_NEEDLE_CHARS]
        if not needle:
            return None
        found = self._source.find(needle, start, start + _TEXT_SEARCH_WINDOW)
        return found if found >= 0 else None

    def _map_in_order(self, tag: str) -> dict[int, int]:
        starts = self._starts.get(tag, [])
        return {node.mem_id: offset for node, offset in zip(select(self._tree, tag), starts)}

    def _map_images(self) -> dict[int, int]:
        starts = self._starts.get("img", [])
        nodes = select(self._tree, "img")
        if len(nodes) == len(starts):
            # The usual case: the parser kept every <img> the scan saw.
            return {node.mem_id: offset for node, offset in zip(nodes, starts)}
        offsets: dict[int, int] = {}
        cursor = 0
        for node in nodes:
            if cursor >= len(starts):
                break
            src = node.attributes.get("src") or ""
            chosen = cursor
            if src and "&" not in src:
                for candidate in range(cursor, min(cursor + _IMG_RESYNC_LOOKAHEAD, len(starts))):
                    start = starts[candidate]
                    if src in self._source[start : self.tag_end(start)]:
                        chosen = candidate
                        break
            offsets[node.mem_id] = starts[chosen]
            cursor = chosen + 1
        return offsets
