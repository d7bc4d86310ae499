"""The end-of-run summary: findings counted by rule, severity, folder, section, year
and month, and the documents with the most findings. Counted as findings go by, so
memory grows with the number of rules, folders and months, never with findings.
Years and months are of publication: the article's date where the run's
`PublicationLog` has it, else the path's (`groups`).

Suppressed findings are reported but not counted, as in the run's severity totals.
"""

from __future__ import annotations

import heapq
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

from ..model import Finding, Report, Summary
from .base import Formatter, set_aside_kind
from .escaping import escape_controls
from .paths import relative_path
from .groups import groups_of
from .publication import PublicationLog
from .summary import severity_counts, summary_sentence

TOP_DOCUMENTS = 10
TERMINAL_ROWS = 15  # a terminal table longer than this ends with "... N more"
DEFAULT_GROUPS = ("rule", "folder", "year")


class RunTally:
    """Counts findings into every grouping; ``shown_path`` is how the report shows a
    path (relative to its base folder), which is what folders are read from."""

    def __init__(self, shown_path: Callable[[str], str], publication: PublicationLog | None = None) -> None:
        self.shown_path = shown_path
        self.publication = publication
        self.groups: dict[str, Counter[str]] = {g: Counter() for g in ("rule", "severity", "folder", "section", "year", "month")}
        self.rule_names: dict[str, str] = {}
        self._document: str | None = None
        self._shown = ""
        self._keys: tuple[str, str, str, str] = ("", "", "", "")
        self._count = 0
        self._top: list[tuple[int, str]] = []  # a min-heap of (findings, path), TOP_DOCUMENTS long

    def add_all(self, findings: Iterable[Finding]) -> "RunTally":
        for finding in findings:
            self.add(finding)
        return self

    def add(self, finding: Finding) -> None:
        if finding.suppressed:
            return
        if finding.path != self._document:
            # Findings come grouped by document: its groups are worked out once.
            self._close_document()
            shown = self._shown = self.shown_path(finding.path)
            self._document = finding.path
            published = self.publication.published(finding.path) if self.publication is not None else None
            self._keys = groups_of(shown, published)
        self._count += 1
        self.rule_names.setdefault(finding.rule, finding.name)
        groups = self.groups
        groups["rule"][finding.rule] += 1
        groups["severity"][finding.severity.value] += 1
        for name, key in zip(("folder", "section", "year", "month"), self._keys):
            groups[name][key] += 1

    def top_documents(self) -> list[tuple[str, int]]:
        """The documents with most findings, most first (ties by path)."""
        self._close_document()
        return [(path, count) for count, path in sorted(self._top, key=lambda item: (-item[0], item[1]))]

    def record(self) -> dict[str, Any]:
        """The groupings as the JSON report's summary carries them; AI images by
        month when the run counted them."""
        record: dict[str, Any] = {
            "by_rule": dict(sorted(self.groups["rule"].items())),
            "by_folder": dict(sorted(self.groups["folder"].items())),
            "by_section": dict(sorted(self.groups["section"].items())),
            "by_year": dict(sorted(self.groups["year"].items())),
            "by_month": dict(sorted(self.groups["month"].items())),
            "top_documents": [{"path": path, "findings": count} for path, count in self.top_documents()],
        }
        if self.publication is not None and self.publication.counted:
            record["ai_images_by_month"] = self.publication.record()
        return record

    def rows(self, grouping: str) -> list[tuple[str, int]]:
        """One grouping's (key, count) rows: rules by count, dates in order, folders by count."""
        counted = self.groups[grouping]
        if grouping in ("year", "month"):
            return sorted(counted.items())
        return sorted(counted.items(), key=lambda item: (-item[1], item[0]))

    def _close_document(self) -> None:
        if self._document is not None and self._count:
            entry = (self._count, self._shown)
            if len(self._top) < TOP_DOCUMENTS:
                heapq.heappush(self._top, entry)
            elif entry[0] > self._top[0][0]:
                heapq.heapreplace(self._top, entry)
        self._document, self._count = None, 0


def throughput(summary: Summary) -> float | None:
    """Documents audited per second, when the run took measurable time."""
    return round(summary.documents / summary.elapsed, 1) if summary.elapsed > 0 else None


class TallyingFormatter(Formatter):
    """Passes everything to another formatter and tallies the findings on the way:
    the streaming run (``--format jsonl``) summarises what it never holds."""

    def __init__(self, inner: Formatter, publication: PublicationLog | None = None, *, tallies: bool = True) -> None:
        super().__init__(inner.stream, color=inner.color, base_path=inner.base_path)
        self.inner = inner
        self.publication = inner.publication = publication
        # Without a summary to write (--quiet), nothing to count: `tally` is None.
        self.tally = RunTally(self.shown_path, publication) if tallies else None

    def start(self) -> None:
        self.inner.start()

    def audited(self, path: str) -> None:
        self.inner.audited(path)

    def wants(self, finding: Finding) -> bool:
        # The wrapped format decides what it shows: JSON Lines carries suppressed and
        # baselined findings, marked, as the JSON report does.
        return self.inner.wants(finding)

    def set_aside(self, finding: Finding) -> None:
        self.inner.set_aside(finding)

    def handle(self, finding: Finding) -> None:
        if self.tally is not None and set_aside_kind(finding) is None:
            self.tally.add(finding)  # the summary counts what can fail the gate, as before
        self.inner.handle(finding)

    def finish(self, report: Report) -> None:
        self.inner.finish(report)


def write_run_summary(stream: TextIO, summary: Summary, tally: RunTally, groups: Iterable[str] = DEFAULT_GROUPS) -> None:
    """The summary people read at the end of a run (on stderr): one sentence, then
    a table per grouping, the documents with most findings and what was skipped."""
    counts = severity_counts(summary, tally.groups["severity"])
    rate = throughput(summary)
    lines = [f"auditor: {summary_sentence(summary, counts)}"]
    if rate:
        lines.append(f"  throughput: {rate:g} documents/s, {summary.media} images read")
    for grouping in groups:
        rows = tally.rows(grouping)
        if not rows:
            continue
        lines.append(f"  findings by {grouping}:")
        for key, count in rows[:TERMINAL_ROWS]:
            label = f"{key} {tally.rule_names.get(key, '')}".rstrip() if grouping == "rule" else key
            lines.append(f"    {count:>8}  {escape_controls(label)}")
        if len(rows) > TERMINAL_ROWS:
            lines.append(f"    ... and {len(rows) - TERMINAL_ROWS} more (see the JSON report's summary)")
        if grouping == "month":
            lines += _ai_image_lines(tally.publication)
    top = tally.top_documents()
    if top:
        lines.append("  most findings:")
        lines += [f"    {count:>8}  {escape_controls(path)}" for path, count in top]
    if summary.skipped:
        lines.append("  skipped (not articles):")
        lines += [f"    {count:>8}  {escape_controls(reason)}" for reason, count in sorted(summary.skipped.items())]
    stream.write("\n".join(lines) + "\n")
    stream.flush()


def _ai_image_lines(publication: PublicationLog | None) -> list[str]:
    """AI-signalled images by month, disclosed or not, latest months last."""
    rows = publication.ai_rows() if publication is not None else []
    if not rows:
        return []
    lines = ["  AI images by month:   disclosed  undisclosed"]
    shown = rows[-TERMINAL_ROWS:] if len(rows) > TERMINAL_ROWS else rows
    if len(rows) > TERMINAL_ROWS:
        lines.append(f"    ... {len(rows) - TERMINAL_ROWS} earlier months (see the JSON report's summary)")
    lines += [f"    {escape_controls(month):<18} {disclosed:>10} {undisclosed:>12}" for month, disclosed, undisclosed in shown]
    return lines


def tally_report(report: Report, base_path: Path | None = None, publication: PublicationLog | None = None) -> RunTally:
    """The tally of a finished report, paths shown as its formats show them."""
    base = Path(base_path) if base_path is not None else Path.cwd()
    return RunTally(lambda path: relative_path(path, base), publication).add_all(report.findings)
