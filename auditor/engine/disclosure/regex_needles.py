"""Literal words a vocabulary regex cannot match without: "made (by|with) AI" needs one
of "generated", "created", "made"… somewhere in the text. The phrase scanner tests
those with `in` (C speed) before running the regex over a caption, which most
captions never pass; a regex with no such words runs on every text as before.

Read from the regex's own parse tree: a required element of the top-level sequence
(not optional, not inside a lookaround) that starts with literal characters, or a
group of alternatives that each do. Patterns with flags (case-insensitive…) get none:
their literals are not what the text holds."""

from __future__ import annotations

import re
from re import _constants as sre  # the parse tree's opcodes
from re import _parser as sre_parse

_MIN_NEEDLE = 2
_MAX_JOINED = 256  # fixed strings joined at most: a needle set stays small
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


def required_literals(source: str) -> tuple[str, ...] | None:
    """Strings of which one must occur in any text `source` matches, or None."""
    try:
        tree = sre_parse.parse(source)
    except re.error:
        return None
    if tree.state.flags & ~(sre.SRE_FLAG_UNICODE | sre.SRE_FLAG_VERBOSE):
        return None
    best: tuple[str, ...] | None = None
    items = list(tree)
    for index, (op, value) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        found = _prefixes(items[index:])
        # The longest shortest word wins; on a tie the later element (the predicate, not "ai").
        if found and min(map(len, found)) >= _MIN_NEEDLE and (best is None or min(map(len, found)) >= min(map(len, best))):
            best = found
    return best


def _prefixes(items) -> tuple[str, ...] | None:
    """The literal starts a match of `items` must begin with (one of them), or None.
    Leading elements that can only match fixed strings ("(", "(?:reuters|ap)", ")")
    are joined into those strings ("(reuters)", "(ap)"), then continued by the starts
    of the element after them: longer needles pass fewer texts."""
    joined: tuple[str, ...] = ("",)
    for index, (op, value) in enumerate(items):
        exact = _exact(op, value)
        if exact is None or len(joined) * len(exact) > _MAX_JOINED:
            tail = _first_starts(items[index:])
            if tail and len(joined) * len(tail) <= _MAX_JOINED:
                joined = tuple(head + start for head in joined for start in tail)
            break
        joined = tuple(head + more for head in joined for more in exact)
    found = tuple(dict.fromkeys(text for text in joined if text))
    return found if len(found) == len(set(joined)) else None


def _exact(op, value) -> tuple[str, ...] | None:
    """The strings an element matches when they are few and fixed, else None;
    a zero-width assertion matches the empty string."""
    if op is sre.LITERAL:
        return (chr(value),)
    if op is sre.IN and all(member is sre.LITERAL for member, _ in value):
        return tuple(chr(code) for _, code in value)  # "(?:-| )" is parsed as the set [- ]
    if op in _ZERO_WIDTH:
        return ("",)
    found = _union(_alternatives(op, value), _exact_sequence)
    return found if found is not None and len(found) <= _MAX_JOINED else None


def _exact_sequence(items) -> tuple[str, ...] | None:
    joined: tuple[str, ...] = ("",)
    for op, value in items:
        exact = _exact(op, value)
        if exact is None or len(joined) * len(exact) > _MAX_JOINED:
            return None
        joined = tuple(head + more for head in joined for more in exact)
    return joined


def _first_starts(items) -> tuple[str, ...] | None:
    """The literal starts of a sequence whose first element is not fixed."""
    if not items:
        return None
    op, value = items[0]
    if op is sre.SUBPATTERN or op is sre.BRANCH:
        return _union(_alternatives(op, value), _prefixes)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, _, inner = value
        return _prefixes(list(inner)) if low >= 1 else None
    return None


def _alternatives(op, value) -> list | None:
    """The sequences a group matches one of: a plain `(?:...)` group's one, each
    branch of an alternation; None for anything else or a group with flags."""
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, inner = value
        return None if add_flags or del_flags else [list(inner)]
    if op is sre.BRANCH:
        return [list(branch) for branch in value[1]]
    return None


def _union(sequences: list | None, strings_of) -> tuple[str, ...] | None:
    """Every string `strings_of` gives for the sequences, once each; None when one
    of them has none (that alternative needs no literal)."""
    if sequences is None:
        return None
    found: list[str] = []
    for sequence in sequences:
        strings = strings_of(sequence)
        if not strings:
            return None
        found.extend(strings)
    return tuple(dict.fromkeys(found))
