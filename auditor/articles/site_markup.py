"""Image markup of site generators inside Markdown: Hugo's `{{< figure >}}`
shortcodes and MDX's JSX (`import` lines, `<Image src={...} />`). Each step
rewrites the body without changing its line count, so spans stay true:
shortcodes become blank space (their figures are returned apart), JSX image
tags become plain `<img>` tags the HTML figure extraction already reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `{{< figure src="x" >}}`, `{{% figure %}}`; Hugo's escaped form `{{</* figure */>}}`
# (shortcode documentation) does not match. Bounded, so a stray `{{<` costs little.
_SHORTCODE = re.compile(r"\{\{([<%])\s*(figure|img|image)\b([^{}]{0,4000}?)\s*[>%]\}\}", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,500}>")  # markup inside a caption attribute: its text is what counts
_ATTRIBUTE = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|([^\s"'`]+))""")
# MDX: ESM lines (imports, exports) are code, not text; an image import names a file.
_ESM_LINE = re.compile(
    r"""^(?:import\s[^\n]*\bfrom\s*["'][^\n]*|import\s*["'][^\n]*|export\s+(?:const|let|var|default|function|async|\{)[^\n]*)$""",
    re.MULTILINE,
)
_IMAGE_IMPORT = re.compile(
    r"""^import\s+([A-Za-z_$][\w$]*)\s+from\s+["']([^"'\n]+\.(?:jpe?g|png|webp|gif|avif|tiff?|svg))["']""",
    re.MULTILINE | re.IGNORECASE,
)
_JSX_IMAGE = re.compile(r"<(Image|img|Img|Picture)\b([^<>]{0,4000}?)(/?)>")
_JSX_SRC = re.compile(r"""\bsrc\s*=\s*\{\s*(?:["'`]([^"'`{}]*)["'`]|([A-Za-z_$][\w$]*)(?:\.src)?)\s*\}""")


@dataclass(frozen=True)
class ShortcodeFigure:
    """One figure shortcode: where it starts (0-based line and column in the body)
    and its attributes (src, caption, alt, title, credit or Hugo's attr)."""

    line: int
    column: int
    attributes: dict[str, str]


def hugo_shortcodes(body: str) -> tuple[str, list[ShortcodeFigure]]:
    """The body with image shortcodes blanked out, and the figures they declare."""
    if "{{" not in body:
        return body, []
    figures: list[ShortcodeFigure] = []
    parts: list[str] = []
    cursor = 0
    for match in _SHORTCODE.finditer(body):
        attributes = {
            name.lower(): _TAG.sub("", next(value for value in values if value)).replace('\\"', '"').strip()
            for name, *values in _ATTRIBUTE.findall(match.group(3)) if any(values)
        }
        line = body.count("\n", 0, match.start())
        column = match.start() - (body.rfind("\n", 0, match.start()) + 1)
        figures.append(ShortcodeFigure(line, column, attributes))
        parts.append(body[cursor:match.start()])
        parts.append(_blank(match.group(0)))
        cursor = match.end()
    if not figures:
        return body, []
    parts.append(body[cursor:])
    return "".join(parts), figures


def mdx_as_markdown(body: str) -> str:
    """An MDX body as Markdown with HTML: ESM lines blanked, JSX image components
    (`<Image src={cover} />`, `src={"/x.jpg"}`) turned into `<img src="...">`, an
    imported image's name replaced by the file it imports."""
    imports = {name: path for name, path in _IMAGE_IMPORT.findall(body)}
    body = _ESM_LINE.sub(lambda match: _blank(match.group(0)), body)
    return _JSX_IMAGE.sub(lambda match: _plain_img(match, imports), body)


def _plain_img(match: re.Match, imports: dict[str, str]) -> str:
    def source(found: re.Match) -> str:
        literal, name = found.group(1), found.group(2)
        value = literal if literal is not None else imports.get(name or "", "{" + (name or "") + "}")
        return 'src="' + value.replace('"', "&quot;") + '"'

    attributes = _JSX_SRC.sub(source, match.group(2))
    # JSX expressions in other attributes ({500}, {true}) are harmless text to an HTML parser.
    return f"<img{attributes}{match.group(3)}>"


def _blank(text: str) -> str:
    """Spaces for `text`, its line breaks kept."""
    return re.sub(r"[^\n]", " ", text)
