"""Human-readable view of what image files say about themselves (`auditor inspect`)."""

from __future__ import annotations

from typing import Any, Iterable, TextIO

from rich.console import Console
from rich.markup import escape

from ..model import MediaFacts

_GROUPS = ("exif", "iptc", "xmp", "png_text", "c2pa")
_MAX_VALUE = 200


def write_inspection(facts: Iterable[MediaFacts], stream: TextIO) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True, width=120 if not stream.isatty() else None)
    for media in facts:
        size = f"{media.width}x{media.height}" if media.width else "size unknown"
        console.print(f"[bold]{escape(media.path)}[/]  {media.format or 'unknown format'}  {size}")
        for error in media.errors:
            console.print(f"  [red]{error.code}[/] {escape(error.message)}")
        if media.signals:
            console.print("  signals:")
            for signal in media.signals:
                console.print(f"    [cyan]{signal.kind:<13}[/] {escape(signal.source)} = {escape(_short(signal.value))}")
        else:
            console.print("  signals: none")
        for group in _GROUPS:
            values = getattr(media, group)
            if values:
                console.print(f"  {group}:")
                for key, value in values.items():
                    console.print(f"    {escape(str(key))}: {escape(_short(value))}")
        console.print()


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"
