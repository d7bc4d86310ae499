"""One finding as a plain JSON-ready mapping: the shape shared by the ``json`` and
``jsonl`` formats (a public contract: see auditor/data/report.schema.json)."""

from __future__ import annotations

from typing import Any, Callable

from ..model import Finding


def finding_record(finding: Finding, show_path: Callable[[str], str]) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": show_path(finding.path),
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "media": show_path(finding.media) if finding.media else None,
        "figure": finding.figure,
        "evidence": [{"source": e.source, "value": e.value} for e in finding.evidence],
        "fix": finding.fix,
        "fingerprint": finding.fingerprint,
        "baseline_state": finding.baseline_state,
        "suppressed": finding.suppressed,
        "suppression": finding.suppression,
    }
