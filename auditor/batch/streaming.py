"""A batch run written straight to a formatter: findings go out as each document
finishes (`--format jsonl`), nothing is collected, and the exit code comes from the
counts."""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..engine import RuleSet
from ..model import Report, Severity, Summary
from ..report import Formatter
from .run import BatchOptions, run_batch


def stream_report(paths: list[Path], config: Config, ruleset: RuleSet, options: BatchOptions,
                  formatter: Formatter) -> Summary:
    formatter.start()
    outcome = run_batch(paths, config, ruleset, options, on_finding=formatter.deliver, on_document=formatter.audited)
    formatter.finish(Report(summary=outcome.summary, rules=tuple(ruleset.infos())))
    return outcome.summary


def reaches(summary: Summary, threshold: str) -> bool:
    """True when any finding is at or above `threshold` (error, warning, info, never)."""
    if threshold == "never":
        return False
    floor = Severity(threshold).rank
    return any(count and Severity(level).rank >= floor for level, count in summary.findings.items())
