"""Untrusted text (file names, captions, metadata values, URLs) made safe for the
consumer that reads a report: a terminal, a CI log, GitHub's workflow commands,
a Markdown table, a SARIF viewer. Every formatter escapes through here.

On a terminal or in a CI log, a control character is an instruction (clear the
screen, set the window title, move the cursor), and a line break starts a line
the reader takes for auditor's own ("0 errors", "::error file=…::"). So control
characters are shown as visible escapes, and one value never spans two lines."""

from __future__ import annotations

import re
from urllib.parse import quote

# C0 controls, DEL, C1 controls; Unicode line and paragraph separators; the
# bidirectional overrides and isolates that reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
_WHITESPACE_RUN = re.compile(r"[ \t\n\r\x0b\x0c\x85\u2028\u2029]+")
# Schemes a SARIF viewer may show as a link; any other (javascript:, data:, file
# URLs named in content) is written as an inert relative reference.
_LINK_SCHEMES = ("http://", "https://")
_URI_CHARACTERS = ":/?#[]@!$&'()*+,;=%-._~"


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character as a visible escape (`\\n`, `\\e`,
    `\\x07`, `\\u202e`): a name keeps every character, on one line.
    `keep_newlines` leaves CR and LF for a consumer that encodes them itself."""
    if not _CONTROL.search(text):
        return text
    if keep_newlines:
        return _CONTROL.sub(lambda m: m.group() if m.group() in "\r\n" else _visible(m), text)
    return _CONTROL.sub(_visible, text)


def one_line(text: str) -> str:
    """Prose (a message, a caption) for a one-line display: line breaks and runs
    of white space become one space, other control characters visible escapes."""
    return escape_controls(_WHITESPACE_RUN.sub(" ", text).strip())


def terminal_line_start(text: str) -> str:
    """A line that begins with untrusted text (a path): GitHub's runner takes any
    log line starting with "::" as a workflow command, so such a path gets "./"."""
    return "./" + text if text.startswith("::") else text


def github_data(value: str) -> str:
    """The message of a workflow command: the runner decodes %25, %0D and %0A."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: str) -> str:
    """A workflow command property value: also ":" and ",", which would end it."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


def markdown_lines(text: str) -> list[str]:
    """The lines of `text` as a Markdown table cell may show them: every kind of
    line break (CRLF, a lone CR, U+2028) splits, and no control character stays."""
    unified = re.sub("\r\n?|[\x0b\x0c\x85\u2028\u2029]", "\n", text)
    return [escape_controls(line) for line in unified.split("\n")]


def sarif_uri(url: str) -> str:
    """A URL found in content, as a SARIF artifact URI: http(s) as written (encoded
    where RFC 3986 needs it); any other scheme percent-encoded whole, so it is a
    relative reference no viewer can follow as `javascript:`."""
    if url.lower().startswith(_LINK_SCHEMES):
        return quote(url, safe=_URI_CHARACTERS)
    return quote(url, safe="")
