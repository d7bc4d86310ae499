"""The JSON report: one object with the tool, the run summary and every finding.
A public contract (DESIGN.md, contract 2), described by
auditor/data/report.schema.json; bump SCHEMA_VERSION with any change to it."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .. import __version__
from ..model import Report
from .base import CollectingFormatter
from .record import finding_record
from .summary import severity_counts

SCHEMA_VERSION = "1.0"


class JsonFormatter(CollectingFormatter):
    name = "json"

    def finish(self, report: Report) -> None:
        json.dump(self.document(report), self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")

    def document(self, report: Report) -> dict[str, Any]:
        summary = report.summary
        seen = Counter(f.severity.value for f in self.findings)
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "auditor", "version": __version__},
            "summary": {
                "documents": summary.documents,
                "media": summary.media,
                "findings": severity_counts(summary, seen),
                "errors": summary.errors,
                "elapsed": round(summary.elapsed, 3),
            },
            "findings": [finding_record(f, self.shown_path) for f in self.findings],
        }
