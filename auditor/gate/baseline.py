"""Baselines: the findings a repository has already accepted, so a CI gate fails only
on new ones. A baseline stores line-independent fingerprints (rule, path, anchor,
occurrence: see auditor.report.fingerprint), so moving a paragraph changes nothing
while a second identical problem in the same file is new.

The file is JSON: ``{"format": "auditor-baseline/1", "tool": ..., "findings": [...]}``
where each entry keeps the fingerprint and, for people reading diffs of the file and
for reporting findings that disappeared, the rule, severity, path and message.
Fingerprints are computed from paths relative to the current directory: create and
check a baseline from the same folder (the repository root).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable

from .. import __version__
from ..model import Finding, Report, Severity
from ..regular_files import read_regular_text

FORMAT = "auditor-baseline/1"
NEW, UNCHANGED, ABSENT = "new", "unchanged", "absent"


class BaselineError(ValueError):
    """A baseline file that cannot be used, in one line (a usage error, exit 2)."""


def baseline_document(report: Report, show_path: Callable[[str], str]) -> dict[str, Any]:
    findings = [f for f in report.findings if f.fingerprint and not f.suppressed]
    entries = [
        {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "name": f.name,
            "severity": f.severity.value,
            "path": show_path(f.path),
            "media": show_path(f.media) if f.media else None,
            "message": f.message,
        }
        for f in sorted(findings, key=lambda f: (show_path(f.path), f.rule, f.fingerprint))
    ]
    return {"format": FORMAT, "tool": {"name": "auditor", "version": __version__}, "findings": entries}


def write_baseline(report: Report, target: Path, show_path: Callable[[str], str]) -> int:
    """Writes the baseline file; returns how many findings it records."""
    document = baseline_document(report, show_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"cannot write baseline {target}: {error.strerror or error}") from None
    return len(document["findings"])


def read_baseline(source: Path) -> list[dict[str, Any]]:
    try:
        document = json.loads(read_regular_text(source))
    except OSError as error:
        raise BaselineError(f"cannot read baseline {source}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"baseline {source} is not valid JSON: {error}") from None
    except RecursionError:  # json nests by recursion; a baseline is two levels deep
        raise BaselineError(f"baseline {source} is nested too deeply to be an auditor baseline") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"baseline {source} is not an auditor baseline (expected \"format\": \"{FORMAT}\")")
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) and e["fingerprint"] for e in entries
    ):
        raise BaselineError(f"baseline {source}: every entry of \"findings\" needs a \"fingerprint\"")
    return entries


def compare_with_baseline(report: Report, entries: list[dict[str, Any]]) -> Report:
    """The report with every finding marked new or unchanged, and the baseline's
    findings that no longer occur attached as ``baseline_absent``."""
    known = Counter(e["fingerprint"] for e in entries)
    marked: list[Finding] = []
    for finding in report.findings:
        state = NEW
        if finding.fingerprint and known[finding.fingerprint] > 0:
            known[finding.fingerprint] -= 1
            state = UNCHANGED
        marked.append(finding.model_copy(update={"baseline_state": state}))
    absent = []
    for entry in entries:
        if known[entry["fingerprint"]] > 0:
            known[entry["fingerprint"]] -= 1
            absent.append(_absent_finding(entry))
    states = Counter(f.baseline_state for f in marked)
    summary = report.summary.model_copy(
        update={"baseline": {NEW: states[NEW], UNCHANGED: states[UNCHANGED], ABSENT: len(absent)}}
    )
    return report.model_copy(update={"findings": tuple(marked), "baseline_absent": tuple(absent), "summary": summary})


def gating_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that can fail a run: not accepted in a baseline, not suppressed."""
    return [f for f in findings if f.baseline_state != UNCHANGED and not f.suppressed]


def _absent_finding(entry: dict[str, Any]) -> Finding:
    try:
        severity = Severity(entry.get("severity", "warning"))
    except ValueError:
        severity = Severity.warning
    return Finding(
        rule=str(entry.get("rule") or "UNKNOWN"),
        name=str(entry.get("name") or ""),
        severity=severity,
        message=str(entry.get("message") or "no longer found"),
        path=str(entry.get("path") or "."),
        media=entry.get("media") if isinstance(entry.get("media"), str) else None,
        fingerprint=entry["fingerprint"],
        baseline_state=ABSENT,
    )
