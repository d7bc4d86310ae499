"""A line scanner for simple Markdown: the block structure markdown-it's CommonMark
parser gives a document made only of constructs read here beyond doubt, or None
for any other document (which then goes to markdown-it whole).

Most article bodies are ATX headings, paragraphs and blank lines, an image line
and its emphasised caption line, now and then a fenced code block. markdown-it
builds a state object, a token stream and a rule chain walk for each of them;
this scanner reads them with string methods, one pass over the lines (linear:
no regex here can backtrack over a line).

Why each accepted line is read the way CommonMark reads it (spec 0.31, markdown-it
4.x; tests/test_markdown_fast.py runs both on real files, the spec examples and
generated documents):
- The whole document is refused when it holds "\\r" or NUL (markdown-it rewrites
  them, shifting lines), "\\v" or "\\f"; a line outside a fence is refused when it
  holds a tab (tab stops change indentation and blankness) or starts with a space
  without being blank: so no line is indented code, a lazy continuation, a list
  item's content or a block quote, and every block starts at column 0.
- A blank line is empty or spaces only (markdown-it's `isEmpty`); one of only other
  whitespace (which markdown-it would keep as paragraph text) is refused.
- A line starting with `>` (block quote), `-` `+` (list, thematic break, setext
  underline), `=` (setext underline), `<` (HTML block, which can interrupt a
  paragraph), `[` (a link reference definition may start there, and would change
  how every link reads) is refused. With no definition anywhere, links and
  images read the same in any paragraph.
- `*` starts a list item only before a space or the line end, and a thematic break
  only when the line is `*` and spaces; `_` only the latter; a digit starts an
  ordered list only as 1-9 digits, `.` or `)`, then a space or the line end. Those
  lines are refused, any other line starting with them is paragraph text.
- `#` then 1-6 `#` in all then a space is an ATX heading; it is taken when what
  follows holds no `#` (no closing sequence to cut) and is not blank, refused
  otherwise. A `#` run not followed by a space (or over six) is paragraph text.
- Three or more backticks or tildes open a fence (a backtick fence's info string
  may not hold a backtick: refused); it closes at a line indented under four
  spaces holding a run of the same character at least as long and then spaces
  only; unclosed, it runs to the end. A candidate closing line holding a tab is
  refused. Fences and ATX headings interrupt a paragraph; no other accepted line
  does (none of them is a fence, heading, list, block quote, thematic break or
  HTML block start), so a paragraph runs to the next blank line, heading or fence.

The inline content of headings and paragraphs is read by `simple_line_form` when
each line is one of three forms whose inline reading is also beyond doubt, and by
markdown-it's own inline parser otherwise (see `markdown._inline_children`).
"""

from __future__ import annotations

import re

from markdown_it.common.utils import mdTrim  # what markdown-it strips around a heading's content

# Blocks, each a 4-tuple of kind, first line, then:
#   (HEADING, line, content, is_h1)
#   (PARAGRAPH, first line, end line, the lines' inline forms or None when one
#    line has none, see `simple_line_form`)
#   (FENCE, first line, end line, None)
# Lines are 0-based lines of the body, ends exclusive.
HEADING = "heading"
PARAGRAPH = "paragraph"
FENCE = "fence"

# Characters refused anywhere: markdown-it rewrites "\r" and NUL (shifting lines);
# "\v", "\f" and U+001C-U+001F are whitespace to Python's strip but not blank
# to CommonMark. (Other Unicode whitespace is checked line by line, in documents
# that are not ASCII.)
_REFUSED_ANYWHERE = ("\r", "\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
# First characters of a line that need a closer look ("" for an empty line); a
# line starting with any other character is paragraph text.
_LOOK_CLOSER = frozenset(("", *" #`~*_0123456789>-+=<[\t"))
# Line starts that begin (or may begin) a construct this scanner does not read.
_REFUSED_FIRST = frozenset(">-+=<[")
_ORDERED_LIST_MARKER = re.compile(r"[0-9]{1,9}[.)](?: |$)")


def simple_blocks(body: str) -> list[tuple] | None:
    """The blocks markdown-it's block parser finds in `body`, each paragraph with
    its lines' inline forms, or None when `body` holds a line this scanner does not
    read (see the module docstring)."""
    for character in _REFUSED_ANYWHERE:
        if character in body:
            return None
    # Lines are checked for tabs and for other whitespace only when the body has any.
    careful = "\t" in body or not body.isascii()
    # The inline syntax characters the body holds: a line is searched for these only
    # (`in` is a memchr; a regex character class costs far more per character).
    syntax = [character for character in _INLINE_SYNTAX_CHARACTERS if character in body]
    lines = body.split("\n")
    # markdown-it's line count: a final newline ends the last line, it opens none.
    count = len(lines) - 1 if body.endswith("\n") else len(lines)
    blocks: list[tuple] = []
    paragraph_start = -1
    forms: list[tuple] | None = None
    number = 0
    while number < count:
        line = lines[number]
        first = line[:1]
        if first in _LOOK_CLOSER:
            if not line.strip(" "):  # blank
                if paragraph_start >= 0:
                    blocks.append((PARAGRAPH, paragraph_start, number, forms))
                    paragraph_start = -1
                number += 1
                continue
            if first == " " or first == "\t":
                return None  # indented: code, a lazy continuation, or more
            if first == "#":
                heading = _heading(line)
                if heading is not None:
                    if heading[0] == _REFUSED:
                        return None
                    if paragraph_start >= 0:
                        blocks.append((PARAGRAPH, paragraph_start, number, forms))
                        paragraph_start = -1
                    blocks.append((HEADING, number, heading[0], heading[1]))
                    number += 1
                    continue
            elif (first == "`" or first == "~") and line.startswith(first * 3):
                end = _fence_end(lines, number, count, first)
                if end < 0:
                    return None
                if paragraph_start >= 0:
                    blocks.append((PARAGRAPH, paragraph_start, number, forms))
                    paragraph_start = -1
                blocks.append((FENCE, number, end, None))
                number = end
                continue
            elif not _is_paragraph_text(line, first):
                return None
        if careful and ("\t" in line or not line.strip()):
            return None
        if paragraph_start < 0:
            paragraph_start = number
            forms = []
        if forms is not None:
            for character in syntax:
                if character in line:
                    form = simple_line_form(line)
                    if form is None:
                        forms = None
                    else:
                        forms.append(form)
                    break
            else:
                forms.append((TEXT, line))
        number += 1
    if paragraph_start >= 0:
        blocks.append((PARAGRAPH, paragraph_start, count, forms))
    return blocks


_REFUSED = object()


def _heading(line: str) -> tuple | None:
    """(content, is_h1) for an ATX heading line read here, (_REFUSED, False) for
    one that is not, None when the line is no heading but paragraph text."""
    level = len(line) - len(line.lstrip("#"))
    if level > 6 or (level < len(line) and line[level] != " "):
        return None
    rest = line[level:]
    if "#" in rest or not rest.strip():
        return (_REFUSED, False)  # a closing sequence, or an empty heading
    return (mdTrim(rest), level == 1)


def _is_paragraph_text(line: str, first: str) -> bool:
    """True when `line` (not blank, not indented, first character in _LOOK_CLOSER)
    can only be paragraph text, at a block's start or inside a paragraph."""
    if first in _REFUSED_FIRST:
        return False
    if first == "*":
        return len(line) > 1 and line[1] != " " and line.strip("* ") != ""
    if first == "_":
        return line.strip("_ ") != ""
    if "0" <= first <= "9":
        return _ORDERED_LIST_MARKER.match(line) is None
    return True  # "`" or "~" not three times


def _fence_end(lines: list[str], opening: int, count: int, marker: str) -> int:
    """The line after the fence opened at `opening` (its closing line's next, or
    `count` when unclosed), or -1 for a fence this scanner does not read."""
    line = lines[opening]
    size = len(line) - len(line.lstrip(marker))
    if marker == "`" and "`" in line[size:]:
        return -1  # not a fence: inline code, read by markdown-it
    for number in range(opening + 1, count):
        candidate = lines[number]
        stripped = candidate.lstrip(" ")
        if not stripped.startswith(marker):
            continue
        if "\t" in candidate:
            return -1
        if len(candidate) - len(stripped) >= 4:
            continue  # indented code inside the fence, not its end
        run = len(stripped) - len(stripped.lstrip(marker))
        if run >= size and not stripped[run:].strip(" "):
            return number + 1
    if count > opening + 1 and not lines[count - 1].strip(" "):
        return -1  # markdown-it ends an unclosed fence before a blank last line when no newline follows
    return count


# Inline forms of one paragraph line, read without markdown-it's inline parser:
#   (TEXT, text): no character at which an inline rule can start (the set
#       markdown._INLINE_SYNTAX), so the line is one text run;
#   (IMAGE, label, destination): the line is `![label](destination)` and spaces,
#       the label without `[ ] \\ ` < > &` (so its first `]` ends it and no inline
#       token hides one), the destination without spaces, controls, `( ) < > \\ &`
#       (so it ends at the first `)`, with no escape or entity to decode) and no title;
#   (EMPHASIS, text): `*text*` or `_text_` and spaces, text one text run neither
#       starting nor ending with whitespace: the opening delimiter follows the line
#       start (whitespace) and precedes non-whitespace, so it can open; the closing
#       one follows non-whitespace and precedes the line end, so it can close; the
#       pair is one <em> (no other delimiter on the line).
TEXT = "text"
IMAGE = "image"
EMPHASIS = "emphasis"
_INLINE_SYNTAX_CHARACTERS = "\\`*_[]<>&!~"  # _INLINE_SYNTAX but "\n", which no line holds
_INLINE_SYNTAX = re.compile(r"[\n\\`*_\[\]<>&!~]")
_IMAGE_LINE = re.compile(r"!\[([^\[\]\\`<>&\n]*)\]\(([^\s()<>\\&\x00-\x1f\x7f]+)\) *")


def simple_line_form(line: str) -> tuple | None:
    """The line's inline reading when it is one of the three simple forms, else None."""
    if _INLINE_SYNTAX.search(line) is None:
        return (TEXT, line)
    first = line[0]
    if first == "!":
        image = _IMAGE_LINE.fullmatch(line)
        return (IMAGE, image[1], image[2]) if image is not None else None
    if first == "*" or first == "_":
        stripped = line.rstrip(" ")
        inner = stripped[1:-1]
        if (len(stripped) >= 3 and stripped[-1] == first and _INLINE_SYNTAX.search(inner) is None
                and not inner[0].isspace() and not inner[-1].isspace()):
            return (EMPHASIS, inner)
    return None
