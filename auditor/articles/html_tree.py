"""Parsing HTML into a tree without letting nesting depth cost quadratic time.

Lexbor checks element scopes against the whole stack of open elements, so a page
nesting 100,000 <div>s takes minutes to parse. Browsers cap tree depth (Blink
at 512); we do the same before parsing: start tags deeper than MAX_DEPTH, and
the end tags that close them, are blanked with spaces. The source keeps its
length and line breaks, so offsets and line numbers are unchanged.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from auditor.articles.markup_budget import within_budget

MAX_DEPTH = 512
# Fewer "<" than this cannot nest deep enough to slow the parser; most pages
# stop here after one C-speed count.
_CHEAP_BOUND = 3000

_TOKEN = re.compile(r"<(?:(!--)|(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>)")
_NOT_NEWLINE = re.compile(r"[^\n]")
# Elements that never hold children, or whose end tags are implied by their
# siblings, do not add depth.
_FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body", "image",
})
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "template", "noembed", "noframes", "iframe", "plaintext")
_CLOSERS = {name: re.compile(rf"</{name}(?=[\s/>])[^>]*>", re.IGNORECASE) for name in _RAW_TEXT}
_FOREIGN = frozenset({"svg", "math"})


def parse_html_tree(source: str) -> tuple[LexborHTMLParser, str]:
    """The parsed tree and the source it was parsed from (depth-capped, element-
    capped by `markup_budget`, same length)."""
    source = within_budget(source)
    capped = cap_nesting(source) if source.count("<") > _CHEAP_BOUND else source
    return LexborHTMLParser(capped), capped


def cap_nesting(source: str, max_depth: int = MAX_DEPTH) -> str:
    stack: list[str] = []
    open_count: dict[str, int] = {}
    blanked_open: dict[str, int] = {}
    blanks: list[tuple[int, int]] = []
    position = 0
    while True:
        match = _TOKEN.search(source, position)
        if match is None:
            break
        position = match.end()
        if match.group(1):
            end = source.find("-->", match.end())
            if end < 0:
                break
            position = end + 3
            continue
        name = match.group(3).lower()
        if match.group(2):  # an end tag
            if blanked_open.get(name):
                blanked_open[name] -= 1
                blanks.append(match.span())
            elif open_count.get(name):
                while stack:
                    popped = stack.pop()
                    open_count[popped] -= 1
                    if popped == name:
                        break
            continue
        if name in _CLOSERS:
            closer = _CLOSERS[name].search(source, match.end())
            if closer is None:
                break
            position = closer.end()
            continue
        self_closing = bool(match.group(4)) and any(open_count.get(tag) for tag in _FOREIGN)
        if name in _FLAT or self_closing:
            continue
        if len(stack) >= max_depth:
            blanked_open[name] = blanked_open.get(name, 0) + 1
            blanks.append(match.span())
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
    if not blanks:
        return source
    pieces = []
    previous = 0
    for start, end in blanks:
        pieces.append(source[previous:start])
        pieces.append(_NOT_NEWLINE.sub(" ", source[start:end]))
        previous = end
    pieces.append(source[previous:])
    return "".join(pieces)
