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

# A greedy run to the first ">" (a lazy one tries "/>" at every character); the
# tag is self-closing when the character before that ">" is "/".
_TOKEN = re.compile(r"<(?:(!--)|(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>)")
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


def parse_html_tree(source: str) -> tuple[LexborHTMLParser, str]:
    """The parsed tree and the source it was parsed from (depth-capped, element-
    capped by `markup_budget`, same length)."""
    source = within_budget(source)
    # A page shorter than the bound cannot hold that many "<": not even a count then.
    capped = cap_nesting(source) if len(source) > _CHEAP_BOUND and source.count("<") > _CHEAP_BOUND else source
    return LexborHTMLParser(capped), capped


def cap_nesting(source: str, max_depth: int = MAX_DEPTH) -> str:
    stack: list[str] = []
    open_count: dict[str, int] = {}
    blanked_open: dict[str, int] = {}
    blanks: list[tuple[int, int]] = []
    search = _TOKEN.search
    position = 0
    # One step per tag of a long page: the loop keeps to local names and one
    # groups() call, and settles the flat elements (most tags) first.
    while True:
        match = search(source, position)
        if match is None:
            break
        comment, end_tag, name = match.groups()
        position = match.end()
        if comment:
            end = source.find("-->", position)
            if end < 0:
                break
            position = end + 3
            continue
        name = name.lower()
        if name in _FLAT:
            # Never pushed nor blanked, so their end tags close nothing either.
            continue
        if end_tag:
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
            closer = _CLOSERS[name].search(source, position)
            if closer is None:
                break
            position = closer.end()
            continue
        if source[position - 2] == "/" and (open_count.get("svg") or open_count.get("math")):
            continue  # <g/> and the like inside <svg> or <math> hold nothing
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
