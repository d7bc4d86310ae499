"""A page's lead image where the story element does not hold it: the featured
or hero image a template renders in the page header above the <article>, and
the image the page declares for sharing (og:image, twitter:image). Each becomes
a figure once, merged with the in-page figure of the same picture.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from auditor.articles.decoration import context_decoration, url_decoration
from auditor.articles.figure_draft import FigureDraft
from auditor.articles.html_figures import ExtractedFigures, Locator, extract_figures
from auditor.articles.html_positions import ElementPositions
from auditor.articles.html_select import select, select_first
from auditor.articles.image_matching import best_matches
from auditor.model import TextBlock

# Class names WordPress themes, news CMSs and static-site templates give the
# element around a story's lead image.
_LEAD_CLASSES = (
    "featured-media", "featured-image", "featured-img", "post-thumbnail", "lead-image", "lead-media",
    "lead-asset", "leadart", "lead-art", "hero-image", "hero-media", "article-hero", "post-hero",
    "main-image", "top-image", "story-image",
)
# The names of LEAD_SELECTOR looked for in the page before it runs: "hero"
# first, and the class names holding it dropped (finding one means finding "hero").
_LEAD_MENTIONS = ("hero", *(name for name in _LEAD_CLASSES if "hero" not in name))
# Every name above holds one of these: fewer scans where none is found.
_LEAD_WORDS = ("hero", "lead", "featured-", "-thumbnail", "-image")
LEAD_SELECTOR = ", ".join([f"[class*={name} i]" for name in _LEAD_CLASSES] + ["[class~=hero]"])
# Half as many alternatives, and every element LEAD_SELECTOR matches matches one:
# where none does, a long page is spared the full query and the scans.
_LEAD_HINTS = ", ".join(f"[class*={word} i]" for word in (
    "hero", "featured-", "post-thumbnail", "lead-", "leadart", "main-image", "top-image", "story-image",
))
MAX_LEAD_CONTAINERS = 10
META_IMAGE_NAMES = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
_MAX_ANCESTORS = 40
_SCAN_FIRST_CHARS = 20_000
# Where a lead image may sit although the page's other images there are chrome.
_PAGE_HEADER = ("inside <header>", 'inside role="banner"')


def lead_figures(
    tree: LexborHTMLParser,
    scope: LexborNode,
    positions: ElementPositions,
    locator: Locator,
    found: ExtractedFigures,
    base: str | None,
    lead_urls: list[str],
) -> None:
    """Adds the image of the first lead container outside `scope` (and not
    around it, nor in navigation, footer or sidebar) that shows one to `found`."""
    if scope.tag in ("body", "html") or scope.parent is None:
        return  # the whole page is the scope: its lead image is already there
    # A lead container counts only when the page's source names it (not a class
    # spelled with character references). On a long page, where a dozen scans
    # that find nothing cost more than a query, a cheaper query goes first.
    if positions.size > _SCAN_FIRST_CHARS and select_first(tree, _LEAD_HINTS) is None:
        return
    if not positions.mentions(*_LEAD_WORDS) or not positions.mentions(*_LEAD_MENTIONS):
        return
    containers = select(tree, LEAD_SELECTOR)[:MAX_LEAD_CONTAINERS]
    around = set()
    node = scope
    for _ in range(_MAX_ANCESTORS):
        if node is None:
            break
        around.add(node.mem_id)
        node = node.parent
    for container in containers:
        if container.mem_id in around or container.tag == "img" or _inside(container, scope.mem_id):
            continue
        chrome = context_decoration(container)
        if chrome is not None and chrome not in _PAGE_HEADER:
            continue
        before = len(found.drafts)
        extract_figures(container, positions, locator, base=base, lead_urls=lead_urls, lead=True, into=found)
        if len(found.drafts) > before:
            return  # a page has one lead image; later matches are teasers and related stories


def apply_meta_images(
    urls: list[str], alt: str | None, found: ExtractedFigures, positions: ElementPositions, locator: Locator,
    base: str | None,
) -> None:
    """og:image and twitter:image: the picture the page is shared with. One that
    matches no figure already found is a figure of its own (the reader of a
    share, and often of the page's header, sees it)."""
    for url in dict.fromkeys(urls):
        if url_decoration(url) is not None:
            found.decorations.append((url, url_decoration(url) or ""))
            continue
        known = found.known([url], base)
        shown = [known] if known is not None else best_matches([url], found.drafts)
        for draft in shown:  # the same picture: its share URL may be the one file we have
            draft.also_shown_as(url)
            found.remember(draft, base)
        if shown:
            continue
        offset = positions.find_text(url, 0)
        span = locator.span(offset) if offset is not None else None
        draft = FigureDraft(src=url, span=span, order=offset or 0)
        if alt:
            draft.alt = TextBlock(kind="alt", text=alt, span=span)
        found.add(draft, base)


def _inside(node: LexborNode, ancestor_id: int) -> bool:
    parent = node.parent
    for _ in range(_MAX_ANCESTORS):
        if parent is None:
            return False
        if parent.mem_id == ancestor_id:
            return True
        parent = parent.parent
    return False
