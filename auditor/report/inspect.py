"""Human-readable view of what image files say about themselves (`auditor inspect`)."""

from __future__ import annotations

import re
from typing import Any, Iterable, TextIO

from rich.console import Console
from rich.markup import escape

from ..model import MediaFacts
from .escaping import escape_controls, terminal_line_start

_GROUPS = ("exif", "iptc", "xmp", "png_text", "c2pa")
_MAX_VALUE = 200


def as_read(facts: MediaFacts) -> MediaFacts:
    """What a worker hands back for the text view: the facts themselves."""
    return facts


def write_inspection(facts: Iterable[MediaFacts], stream: TextIO) -> bool:
    """Writes each image's view; True when an image could not be (fully) read."""
    console = Console(file=stream, highlight=False, soft_wrap=True, width=120 if not stream.isatty() else None)
    failed = False
    for media in facts:
        failed |= bool(media.errors)
        size = f"{media.width}x{media.height}" if media.width else "size unknown"
        console.print(f"[bold]{_shown(terminal_line_start(media.path))}[/]  {_shown(media.format or 'unknown format')}  {size}")
        for error in media.errors:
            console.print(f"  [red]{error.code}[/] {_shown(error.message)}")
        if media.signals:
            console.print("  signals:")
            for signal in media.signals:
                console.print(f"    [cyan]{signal.kind:<13}[/] {_shown(signal.source)} = {_shown(_short(signal.value))}")
        else:
            console.print("  signals: none")
        for group in _GROUPS:
            values = getattr(media, group)
            if values:
                console.print(f"  {group}:")
                for key, value in values.items():
                    for line in _key_lines(str(key), _short(value)):
                        console.print(line)
        console.print()
    return failed


def _key_lines(key: str, value: str) -> list[str]:
    """``key: value``, a multi-line value (a Stable Diffusion ``parameters``
    chunk) continuing on lines indented under its first, each line escaped."""
    lines = re.split("\r\n?|\n", value)
    head = f"    {_shown(key)}: {_shown(lines[0])}"
    return [head] + [f"      {_continued(line)}" for line in lines[1:]]


def _continued(line: str) -> str:
    # GitHub's runner takes a log line for a workflow command after trimming its
    # leading space, so indenting alone does not defuse "::error".
    shown = _shown(line)
    return "\\" + shown.lstrip() if shown.lstrip().startswith("::") else shown


def _shown(text: str) -> str:
    """Metadata is written by whoever made the file: its control characters and
    line breaks are shown as escapes, its brackets as text, not Rich markup."""
    return escape(escape_controls(text))


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"
