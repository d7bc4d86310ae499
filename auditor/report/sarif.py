"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run. ``tool.driver.rules`` lists every rule that ran, not only those that
fired, so a consumer can tell "ran, found nothing" from "unknown rule". Image
findings point at the article line that uses the image and name the image file in
``relatedLocations``, since a binary file has no lines to point at.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..model import Finding, Report, RuleInfo, Severity
from .base import CollectingFormatter
from .escaping import sarif_uri
from .paths import is_url
from .source_excerpt import SourceLines
from .summary import severity_counts

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "auditorFingerprint/v1"
_MAX_SNIPPET = 1000  # characters: a minified page is one line
_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


class SarifFormatter(CollectingFormatter):
    name = "sarif"
    shows_baselined = True
    shows_suppressed = True
    sources: SourceLines | None = None  # made on first use: findings are grouped by file

    def finish(self, report: Report) -> None:
        json.dump(self.log(report), self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")

    def log(self, report: Report) -> dict[str, Any]:
        results = self.findings + list(report.baseline_absent)
        rules = _rules_that_ran(report.rules, results)
        index = {rule.code: i for i, rule in enumerate(rules)}
        driver: dict[str, Any] = {
            "name": "auditor",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_descriptor(rule) for rule in rules],
        }
        information_uri = _information_uri()
        if information_uri:
            driver["informationUri"] = information_uri
        seen = Counter(f.severity.value for f in self.findings)
        run: dict[str, Any] = {
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(self.base_path)}},
            # Our columns count Python str characters, i.e. code points.
            "columnKind": "unicodeCodePoints",
            "results": [self._result(f, index[f.rule]) for f in results],
            "properties": {
                "summary": {
                    "documents": report.summary.documents,
                    "media": report.summary.media,
                    "findings": severity_counts(report.summary, seen),
                    "errors": report.summary.errors,
                    "elapsed": round(report.summary.elapsed, 3),
                }
            },
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}

    def _result(self, finding: Finding, rule_index: int) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": self._artifact(finding.path)}
        region: dict[str, Any] = dict(_region(finding))
        snippet = self._snippet(finding)
        if snippet:
            region["snippet"] = {"text": snippet}
        if region:
            physical["region"] = region
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": rule_index,
            "level": _LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": physical}],
        }
        if finding.media and finding.media != finding.path:
            result["relatedLocations"] = [
                {
                    "id": 1,
                    "physicalLocation": {"artifactLocation": self._artifact(finding.media)},
                    "message": {"text": "image file"},
                }
            ]
        if finding.fingerprint:
            result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
        if finding.baseline_state:
            result["baselineState"] = finding.baseline_state
        if finding.suppressed:
            result["suppressions"] = [_suppression(finding.suppression)]
        properties: dict[str, Any] = {
            "name": finding.name,
            "evidence": [{"source": e.source, "value": e.value} for e in finding.evidence],
        }
        if finding.figure is not None:
            properties["figure"] = finding.figure
        if finding.fix:
            # SARIF "fixes" must be byte-exact edits; ours is advice, so it lives here.
            properties["fix"] = finding.fix
        result["properties"] = properties
        return result

    def _snippet(self, finding: Finding) -> str | None:
        """The text of the region: the span when it lies on one line, else its
        first line (viewers show it when they cannot open the file)."""
        if finding.line is None or finding.line < 1:
            return None
        if self.sources is None:
            self.sources = SourceLines()
        text = self.sources.line(finding.path, finding.line)
        if not text:
            return None
        if finding.column and finding.end_column and finding.end_line in (None, finding.line) \
                and finding.end_column > finding.column:
            text = text[finding.column - 1:finding.end_column - 1] or text
        return text[:_MAX_SNIPPET]

    def _artifact(self, path: str) -> dict[str, Any]:
        """Relative to %SRCROOT% when the file is under the base path; otherwise an
        absolute file URI (a relative URI with no base would be meaningless).
        Remote images keep their http(s) URI; any other scheme (`javascript:`,
        `data:`) becomes an inert relative reference (see `escaping.sarif_uri`)."""
        if is_url(path):
            return {"uri": sarif_uri(path)}
        absolute = Path(os.path.abspath(path))
        root = Path(os.path.abspath(self.base_path))
        try:
            relative = absolute.relative_to(root)
        except ValueError:
            return {"uri": absolute.as_uri()}
        return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _rules_that_ran(declared: tuple[RuleInfo, ...], findings: list[Finding]) -> list[RuleInfo]:
    """The report's rules, plus a descriptor for any finding whose rule the report
    did not declare (built-in input rules), so every ruleIndex resolves."""
    from .rule_pages import bundled_rules

    rules = list({rule.code: rule for rule in declared}.values())
    known = {rule.code for rule in rules}
    for finding in findings:
        if finding.rule not in known:
            known.add(finding.rule)
            # A rule a section's own config ran (auditor.config_tree), or an input rule.
            bundled = bundled_rules().get(finding.rule)
            rules.append(
                RuleInfo(
                    code=finding.rule,
                    name=finding.name,
                    severity=finding.severity,
                    summary=bundled[0].docs.summary if bundled else finding.name.replace("-", " "),
                    pack=bundled[1] if bundled else "builtin",
                    help_uri=finding.help_uri,
                )
            )
    return rules


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    summary = rule.summary or rule.name
    properties: dict[str, Any] = {"pack": rule.pack, "problem.severity": rule.severity.value}
    if rule.tags:
        properties["tags"] = list(rule.tags)
    if rule.precision:
        properties["precision"] = rule.precision
    help_text = f"{summary}\n\n{rule.description}" if rule.description else summary
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rule.description or summary},
        "help": {"text": help_text, "markdown": rule.help_markdown or f"**{rule.code} {rule.name}**: {summary}"},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": properties,
    }
    help_uri = rule.help_uri or _rule_page(rule.code)
    if help_uri:
        descriptor["helpUri"] = help_uri
    return descriptor


def _rule_page(code: str) -> str | None:
    from .rule_pages import rule_page_url

    return rule_page_url(code)


def _suppression(reason: str | None) -> dict[str, Any]:
    """SARIF distinguishes a directive in the audited file ("inSource") from one
    kept elsewhere, such as the configuration ("external")."""
    kind = "external" if (reason or "").lower().startswith(("config", "external")) else "inSource"
    suppression: dict[str, Any] = {"kind": kind, "status": "accepted"}
    if reason:
        suppression["justification"] = reason
    return suppression


def _region(finding: Finding) -> dict[str, int]:
    """Only the coordinates we know: SARIF lines and columns start at 1, and a
    missing value must be left out rather than written as 0."""
    if finding.line is None or finding.line < 1:
        return {}
    region = {"startLine": finding.line}
    if finding.column is not None and finding.column >= 1:
        region["startColumn"] = finding.column
    if finding.end_line is not None and finding.end_line >= finding.line:
        region["endLine"] = finding.end_line
    if finding.end_column is not None and finding.end_column >= 1:
        region["endColumn"] = finding.end_column
    return region


def _directory_uri(path: Path) -> str:
    uri = Path(os.path.abspath(path)).as_uri()
    # A base URI must end with "/" or the last folder would be replaced on resolution.
    return uri if uri.endswith("/") else uri + "/"


def _information_uri() -> str | None:
    """The project's home page from the installed package metadata, if it names one."""
    try:
        meta = metadata.metadata("auditor")
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        _label, _, url = entry.partition(",")
        if url.strip().startswith(("https://", "http://")):
            return url.strip()
    home = meta.get("Home-page")
    return home if home and home.startswith(("https://", "http://")) else None
