"""The human format: findings grouped by file, one line each with its location,
then the source line with a caret under the span (``show_source``), the image,
evidence and suggested fix indented below; a summary line last. With
``statistics``, a count per rule instead of the findings (as ``ruff
--statistics``). Colour only on a terminal (or when forced); plain text otherwise."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TextIO

from ..model import Finding, Report
from .base import Formatter, set_aside_kind
from .evidence_text import readable_value
from .escaping import escape_controls, one_line, terminal_line_start
from .source_excerpt import SourceLines, excerpt
from .styled_lines import PlainLines, RichLines, Styled
from .summary import summary_sentence, severity_counts

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MAX_EVIDENCE = 160  # long generator prompts would drown the finding itself
_INDENT = "    "


class TextFormatter(Formatter):
    name = "text"

    def __init__(
        self, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None, show_suppressed: bool = False,
        show_source: bool = True, statistics: bool = False,
    ) -> None:
        super().__init__(stream, color=color, base_path=base_path, show_suppressed=show_suppressed)
        self.source = SourceLines() if show_source and not statistics else None
        self.statistics: Counter[tuple[str, str]] | None = Counter() if statistics else None
        is_tty = _is_tty(stream)
        use_color = _wants_color(is_tty) if color is None else color
        self.console = RichLines(stream, color=True, is_tty=is_tty) if use_color else PlainLines(stream, is_tty=is_tty)
        self.last_path: str | None = None
        self.seen: Counter[str] = Counter()

    def handle(self, finding: Finding) -> None:
        if set_aside_kind(finding) is None:
            self.seen[finding.severity.value] += 1
        if self.statistics is not None:
            self.statistics[(finding.rule, finding.name)] += 1
            return
        path = self.shown_path(finding.path)
        if self.last_path is not None and path != self.last_path:
            self.console.print()
        self.last_path = path
        self.console.print(self._headline(finding, path))
        for line in self._source(finding):
            self.console.print(line)
        for detail in self._details(finding):
            self.console.print(detail)

    def finish(self, report: Report) -> None:
        if self.statistics:
            self._print_statistics(self.statistics)
        counts = severity_counts(report.summary, self.seen)
        if self.last_path is not None:
            self.console.print()
        style = "bold red" if counts["error"] else "yellow" if counts["warning"] else "green"
        sentence = summary_sentence(
            report.summary, counts, suppressed=self.set_aside_counts["suppressed"], shown=self.show_set_aside
        )
        self.console.print(Styled(sentence, style))

    def _headline(self, finding: Finding, path: str) -> Styled:
        severity = finding.severity.value
        kind = set_aside_kind(finding)
        line = Styled()
        line.append(terminal_line_start(escape_controls(path)) + _position(finding), style="bold")
        line.append("  ")
        if kind is None:
            line.append(f"{severity:<7}", style=_SEVERITY_STYLE[severity])
        else:  # never printed as an error: it does not fail the gate
            line.append(f"{kind} {severity}", style="dim")
        line.append("  ")
        line.append(finding.rule, style="bold")
        line.append(f" {finding.name}", style="dim")
        line.append("  ")
        line.append(one_line(finding.message))
        return line

    def _print_statistics(self, tally: Counter[tuple[str, str]]) -> None:
        width = len(str(max(tally.values())))
        for (code, name), count in sorted(tally.items(), key=lambda item: (-item[1], item[0])):
            line = Styled(f"{count:>{width}}  ")
            line.append(code, style="bold")
            line.append(f"  {name}")
            self.console.print(line)
        self.last_path = ""  # a blank line before the summary

    def _source(self, finding: Finding) -> list[Styled]:
        if self.source is None or finding.line is None:
            return []
        text = self.source.line(finding.path, finding.line)
        if text is None or not text.strip():
            return []
        same_line = finding.end_line in (None, finding.line)
        shown, carets = excerpt(text, finding.column, finding.end_column if same_line else None)
        gutter = f"{_INDENT}{finding.line} | "
        lines = [Styled(gutter, "dim") + Styled(shown)]
        if carets:
            lines.append(Styled(" " * (len(gutter) - 2) + "| ", "dim") + Styled(carets, "bold red"))
        return lines

    def _details(self, finding: Finding) -> list[Styled]:
        details = []
        if finding.suppressed:
            details.append(Styled(f"{_INDENT}suppressed: {one_line(finding.suppression or '(no reason)')}", "dim"))
        if finding.media and finding.media != finding.path:
            details.append(Styled(f"{_INDENT}image: {_short(escape_controls(self.shown_path(finding.media)))}", "dim"))
        for evidence in finding.evidence:
            details.append(Styled(f"{_INDENT}{one_line(evidence.source)}: {_short(one_line(readable_value(evidence.value)))}", "dim"))
        if finding.fix:
            details.append(Styled(f"{_INDENT}fix: {one_line(finding.fix)}", "green"))
        return details


def _position(finding: Finding) -> str:
    if finding.line is None:
        return ""
    if finding.column is None:
        return f":{finding.line}"
    return f":{finding.line}:{finding.column}"


def _short(flat: str) -> str:
    return flat if len(flat) <= _MAX_EVIDENCE else flat[: _MAX_EVIDENCE - 3] + "..."


def _wants_color(is_tty: bool) -> bool:
    """Colour on a terminal, unless the user opted out (no-color.org); FORCE_COLOR
    opts in, e.g. for CI logs that render ANSI codes."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_tty


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or stream-like objects without a terminal
        return False
