"""Which images on a page are decoration rather than pictures a reader looks at:
tracking pixels, spacers and lazy-load placeholders, images hidden from assistive
technology, icons and logos, and the images of site chrome (navigation, footer,
sidebars).

Decoration is not a figure and draws no finding, so the tests here lean towards
keeping an image: a captioned image and the page's lead image are never judged
by their names, ARIA attributes or place on the page, only by being too small
or empty to show anything.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from selectolax.lexbor import LexborNode

from auditor.articles.html_select import select_first
from auditor.articles.short_text_cache import cache_short_text

# Width or height attributes at or below this draw an icon, a bullet or a pixel.
MAX_DECORATION_SIZE = 40
# A data: URI shorter than this is a lazy-loading placeholder (a 1x1 GIF is ~70
# characters, an empty SVG with a viewBox ~200); longer ones can be real pictures.
MAX_PLACEHOLDER_DATA_URI = 600
# Ancestors looked at for chrome: deeper nesting than this is not page layout.
_MAX_ANCESTORS = 40

# (host, path, fragment) of an absolute, protocol-relative or relative URL.
_URL_PARTS = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://([^/?#]*))?([^?#]*)(?:\?[^#]*)?(?:#(.*))?", re.DOTALL)
_WORDS = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_STYLE_SIZE = re.compile(r"(?:^|;)\s*(width|height)\s*:\s*(\d+(?:\.\d+)?)px", re.IGNORECASE)
# File names of spacers and pixels ("blank_1x1.gif", "1x1.trans.gif", "grey.gif",
# "transparent-1093278.png", "placeholder-horizontal.gif"): a name made only of
# these words (and numbers), or a GIF with one of the strong ones in its name.
_STRONG_SPACER_WORDS = frozenset({
    "spacer", "blank", "pixel", "transparent", "placeholder", "1x1", "1px", "beacon", "tracking", "tracker",
})
_SPACER_WORDS = _STRONG_SPACER_WORDS | frozenset({
    "trans", "clear", "grey", "gray", "space", "empty", "lazy", "loading", "dummy",
})
# Words that may stand beside those in a spacer's name but mean nothing alone.
_FILLER_WORDS = frozenset({"horizontal", "vertical", "image", "img", "default", "white", "small", "gif"})
# Stems that are whole file names of tracking endpoints ("/tr?id=…", "/p?…", "t.gif").
_TRACKING_STEMS = frozenset({"t", "p", "tr", "px", "b", "pixel", "beacon", "track", "hit", "collect", "ping"})
_TRACKING_HOST_WORDS = frozenset({
    "pixel", "analytics", "scorecardresearch", "doubleclick", "quantserve", "quantcount", "beacon",
    "tracking", "tracker", "stats", "metrics", "chartbeat", "omtrdc", "adsrvr", "bat",
})
# Words of class names, ids and image paths that name icons and logos.
_ICON_WORDS = frozenset({
    "logo", "logos", "icon", "icons", "favicon", "sprite", "sprites", "emoji", "emojis", "avatar",
    "avatars", "gravatar", "badge", "badges", "spinner", "loader", "btn", "button", "wordmark", "glyph",
})
# Every word of _ICON_WORDS holds one of these.
_ICON_HINT = re.compile("logo|icon|sprite|emoji|avatar|badge|spinner|loader|btn|button|wordmark|glyph")
_EMPTY_NAMES = frozenset({"#", "undefined", "null", "none", "nan"})
_THEME_FOLDERS = frozenset({"themes", "theme"})
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu", "menubar"})
_CHROME_WORDS = frozenset({"sidebar", "masthead", "navbar", "nav", "menu", "footer", "topbar", "breadcrumb", "breadcrumbs"})
_STORY_TAGS = frozenset({"article", "main"})


def words_of(*texts: str | None) -> set[str]:
    """Lowercase words of names, camelCase split ("communityIcon_6f" → community, icon, 6f)."""
    words: set[str] = set()
    for text in texts:
        if text:
            words.update(_WORDS.findall(_CAMEL.sub(" ", text).lower()))
    return words


@cache_short_text(maxsize=8192)
def is_placeholder_src(src: str | None) -> bool:
    """A src that shows nothing by itself: empty, a short data: URI, or a spacer's file name."""
    if src is None or not src.strip():
        return True
    text = src.strip()
    if text[:5].lower() == "data:":
        return len(text) <= MAX_PLACEHOLDER_DATA_URI
    # "…/w_775,c_limit/undefined": a script built the URL from a value it did not have.
    name = text.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    return _spacer_name(text) or name in _EMPTY_NAMES or text == "about:blank"


def url_decoration(url: str | None, blank_only: bool = False) -> str | None:
    """Why an image URL alone says decoration (tracking pixel, spacer, icon, logo), or None.
    `blank_only`: only what shows nothing (pixels, spacers, placeholders, sprites)."""
    blank, any_reason = _url_reasons(url)
    return blank if blank_only else any_reason


# Both answers at once: a page asks for the first, then for the second, of each image.
@cache_short_text(maxsize=8192)
def _url_reasons(url: str | None) -> tuple[str | None, str | None]:
    """(what `url_decoration(url, blank_only=True)` says, what `url_decoration(url)` says)."""
    if url is None or not url.strip():
        return None, None
    text = url.strip()
    if text[:5].lower() == "data:":
        reason = "placeholder" if len(text) <= MAX_PLACEHOLDER_DATA_URI else None
        return reason, reason
    # A regex split, not urlsplit: this runs for every image of every page.
    match = _URL_PARTS.match(text)
    host, path, fragment = match.group(1) or "", match.group(2), match.group(3)
    if host and set(_WORDS.findall(host.lower())) & _TRACKING_HOST_WORDS:
        return "tracking pixel", "tracking pixel"
    if _spacer_name(text):
        return "spacer", "spacer"
    if fragment and path.lower().endswith(".svg"):
        return "svg sprite", "svg sprite"  # sprite.svg#icon-name draws one symbol of a sheet
    return None, _name_decoration(path)


def _name_decoration(path: str) -> str | None:
    path = unquote(path)
    lowered = path.lower()
    # Each word of the path is part of its lowercase text: without an icon
    # word or a theme folder's name in it, neither test can hold.
    if _ICON_HINT.search(lowered) and words_of(path) & _ICON_WORDS:
        return "icon or logo"
    if "theme" in lowered and set(lowered.split("/")[:-1]) & _THEME_FOLDERS:
        return "site theme asset"  # a story's pictures live in uploads, not in the theme
    return None


def size_decoration(image: LexborNode, attributes: dict[str, str | None] | None = None) -> str | None:
    """Decoration by the size the page gives the image: every stated dimension
    at most MAX_DECORATION_SIZE pixels (a stated 0 or 1 alone is a pixel).
    `attributes`: the image's, when the caller has read them already."""
    attributes = image.attributes if attributes is None else attributes
    sizes = [_number(attributes.get("width")), _number(attributes.get("height"))]
    style = attributes.get("style")
    if style and "px" in style:
        for name, value in _STYLE_SIZE.findall(style):
            sizes[0 if name.lower() == "width" else 1] = float(value)
    stated = [size for size in sizes if size is not None]
    if not stated:
        return None
    if len(stated) == 1:
        return "tracking pixel" if stated[0] <= 1 else None
    if all(size <= 1 for size in stated):
        return "tracking pixel"
    return "too small to be a picture" if all(size <= MAX_DECORATION_SIZE for size in stated) else None


def markup_decoration(image: LexborNode, attributes: dict[str, str | None] | None = None) -> str | None:
    """Decoration by what the markup says of the image itself: hidden from
    assistive technology, or named an icon or logo by its class or id."""
    attributes = image.attributes if attributes is None else attributes
    role = (attributes.get("role") or "").strip().lower()
    if role in ("presentation", "none"):
        return f'role="{role}"'
    if (attributes.get("aria-hidden") or "").strip().lower() == "true":
        return 'aria-hidden="true"'
    if words_of(attributes.get("class"), attributes.get("id")) & _ICON_WORDS:
        return "icon or logo"
    return None


def context_decoration(image: LexborNode, attributes: dict[str, str | None] | None = None) -> str | None:
    """Decoration by where the image sits: site chrome (navigation, footer,
    sidebar, a page header that holds the navigation), or an icon beside a link's text (`alt=""` in a
    link or button that has words of its own). A story's own <header>, <footer>
    and <aside> (inside <article> or <main>) are the story's, not chrome."""
    attributes = image.attributes if attributes is None else attributes
    # A picture-sized image in a teaser link is seen, if not the story's: kept.
    empty_alt = attributes.get("alt") == "" and not _stated_large(attributes)
    sectioning: str | None = None
    node = image.parent
    for _ in range(_MAX_ANCESTORS):
        if node is None or node.tag in ("body", "html", "-undef"):
            break
        tag = node.tag
        if tag in _STORY_TAGS:
            return None
        if tag == "nav":
            return "inside <nav>"
        if tag in _CHROME_TAGS or (tag == "header" and _site_header(node)):
            sectioning = sectioning or f"inside <{tag}>"
        else:
            attributes = node.attributes
            role = attributes.get("role")
            if role and role.strip().lower() in _CHROME_ROLES:
                return f'inside role="{role.strip().lower()}"'
            if words_of(attributes.get("class"), attributes.get("id")) & _CHROME_WORDS:
                return "inside site navigation or sidebar"
            if empty_alt and tag in ("a", "button") and node.text(deep=True).strip():
                return 'alt="" icon beside link text'
        node = node.parent
    return sectioning


def _site_header(header: LexborNode) -> bool:
    """A <header> holding the site's navigation is the site's; one without it
    may be a story's header with its hero image (pages without <article>)."""
    return select_first(header, "nav, [role=navigation], [role=search], form") is not None


# Asked twice of each image URL: whether it is a placeholder, and why it is decoration.
@cache_short_text(maxsize=8192)
def _spacer_name(url: str) -> bool:
    path = url.split("?", 1)[0].split("#", 1)[0]
    name = path.rstrip("/").rsplit("/", 1)[-1]
    stem, _, extension = name.rpartition(".")
    if not stem:
        stem, extension = extension, ""
    if extension.lower() not in ("", "gif", "png", "svg", "webp"):
        return False  # a photo format named "grey-…" is a photo of something grey
    if stem.lower() in _TRACKING_STEMS:
        return True
    words = {word for word in words_of(stem) if not word.isdigit()}
    if not words & _SPACER_WORDS:
        return False
    return words <= _SPACER_WORDS | _FILLER_WORDS or (extension.lower() in ("", "gif") and bool(words & _STRONG_SPACER_WORDS))


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    match = _NUMBER.match(value)
    return float(match.group(1)) if match else None


def decoration_of(
    image: LexborNode, src: str | None, *, captioned: bool = False, lead: bool = False,
    attributes: dict[str, str | None] | None = None,
) -> str | None:
    """Why `image` (showing `src`) is decoration, or None for a picture.

    Too small, a pixel or a placeholder is decoration wherever it sits. A
    captioned image or the page's lead image is kept whatever its names, ARIA
    attributes or place say: better an ambiguous image audited than an AI
    picture waved through as an icon. `attributes`: the image's, when the
    caller has read them already (each read builds the mapping anew).
    """
    attributes = image.attributes if attributes is None else attributes
    reason = size_decoration(image, attributes)
    if reason is not None:
        return reason
    blank = url_decoration(src, blank_only=True)
    if blank in ("tracking pixel", "spacer", "placeholder") and not _stated_large(attributes):
        return blank
    if captioned or lead:
        return None
    url_reason = blank or url_decoration(src)
    if url_reason is not None:
        return url_reason
    # Pages mark big pictures role="presentation" too (Medium does): a stated
    # picture-sized image is judged by its name and place, not its ARIA role.
    markup_reason = markup_decoration(image, attributes)
    if markup_reason is not None and (markup_reason == "icon or logo" or not _stated_large(attributes)):
        return markup_reason
    return context_decoration(image, attributes)


def _stated_large(attributes: dict[str, str | None]) -> bool:
    sizes = (_number(attributes.get("width")), _number(attributes.get("height")))
    return any(size is not None and size > MAX_DECORATION_SIZE for size in sizes)
