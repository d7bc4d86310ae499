"""A shortcut in markdown-it's block rule chain. The block parser tries its rules in
turn on every block (code, fence, blockquote, hr, list, reference, html_block,
heading, lheading, paragraph); most blocks of an article are paragraphs, reached
after eight rules that each look at the line's first character and give up. A
line no earlier rule can take goes straight to the last two, with the same tokens.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import lheading, paragraph

# The CommonMark block rules, in markdown-it's order. A line can begin a block of
# one of the first eight only if, after its indent (under four columns, else it is
# indented code), it starts with one of _BLOCK_MARKERS: ` ~ (fence), > (blockquote),
# * - _ (hr), * - + or a digit (list), [ (reference), < (HTML), # (ATX heading).
_RULES = ["code", "fence", "blockquote", "hr", "list", "reference", "html_block", "heading", "lheading", "paragraph"]
_BLOCK_MARKERS = frozenset("`~>*-_+0123456789[<#")


def add_paragraph_shortcut(md: MarkdownIt) -> None:
    """Puts the shortcut first in `md`'s block chain; refuses a chain it was not
    written for (a markdown-it upgrade or another preset)."""
    active = md.block.ruler.get_active_rules()
    if active != _RULES:
        raise RuntimeError(f"markdown-it block rules changed ({active}): review the paragraph shortcut")
    md.block.ruler.before("code", "paragraph_shortcut", _paragraph_shortcut)


def _paragraph_shortcut(state, start_line: int, end_line: int, silent: bool) -> bool:
    position = state.bMarks[start_line] + state.tShift[start_line]
    if (
        silent
        or state.sCount[start_line] - state.blkIndent >= 4
        or position >= state.eMarks[start_line]
        or state.src[position] in _BLOCK_MARKERS
    ):
        return False  # the full chain decides
    next_line = start_line + 1
    if next_line < end_line and not state.isEmpty(next_line):
        # A following line may underline a setext heading: lheading looks first.
        return lheading(state, start_line, end_line, silent) or paragraph(state, start_line, end_line, silent)
    # A one-line block: lheading would find no underline and return False, leaving
    # parentType set to "paragraph" (it does not restore it then); do the same.
    state.parentType = "paragraph"
    return paragraph(state, start_line, end_line, silent)
