"""Regexes that users write (entries `{regex: …}` in a config's `[vocabularies]` or
a `pack_paths` pack, `matches:` in a `pack_paths` rule) compile on RE2, whose
matching time is linear in the text: `(a+)+$` cannot hang a run the way it hangs
Python's backtracking `re`. Bundled packs and vocabularies keep `re`.

RE2 syntax is Python's without backreferences and lookaround; its `\\w`, `\\b` and
`\\d` are ASCII-only (write `\\pL` for a letter of any script)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


class UserPatternError(ValueError):
    """A user regex RE2 cannot compile; the message is one line."""


@dataclass(frozen=True)
class UserRegex:
    """A vocabulary entry `{regex: …}` that came from the user, not from auditor."""

    source: str


def compile_user_pattern(source: str):
    """The compiled RE2 pattern (with `search`, `finditer`, `fullmatch` like `re`)."""
    import re2  # here: only a user's own pattern needs RE2, and most runs have none

    try:
        return re2.compile(source, _options())
    except re2.error as error:
        detail = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) else str(error)
        raise UserPatternError(f"regex {source!r} is not supported (RE2 syntax, no backreferences or lookaround): {detail}") from None


def mark_user_entries(entries) -> list:
    """`entries` of a user's phrase list with their `{regex: …}` items marked as
    user-supplied; plain phrases are escaped literals and stay as they are."""
    return [UserRegex(e["regex"]) if isinstance(e, dict) and "regex" in e else e for e in entries]


@cache
def _options():
    import re2

    # RE2 logs every parse error to stderr itself; the error we raise is the one line
    # the user sees.
    options = re2.Options()
    options.log_errors = False
    return options
