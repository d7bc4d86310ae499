"""CSS queries over parsed pages, with one selector engine per thread.

selectolax gives every parsed page its own CSS parser and selector engine, built
on the page's first query and freed with the page; for a short article that
costs more than all its queries together. The engine keeps no page state between
queries (it is reused for every query on a page already), so one engine per
thread serves every page. Results are the same nodes `node.css()` returns: the
same `find` of the same engine type runs from the same node (our trees are whole
documents, never fragments, so no fragment wrapper is involved).
"""

from __future__ import annotations

import threading

from selectolax.lexbor import LexborHTMLParser, LexborNode

try:
    from selectolax.lexbor import LexborCSSSelector
except ImportError:  # a selectolax without it: every page builds its own engine
    LexborCSSSelector = None  # type: ignore[assignment,misc]

_engines = threading.local()


def select(where: LexborHTMLParser | LexborNode, query: str) -> list[LexborNode]:
    """Every node matching `query` in `where` (a page or an element), in document order."""
    if isinstance(where, LexborHTMLParser):
        if query.isalnum():
            return where.tags(query)
        node = where.root
    else:
        node = where
    if node is None:
        return []
    engine = _engine()
    return engine.find(query, node) if engine is not None else node.css(query)


def select_first(where: LexborHTMLParser | LexborNode, query: str) -> LexborNode | None:
    if isinstance(where, LexborHTMLParser):
        if query.isalnum():
            found = where.tags(query)
            return found[0] if found else None
        node = where.root
    else:
        node = where
    if node is None:
        return None
    engine = _engine()
    if engine is None:
        return node.css_first(query)
    found = engine.find_first(query, node)
    return found[0] if found else None


def _engine():
    if LexborCSSSelector is None:
        return None
    engine = getattr(_engines, "engine", None)
    if engine is None:
        engine = _engines.engine = LexborCSSSelector()
    return engine
