"""Lines of the human report as styled runs, and where they are written: through
rich on a colour terminal, as plain text otherwise. Most runs (pre-commit hooks, CI
logs, an editor's save hook) want no colour, and loading rich to print plain text
costs a one-article check a tenth of its start-up.

The plain writer prints what rich's Console prints without colour (soft wrap, no
markup, no highlighting): the text of the runs and a newline. Rich also expands tabs
and drops some control characters; a line holding any character below U+0020 or
U+007F goes through rich itself, so the bytes never differ (a test compares the two)."""

from __future__ import annotations

from typing import TextIO


class Styled:
    """Runs of text, each with a rich style name or None."""

    __slots__ = ("runs",)

    def __init__(self, text: str = "", style: str | None = None) -> None:
        self.runs: list[tuple[str, str | None]] = [(text, style)] if text else []

    def append(self, text: str, style: str | None = None) -> "Styled":
        if text:
            self.runs.append((text, style))
        return self

    def __add__(self, other: "Styled") -> "Styled":
        joined = Styled()
        joined.runs = self.runs + other.runs
        return joined

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.runs)


class RichLines:
    """Styled lines through rich's Console (colour, or text that needs rich's care)."""

    def __init__(self, stream: TextIO, *, color: bool, is_tty: bool) -> None:
        from rich.console import Console

        self.console = Console(
            file=stream,
            force_terminal=color,
            no_color=not color,
            color_system=("auto" if is_tty else "standard") if color else None,
            highlight=False,
            emoji=False,
            soft_wrap=True,  # never break a finding line: editors parse path:line:col
        )

    def print(self, line: Styled | None = None) -> None:
        if line is None:
            self.console.print()
            return
        from rich.text import Text

        text = Text()
        for run, style in line.runs:
            text.append(run, style=style)
        self.console.print(text)


class PlainLines:
    """Styled lines as plain text, written as rich would write them without colour."""

    def __init__(self, stream: TextIO, *, is_tty: bool) -> None:
        self.stream = stream
        self._is_tty = is_tty
        self._rich: RichLines | None = None

    def print(self, line: Styled | None = None) -> None:
        text = "" if line is None else line.plain
        if text.isprintable() or not _has_controls(text):
            self.stream.write(text + "\n")
            return
        if self._rich is None:
            self._rich = RichLines(self.stream, color=False, is_tty=self._is_tty)
        self._rich.print(line)


def _has_controls(text: str) -> bool:
    return any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)
