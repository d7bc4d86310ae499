"""Apply the fixes a check's findings call for, and say what was done: one line per
file (fixed, would fix, refused and why), and with --diff the change itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, TextIO

from ..model import Finding
from ..report.escaping import escape_controls, one_line
from .image_marking import mark_image
from .outcome import FixOutcome
from .captions import add_disclosures
from .plan import caption_targets, image_markings


@dataclass
class FixResult:
    outcomes: list[FixOutcome] = field(default_factory=list)

    @property
    def refused(self) -> list[FixOutcome]:
        return [o for o in self.outcomes if o.status == "refused"]

    @property
    def changes(self) -> list[FixOutcome]:
        return [o for o in self.outcomes if o.status in ("fixed", "would-fix")]


def apply_fixes(findings: Iterable[Finding], *, dry_run: bool, allow_c2pa_break: bool = False,
                captions: bool = False) -> FixResult:
    findings = list(findings)
    result = FixResult()
    for marking in image_markings(findings):
        result.outcomes.append(mark_image(marking, dry_run=dry_run, allow_c2pa_break=allow_c2pa_break))
    if captions:
        for article, figures in caption_targets(findings).items():
            result.outcomes.extend(add_disclosures(article, figures, dry_run=dry_run))
    return result


def write_outcomes(result: FixResult, stream: TextIO, *, diff: bool) -> None:
    for outcome in result.outcomes:
        if diff and outcome.diff:
            # The packet is the file's text: its control characters are shown, never sent to the terminal.
            stream.writelines(escape_controls(line) + "\n" for line in outcome.diff.splitlines())
        codes = ",".join(outcome.codes)
        stream.write(one_line(f"{outcome.status}: {outcome.path} [{codes}]: {outcome.message}") + "\n")
    fixed = sum(o.status == "fixed" for o in result.outcomes)
    would = sum(o.status == "would-fix" for o in result.outcomes)
    summary = f"{would} file(s) would be fixed" if diff else f"{fixed} file(s) fixed"
    stream.write(f"{summary}, {len(result.refused)} refused\n")
