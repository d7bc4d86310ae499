"""The CSV report: one finding a row, for spreadsheets, pandas and polars. The
columns are a public contract (``COLUMNS``, in this order; new ones only at the
end), written as each finding arrives.

A cell that a spreadsheet would take for a formula (one that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return: OWASP's CSV injection list) is
written with a leading ``'``, since article text and file names are untrusted.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from ..model import Finding
from .base import Formatter
from .groups import groups_of

COLUMNS = (
    "rule", "name", "severity", "path", "line", "column", "media", "figure", "message",
    "evidence", "fix", "fingerprint", "baseline_state", "suppressed",
    "folder", "section", "year", "month",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvFormatter(Formatter):
    name = "csv"
    # A machine format: every finding, with its baseline_state and suppressed columns.
    shows_baselined = True
    shows_suppressed = True

    def __init__(self, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None,
                 show_suppressed: bool = False) -> None:
        super().__init__(stream, color=color, base_path=base_path, show_suppressed=show_suppressed)
        # RFC 4180 line endings; the stream is opened with newline="" by the callers.
        self.writer = csv.writer(stream, lineterminator="\r\n")
        self._groups: tuple[str, str, str, str] = ("", "", "", "")
        self._grouped: str | None = None

    def start(self) -> None:
        self.writer.writerow(COLUMNS)

    def handle(self, finding: Finding) -> None:
        path = self.shown_path(finding.path)
        if path != self._grouped:  # findings come grouped by document
            self._grouped = path
            published = self.publication.published(finding.path) if self.publication is not None else None
            self._groups = groups_of(path, published)
        evidence = "; ".join(f"{e.source}: {e.value}" for e in finding.evidence)
        row = [
            finding.rule, finding.name, finding.severity.value, path, finding.line, finding.column,
            self.shown_path(finding.media) if finding.media else None, finding.figure, finding.message,
            evidence, finding.fix, finding.fingerprint, finding.baseline_state,
            "true" if finding.suppressed else "false", *self._groups,
        ]
        self.writer.writerow([_inert(cell) for cell in row])


def _inert(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return "" if cell is None else cell
