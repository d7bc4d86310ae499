"""A Markdown summary for pull-request and merge-request comments: the run in one
sentence, then a table of findings (capped, since comment bodies have a size limit)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TextIO

from ..model import Finding, Report
from .base import CollectingFormatter
from .summary import severity_counts, summary_sentence

_SEVERITY_MARK = {"error": "**error**", "warning": "**warning**", "info": "info"}
# Characters that would start Markdown or HTML syntax inside a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")


class MarkdownFormatter(CollectingFormatter):
    name = "markdown"

    def __init__(
        self,
        stream: TextIO,
        *,
        color: bool | None = None,
        base_path: Path | None = None,
        max_rows: int = 200,
    ) -> None:
        super().__init__(stream, color=color, base_path=base_path)
        self.max_rows = max_rows

    def finish(self, report: Report) -> None:
        counts = severity_counts(report.summary, Counter(f.severity.value for f in self.findings))
        out = [f"### auditor: {summary_sentence(report.summary, counts)}", ""]
        if self.findings:
            out += ["| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]
            out += [self._row(f) for f in self.findings[: self.max_rows]]
            hidden = len(self.findings) - self.max_rows
            if hidden > 0:
                out += ["", f"... and {hidden} more; see the full report."]
            out.append("")
        self.stream.write("\n".join(out))

    def _row(self, finding: Finding) -> str:
        location = self.shown_path(finding.path)
        if finding.line is not None:
            location += f":{finding.line}"
        message = finding.message
        if finding.media and finding.media != finding.path:
            message += f"\nimage: {self.shown_path(finding.media)}"
        if finding.fix:
            message += f"\nfix: {finding.fix}"
        cells = [
            _SEVERITY_MARK[finding.severity.value],
            f"{escape_cell(finding.rule)} {escape_cell(finding.name)}",
            escape_cell(location),
            escape_cell(message),
        ]
        return "| " + " | ".join(cells) + " |"


def escape_cell(text: str) -> str:
    """Text safe inside one table cell: Markdown and HTML syntax neutralised,
    ``&`` kept from forming entities, line breaks as ``<br>``."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    lines = [line.strip() for line in escaped.replace("\r\n", "\n").split("\n")]
    return "<br>".join(line for line in lines if line)
