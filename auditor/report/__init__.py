"""Report formats, one module each, behind one small lifecycle (see ``base``).

``FORMATS`` maps a ``--format`` name to the module and class of its formatter,
imported on first use (a run loads one or two formats, not rich, PIL and the HTML
report with them); ``write_report`` runs a whole report through one of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from importlib import import_module

from ..model import Report
from .base import Formatter

if TYPE_CHECKING:
    from .publication import PublicationLog

FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "TextFormatter"),
    "json": ("json", "JsonFormatter"),
    "jsonl": ("jsonl", "JsonLinesFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "junit": ("junit", "JunitFormatter"),
    "github": ("github", "GithubFormatter"),
    "gitlab": ("gitlab", "GitlabFormatter"),
    "html": ("html", "HtmlFormatter"),
    "markdown": ("markdown", "MarkdownFormatter"),
    "csv": ("csv", "CsvFormatter"),
}


class UnknownFormat(ValueError):
    """A format name that is not in FORMATS (a usage error, exit code 2)."""


def formatter_for(
    name: str, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None,
    show_suppressed: bool = False, **options: Any,
) -> Formatter:
    """A formatter; ``options`` are the format's own (the text format's
    ``show_source`` and ``statistics``)."""
    return formatter_class(name)(stream, color=color, base_path=base_path, show_suppressed=show_suppressed, **options)


def formatter_class(name: str) -> type[Formatter]:
    try:
        module, attribute = FORMATS[name]
    except KeyError:
        raise UnknownFormat(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}") from None
    return getattr(import_module(f"{__name__}.{module}"), attribute)


def write_report(
    report: Report, fmt: str, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None,
    show_suppressed: bool = False, publication: PublicationLog | None = None, **options: Any,
) -> None:
    """Write a finished report in one format: the whole lifecycle in one call.
    Suppressed and baselined findings reach the formats people read only with
    ``show_suppressed``; CI annotations never show them. ``publication`` is the
    run's dates and AI-image counts, for summaries and charts (else dates come from paths)."""
    formatter = formatter_for(fmt, stream, color=color, base_path=base_path, show_suppressed=show_suppressed, **options)
    formatter.publication = publication
    formatter.start()
    for finding in report.findings:
        formatter.deliver(finding)
    formatter.finish(report)


__all__ = ["FORMATS", "Formatter", "UnknownFormat", "formatter_class", "formatter_for", "write_report"]
