"""Report formats, one module each, behind one small lifecycle (see ``base``).

``FORMATS`` maps a ``--format`` name to its formatter class; ``write_report`` runs
a whole report through one of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..model import Report
from .base import Formatter
from .github import GithubFormatter
from .gitlab import GitlabFormatter
from .html import HtmlFormatter
from .json import JsonFormatter
from .jsonl import JsonLinesFormatter
from .junit import JunitFormatter
from .markdown import MarkdownFormatter
from .sarif import SarifFormatter
from .text import TextFormatter

FORMATS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "jsonl": JsonLinesFormatter,
    "sarif": SarifFormatter,
    "junit": JunitFormatter,
    "github": GithubFormatter,
    "gitlab": GitlabFormatter,
    "html": HtmlFormatter,
    "markdown": MarkdownFormatter,
}


class UnknownFormat(ValueError):
    """A format name that is not in FORMATS (a usage error, exit code 2)."""


def formatter_for(
    name: str, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None
) -> Formatter:
    try:
        formatter_class = FORMATS[name]
    except KeyError:
        raise UnknownFormat(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}") from None
    return formatter_class(stream, color=color, base_path=base_path)


def write_report(
    report: Report, fmt: str, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None
) -> None:
    """Write a finished report in one format: the whole lifecycle in one call."""
    formatter = formatter_for(fmt, stream, color=color, base_path=base_path)
    formatter.start()
    for finding in report.findings:
        if finding.baseline_state == "unchanged" and not formatter.shows_baselined:
            continue
        formatter.handle(finding)
    formatter.finish(report)


__all__ = ["FORMATS", "Formatter", "UnknownFormat", "formatter_for", "write_report"]
