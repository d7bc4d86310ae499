"""The JSON report: one object with the tool, the run summary and every finding.
A public contract (DESIGN.md, contract 2), described by
auditor/data/report.schema.json; bump SCHEMA_VERSION with any change to it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .. import __version__
from ..model import Report
from .base import CollectingFormatter
from .json_text import pretty_json
from .record import finding_record
from .run_summary import RunTally, throughput
from .summary import severity_counts

SCHEMA_VERSION = "1.4"


class JsonFormatter(CollectingFormatter):
    name = "json"
    shows_baselined = True
    shows_suppressed = True

    def finish(self, report: Report) -> None:
        self.stream.write(pretty_json(self.document(report)) + "\n")

    def document(self, report: Report) -> dict[str, Any]:
        summary = report.summary
        seen = Counter(f.severity.value for f in self.findings)
        totals: dict[str, Any] = {
            "documents": summary.documents,
            "media": summary.media,
            "findings": severity_counts(summary, seen),
            "errors": summary.errors,
            "elapsed": round(summary.elapsed, 3),
        }
        if summary.skipped:
            totals["skipped"] = dict(sorted(summary.skipped.items()))
        # 1.3: by rule, folder, section, year and month, the top documents, throughput.
        # 1.4: years and months of publication from the article's date first (else
        # the path's, else "unknown"); AI images disclosed or not by month.
        totals.update(RunTally(self.shown_path, self.publication).add_all(self.findings).record())
        totals["documents_per_second"] = throughput(summary)
        if summary.baseline:
            totals["baseline"] = {state: int(summary.baseline.get(state, 0)) for state in ("new", "unchanged", "absent")}
        document: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "auditor", "version": __version__},
            "summary": totals,
            "findings": [finding_record(f, self.shown_path) for f in self.findings],
        }
        if report.skipped:
            # Files passed over as not articles (READMEs, configs, templates): listed, never findings.
            document["skipped"] = [{"path": self.shown_path(path), "reason": reason} for path, reason in report.skipped]
        if report.baseline_absent:
            # Accepted findings that are gone: listed apart so "findings" stays
            # the list of what this run found.
            document["absent"] = [finding_record(f, self.shown_path) for f in report.baseline_absent]
        return document
