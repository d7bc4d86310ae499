"""The formatter lifecycle every report format shares (after flake8's formatters).

The caller drives it: ``start()`` once, ``audited(path)`` after each document
(optional), ``handle(finding)`` for every finding, ``finish(report)`` once at the
end. ``finish`` takes the report for its summary and rule list only: findings
arrive through ``handle``, so a batch run can stream them without holding the
report's findings in memory.

Findings set aside (suppressed in the content or config, or accepted in a
baseline) never fail the gate, so no format may show them as failures: machine
formats receive them marked, the formats people read receive them only when
asked (``show_suppressed``), and CI annotations never do. Those a format does
not show reach ``set_aside`` instead, so its summary can still count them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TextIO

from ..model import Finding, Report
from .evidence_text import readable_value
from .paths import relative_path

if TYPE_CHECKING:
    from .publication import PublicationLog

_SHOWN_PATHS_KEPT = 4096  # a memo, not a record: cleared when full so memory stays flat


class Formatter:
    """Writes one report format to a text stream. Subclasses override the hooks
    they need; streaming formats write in ``handle``, whole-document formats in
    ``finish``."""

    name: ClassVar[str] = ""
    # Machine formats carry every finding with its baseline_state; the formats
    # people read (and CI annotations) show only what is new.
    shows_baselined: ClassVar[bool] = False
    # Machine formats carry suppressed findings, marked (SARIF ``suppressions``,
    # JSON ``suppressed``, JUnit ``skipped``).
    shows_suppressed: ClassVar[bool] = False
    # Whether ``show_suppressed`` may list set-aside findings (never for annotations).
    can_show_set_aside: ClassVar[bool] = True

    def __init__(
        self, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None, show_suppressed: bool = False
    ) -> None:
        self.stream = stream
        self.color = color
        self.show_set_aside = show_suppressed and self.can_show_set_aside
        # Set-aside findings delivered, shown or not, by kind ("suppressed", "baselined").
        self.set_aside_counts: Counter[str] = Counter()
        # Captured once so every path in one report is relative to the same root
        # even if the caller changes directory mid-run.
        self.base_path = Path(base_path) if base_path is not None else Path.cwd()
        self._shown: dict[str, str] = {}
        # The run's publication dates and AI-image counts, when the caller gathered
        # them (`report.publication`); summaries and charts fall back to paths without.
        self.publication: PublicationLog | None = None

    def start(self) -> None:
        """Called once before any finding."""

    def audited(self, path: str) -> None:
        """Called once per audited document or image, after its findings, so
        formats that list clean files (JUnit) can."""

    def handle(self, finding: Finding) -> None:
        """Called once per finding, in the order the engine produced them."""

    def wants(self, finding: Finding) -> bool:
        """Whether ``handle`` should see this finding, or ``set_aside`` instead."""
        kind = set_aside_kind(finding)
        if kind is None:
            return True
        if kind == "suppressed":
            return self.shows_suppressed or self.show_set_aside
        return self.shows_baselined or self.show_set_aside

    def set_aside(self, finding: Finding) -> None:
        """Called instead of ``handle`` for a set-aside finding this format does not show."""

    def deliver(self, finding: Finding) -> None:
        """``handle`` or ``set_aside``, as the format wants: what a driver calls."""
        kind = set_aside_kind(finding)
        if kind is not None:
            self.set_aside_counts[kind] += 1
        if self.wants(finding):
            self.handle(finding)
        else:
            self.set_aside(finding)

    def finish(self, report: Report) -> None:
        """Called once at the end with the run's summary and rules."""

    def shown_path(self, path: str) -> str:
        # A document's findings repeat its path (and its image's): worked out once.
        shown = self._shown.get(path)
        if shown is None:
            if len(self._shown) >= _SHOWN_PATHS_KEPT:
                self._shown.clear()
            shown = self._shown[path] = relative_path(path, self.base_path)
        return shown

    def detail_lines(self, finding: Finding) -> list[str]:
        """What plain-text formats print under a finding's message: the image, the
        evidence, the suggested fix."""
        lines = []
        if finding.media and finding.media != finding.path:
            lines.append(f"image: {self.shown_path(finding.media)}")
        lines += [f"{e.source}: {readable_value(e.value)}" for e in finding.evidence]
        if finding.fix:
            lines.append(f"fix: {finding.fix}")
        return lines


def set_aside_kind(finding: Finding) -> str | None:
    """"suppressed", "baselined" (unchanged since the baseline), or None for a
    finding that can fail the gate."""
    if finding.suppressed:
        return "suppressed"
    if finding.baseline_state == "unchanged":
        return "baselined"
    return None


class CollectingFormatter(Formatter):
    """Base for whole-document formats: keeps findings (and audited paths) until
    ``finish`` writes the document."""

    def __init__(
        self, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None, show_suppressed: bool = False
    ) -> None:
        super().__init__(stream, color=color, base_path=base_path, show_suppressed=show_suppressed)
        self.findings: list[Finding] = []
        self.audited_paths: list[str] = []

    def audited(self, path: str) -> None:
        self.audited_paths.append(path)

    def handle(self, finding: Finding) -> None:
        self.findings.append(finding)
