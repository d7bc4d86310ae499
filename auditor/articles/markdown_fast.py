"""A line scanner for simple Markdown: the block structure markdown-it's CommonMark
parser gives a document made only of constructs read here beyond doubt, or None
for any other document (which then goes to markdown-it whole).

Most article bodies are ATX headings, paragraphs and blank lines, an image line
and its emphasised caption line, now and then a fenced code block, a thematic
break or a one-level list. markdown-it builds a state object, a token stream and
a rule chain walk for each of them; this scanner reads them with string methods,
one pass over the lines (linear: no regex here can backtrack over a line).

Why each accepted line is read the way CommonMark reads it (spec 0.31, markdown-it
4.x; tests/test_markdown_fast.py runs both on real files, the spec examples and
generated documents):
- The whole document is refused when it holds "\\r" or NUL (markdown-it rewrites
  them, shifting lines), "\\v" or "\\f"; a line is refused when it holds a tab (tab
  stops change indentation and blankness).
- A blank line is empty or spaces only (markdown-it's `isEmpty`); one of only other
  whitespace (which markdown-it would keep as paragraph text) is refused.
- A line starting with a space is read only as the continuation of an open
  paragraph, and only when what follows its indentation can start no block at any
  indentation (no heading, fence, list item, block quote, break, HTML, setext
  underline): such a line continues the paragraph, in a list item or not.
  Otherwise (after a blank line: indented code, or more of a list item) it is
  refused. So every block but a continuation line starts at column 0.
- A line starting with `>` (block quote), `=` (setext underline), `<` (HTML block,
  which can interrupt a paragraph) is refused; so is one starting with `[` when
  the document holds "]:" (a link reference definition may start there, and would
  change how every link reads). With no "]:" anywhere there is no definition, and
  links and images read the same in any paragraph.
- A thematic break (three or more of one of `*-_`, spaces between) is taken when
  no paragraph is open (after one, `---` would underline a setext heading).
- A list item is taken at column 0: `-`, `+` or `*`, or 1-9 digits and `.` or `)`,
  then exactly one space, then content that could only be paragraph text (by the
  rules here, at a block's start); an ordered item after a paragraph outside a
  list only when it is number 1 (others continue that paragraph: refused). The
  item's paragraph (its content, without the marker, is what markdown-it's inline
  parser reads) runs like any other, lazy continuation lines included; a blank
  line ends it, and any later line is read as if no list were open: list nesting
  and looseness change no paragraph's text or lines, and an indented line after a
  blank line is refused. Other `-`, `+` lines are refused; `*` starts paragraph
  text when no list item or break; `_` when no break; a digit when no list item.
- `#` then 1-6 `#` in all then a space, or the line end, is an ATX heading; its
  content is cut as markdown-it cuts it (trailing spaces, then a closing run of
  `#` after a space), and an empty one is kept. A `#` run not followed by a space
  (or over six) is paragraph text.
- Three or more backticks or tildes open a fence (a backtick fence's info string
  may not hold a backtick: refused); it closes at a line indented under four
  spaces holding a run of the same character at least as long and then spaces
  only; unclosed, it runs to the end. A candidate closing line holding a tab is
  refused. Fences, ATX headings and list items (as above) interrupt a paragraph;
  no other accepted line does, so a paragraph runs to the next blank line,
  heading, fence or item.

The inline content of headings and paragraphs is read by `simple_line_form` when
each line is one of three forms whose inline reading is also beyond doubt, and by
markdown-it's own inline parser otherwise (see `markdown._inline_children`).
"""

from __future__ import annotations

import re

from markdown_it.common.utils import mdTrim  # what markdown-it strips around a heading's content

# Blocks, each a tuple of kind, first line, then:
#   (HEADING, line, content, is_h1)
#   (PARAGRAPH, first line, end line, forms, indent): forms is PLAIN_TEXT when each
#       line is one text run, the lines' inline forms (see `simple_line_form`), or
#       None when one line has none (then markdown-it's inline parser reads it);
#       indent is 0, or the width of the list item marker the paragraph starts
#       after (markdown-it strips up to that many spaces from each of its lines).
#   (FENCE, first line, end line, None)
#   (BREAK, line, line + 1, None): a thematic break
# Lines are 0-based lines of the body, ends exclusive.
HEADING = "heading"
PARAGRAPH = "paragraph"
FENCE = "fence"
BREAK = "break"
PLAIN_TEXT = "plain text"

# Characters refused anywhere: markdown-it rewrites "\r" and NUL (shifting lines);
# "\v", "\f" and U+001C-U+001F are whitespace to Python's strip but not blank
# to CommonMark. (Other Unicode whitespace is checked line by line, in documents
# that are not ASCII.)
_REFUSED_ANYWHERE = ("\r", "\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
# First characters of a line that need a closer look ("" for an empty line); a
# line starting with any other character is paragraph text.
_LOOK_CLOSER = frozenset(("", *" #`~*_0123456789>-+=<[\t"))
# Line starts that begin (or may begin) a construct this scanner does not read
# as paragraph text ("[" only where a reference definition may exist).
_REFUSED_FIRST = frozenset(">-+=<[")
_REFUSED_FIRST_NO_DEFINITIONS = frozenset(">-+=<")
_BULLETS = frozenset("-+*")
_ORDERED_LIST_MARKER = re.compile(r"[0-9]{1,9}[.)](?: |$)")
_ORDERED_ITEM = re.compile(r"([0-9]{1,9})[.)] ")


def simple_blocks(body: str) -> list[tuple] | None:
    """The blocks markdown-it's block parser finds in `body`, each paragraph with
    its lines' inline forms, or None when `body` holds a line this scanner does not
    read (see the module docstring)."""
    for character in _REFUSED_ANYWHERE:
        if character in body:
            return None
    # Lines are checked for tabs and for other whitespace only when the body has any.
    careful = "\t" in body or not body.isascii()
    refused_first = _REFUSED_FIRST if "]:" in body else _REFUSED_FIRST_NO_DEFINITIONS
    # The inline syntax characters the body holds: a line is searched for these only
    # (`in` is a memchr; a regex character class costs far more per character).
    syntax = [character for character in _INLINE_SYNTAX_CHARACTERS if character in body]
    lines = body.split("\n")
    # markdown-it's line count: a final newline ends the last line, it opens none.
    count = len(lines) - 1 if body.endswith("\n") else len(lines)
    blocks: list[tuple] = []
    # The open paragraph: its first line (-1: none), its forms (PLAIN_TEXT, a list,
    # or None), and the width of the list item marker it starts after (0: none).
    start = -1
    forms: list[tuple] | str | None = PLAIN_TEXT
    indent = 0
    number = 0
    while number < count:
        line = lines[number]
        first = line[:1]
        content = line  # the paragraph text of the line, for its inline form
        if first in _LOOK_CLOSER:
            if not line.strip(" "):  # blank
                if start >= 0:
                    blocks.append((PARAGRAPH, start, number, forms, indent))
                    start = -1
                number += 1
                continue
            if careful and ("\t" in line or not line.strip()):
                return None
            if first == " ":
                if start < 0:
                    return None  # indented code, or more of a list item after a blank line
                content = line.lstrip(" ")
                if not _continues_paragraph(content, refused_first):
                    return None
            elif first == "#":
                heading = _heading(line)
                if heading is not None:
                    if start >= 0:
                        blocks.append((PARAGRAPH, start, number, forms, indent))
                        start = -1
                    blocks.append((HEADING, number, heading, line[1:2] != "#"))
                    number += 1
                    continue
            elif (first == "`" or first == "~") and line.startswith(first * 3):
                end = _fence_end(lines, number, count, first)
                if end < 0:
                    return None
                if start >= 0:
                    blocks.append((PARAGRAPH, start, number, forms, indent))
                    start = -1
                blocks.append((FENCE, number, end, None))
                number = end
                continue
            elif first in _BULLETS or first == "_" or "0" <= first <= "9":
                if _is_break(line, first):
                    if start >= 0:
                        return None  # "---" would underline a setext heading
                    blocks.append((BREAK, number, number + 1, None))
                    number += 1
                    continue
                width = _item_marker_width(line, first, start >= 0 and indent == 0)
                if width < 0:
                    return None
                if width > 0:
                    content = line[width:]
                    if not _starts_item_text(content, refused_first) or (careful and not content.strip()):
                        return None
                    if start >= 0:
                        blocks.append((PARAGRAPH, start, number, forms, indent))
                    start, forms, indent = number, PLAIN_TEXT, width
                elif not _is_paragraph_text(line, first, refused_first):
                    return None
            elif not _is_paragraph_text(line, first, refused_first):
                return None
        elif careful and ("\t" in line or not line.strip()):
            return None
        if start < 0:
            start, forms, indent = number, PLAIN_TEXT, 0
        if forms is not None:
            for character in syntax:
                if character in content:
                    if forms is PLAIN_TEXT:
                        forms = _plain_forms(lines, start, number, indent)
                    form = simple_line_form(content)
                    if form is None or (form[0] is IMAGE and content is not line):
                        forms = None  # an image after a marker or indentation: markdown-it gives its column
                    else:
                        forms.append(form)
                    break
            else:
                if forms is not PLAIN_TEXT:
                    forms.append((TEXT, content))
        number += 1
    if start >= 0:
        blocks.append((PARAGRAPH, start, count, forms, indent))
    return blocks


def _plain_forms(lines: list[str], start: int, end: int, indent: int) -> list[tuple]:
    """The text forms of the paragraph lines [start, end), each one text run."""
    forms = [(TEXT, line) for line in lines[start:end]]
    if forms and indent:
        forms[0] = (TEXT, lines[start][indent:])
    return forms


def _heading(line: str) -> str | None:
    """The content of an ATX heading line as markdown-it cuts it, or None when the
    line is no heading but paragraph text."""
    level = len(line) - len(line.lstrip("#"))
    if level > 6 or (level < len(line) and line[level] != " "):
        return None
    content = line[level:].rstrip(" ")
    without_closing = content.rstrip("#")
    if without_closing[-1:] == " ":  # a closing sequence after a space is cut
        content = without_closing
    return mdTrim(content)


def _is_break(line: str, first: str) -> bool:
    """True for a thematic break: three or more `first` (one of `*-_`), spaces between."""
    return first != "+" and not ("0" <= first <= "9") and line.count(first) >= 3 \
        and not line.replace(first, "").strip(" ")


def _item_marker_width(line: str, first: str, after_paragraph: bool) -> int:
    """The width of the list item marker `line` starts with and its one space; 0 when
    the line starts no list item; -1 when it may start one this scanner does not
    read (no content, more spaces, an ordered item not numbered 1 after a paragraph
    outside a list)."""
    if first in _BULLETS:
        if line[1:2] != " " and len(line) > 1:
            return -1 if first != "*" else 0  # "-x", "+1": refused; "*x": emphasis maybe, decided later
        if len(line) < 3 or line[2] == " ":
            return -1
        return 2
    if first == "_":
        return 0
    marker = _ORDERED_LIST_MARKER.match(line)
    if marker is None:
        return 0
    item = _ORDERED_ITEM.match(line)
    if item is None or line[item.end():item.end() + 1] in ("", " "):
        return -1
    if after_paragraph and item[1] != "1":
        return -1
    return item.end()


def _starts_item_text(content: str, refused_first: frozenset) -> bool:
    """True when a list item's content (after its marker and one space) is text
    that starts no other block."""
    first = content[0]
    if first not in _LOOK_CLOSER:
        return True
    if first == "#":
        return _heading(content) is None
    if first == "`" or first == "~":
        return not content.startswith(first * 3)
    if first == " ":
        return False
    return _is_paragraph_text(content, first, refused_first)


_continues_paragraph = _starts_item_text  # an indented line: the same test after its spaces


def _is_paragraph_text(line: str, first: str, refused_first: frozenset = _REFUSED_FIRST) -> bool:
    """True when `line` (not blank, not indented, first character in _LOOK_CLOSER)
    can only be paragraph text, at a block's start or inside a paragraph."""
    if first in refused_first:
        return False
    if first == "*":
        return len(line) > 1 and line[1] != " " and line.strip("* ") != ""
    if first == "_":
        return line.strip("_ ") != ""
    if "0" <= first <= "9":
        return _ORDERED_LIST_MARKER.match(line) is None
    return True  # "`" or "~" not three times, a "#" run that is no heading, "["


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
