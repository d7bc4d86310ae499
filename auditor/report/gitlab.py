"""GitLab Code Quality JSON (a subset of Code Climate's issue format): one issue per
finding, which GitLab shows in the merge request widget and the diff.

GitLab needs ``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location.path`` with ``location.lines.begin``; an issue without a line is pinned
to line 1, and fingerprints must be unique within the report or later duplicates
are dropped.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..model import Finding, Report
from .base import CollectingFormatter

# Code Climate's five levels; errors block as "critical" would overstate a
# disclosure problem, so the mapping follows eslint's GitLab formatter.
_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitlabFormatter(CollectingFormatter):
    name = "gitlab"
    # Annotations and merge-request issues read as failures: set-aside findings never appear.
    can_show_set_aside = False

    def finish(self, report: Report) -> None:
        used: set[str] = set()
        issues = [self._issue(f, used) for f in self.findings]
        json.dump(issues, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")

    def _issue(self, finding: Finding, used: set[str]) -> dict[str, Any]:
        path = self.shown_path(finding.path)
        description = f"{finding.rule} {finding.name}: {finding.message}"
        if finding.media and finding.media != finding.path:
            description += f" (image: {self.shown_path(finding.media)})"
        seed = finding.fingerprint or "\0".join([finding.rule, path, str(finding.line), finding.message])
        fingerprint = hashlib.md5(seed.encode("utf-8"), usedforsecurity=False).hexdigest()
        repeat = 1
        while fingerprint in used:
            repeat += 1
            fingerprint = hashlib.md5(f"{seed}\0{repeat}".encode("utf-8"), usedforsecurity=False).hexdigest()
        used.add(fingerprint)
        return {
            "type": "issue",
            "description": description,
            "check_name": finding.rule,
            "categories": ["Style"],
            "fingerprint": fingerprint,
            "severity": _SEVERITY[finding.severity.value],
            "location": {"path": path, "lines": {"begin": finding.line if finding.line and finding.line >= 1 else 1}},
        }
