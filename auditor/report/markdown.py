"""A Markdown summary for pull-request and merge-request comments: the run in one
sentence, findings counted by rule and severity, then the top findings (most severe
first, capped, since comment bodies have a size limit) with links to the lines.

Links point at the commit being checked when the CI environment names it (GitHub
Actions, GitLab CI); elsewhere they are relative to the repository root.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Mapping, TextIO
from urllib.parse import quote

from ..model import Finding, Report
from .base import CollectingFormatter, set_aside_kind
from .escaping import markdown_lines
from .paths import is_url
from .run_summary import RunTally
from .summary import SEVERITIES, severity_counts, summary_sentence
from .summary_tables import fit_within, full_report_link, markdown_ai_table, markdown_group_tables

_SEVERITY_MARK = {"error": "**error**", "warning": "**warning**", "info": "info"}
# Characters that would start Markdown or HTML syntax inside a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")


class MarkdownFormatter(CollectingFormatter):
    name = "markdown"

    def __init__(
        self,
        stream: TextIO,
        *,
        color: bool | None = None,
        base_path: Path | None = None,
        max_rows: int = 50,
        environ: Mapping[str, str] | None = None,
        show_suppressed: bool = False,
    ) -> None:
        super().__init__(stream, color=color, base_path=base_path, show_suppressed=show_suppressed)
        self.max_rows = max_rows
        self.link_base = source_link_base(os.environ if environ is None else environ)
        self.report_link = full_report_link(os.environ if environ is None else environ)

    def finish(self, report: Report) -> None:
        set_aside = [f for f in self.findings if set_aside_kind(f) is not None]
        self.findings = [f for f in self.findings if set_aside_kind(f) is None]
        counts = severity_counts(report.summary, Counter(f.severity.value for f in self.findings))
        sentence = summary_sentence(
            report.summary, counts, suppressed=self.set_aside_counts["suppressed"], shown=self.show_set_aside
        )
        out = [f"### auditor: {sentence}", ""]
        out += self.report_link
        if self.findings:
            out += self._by_rule()
            out += markdown_group_tables(RunTally(self.shown_path, self.publication).add_all(self.findings), escape_cell)
        out += markdown_ai_table(self.publication)  # also when every AI image is disclosed: no findings
        if self.findings:
            droppable = len(out) + 4  # the finding rows start after their table's heading
            ranked = sorted(self.findings, key=lambda f: -f.severity.rank)  # stable: path order within a severity
            shown = ranked[: self.max_rows]
            title = "Findings" if len(shown) == len(ranked) else f"Top {len(shown)} findings"
            out += [f"#### {title}", "", "| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]
            out += [self._row(f) for f in shown]
            hidden = len(ranked) - len(shown)
            if hidden > 0:
                out += ["", f"... and {hidden} more; see the full report."]
            out.append("")
        if set_aside:
            out += self._set_aside(set_aside)
        if self.findings:
            self.stream.write(fit_within(out, droppable))
            return
        self.stream.write("\n".join(out))

    def _set_aside(self, findings: list[Finding]) -> list[str]:
        """``--show-suppressed``: a table of its own, so no row reads as a failure."""
        shown = findings[: self.max_rows]
        out = ["#### Suppressed and baselined (not failing)", "", "| State | Rule | Location | Reason |",
               "| --- | --- | --- | --- |"]
        for finding in shown:
            kind = set_aside_kind(finding) or ""
            reason = (finding.suppression or "") if finding.suppressed else "in the baseline"
            path = self.shown_path(finding.path)
            label = path + (f":{finding.line}" if finding.line is not None else "")
            out.append(f"| {kind} {finding.severity.value} | {escape_cell(finding.rule)} {escape_cell(finding.name)}"
                       f" | {escape_cell(label)} | {escape_cell(reason)} |")
        if len(findings) > len(shown):
            out += ["", f"... and {len(findings) - len(shown)} more; see the full report."]
        return out + [""]

    def _by_rule(self) -> list[str]:
        tally: dict[tuple[str, str], Counter[str]] = {}
        for finding in self.findings:
            tally.setdefault((finding.rule, finding.name), Counter())[finding.severity.value] += 1
        out = ["#### By rule", "", "| Rule | " + " | ".join(SEVERITIES) + " |", "| --- |" + " ---: |" * len(SEVERITIES)]
        for (code, name), counted in sorted(tally.items()):
            numbers = " | ".join(str(counted.get(s, 0)) for s in SEVERITIES)
            out.append(f"| {escape_cell(code)} {escape_cell(name)} | {numbers} |")
        return out + [""]

    def _row(self, finding: Finding) -> str:
        path = self.shown_path(finding.path)
        label = path + (f":{finding.line}" if finding.line is not None else "")
        location = escape_cell(label)
        if not is_url(path) and not path.startswith("/"):
            target = quote(path, safe="/") + (f"#L{finding.line}" if finding.line is not None else "")
            location = f"[{location}]({self.link_base}{target})"
        message = finding.message
        if finding.media and finding.media != finding.path:
            message += f"\nimage: {self.shown_path(finding.media)}"
        if finding.fix:
            message += f"\nfix: {finding.fix}"
        cells = [
            _SEVERITY_MARK[finding.severity.value],
            f"{escape_cell(finding.rule)} {escape_cell(finding.name)}",
            location,
            escape_cell(message),
        ]
        return "| " + " | ".join(cells) + " |"


def source_link_base(environ: Mapping[str, str]) -> str:
    """Where file links point: the checked commit on GitHub or GitLab when the CI
    environment says which, else nothing (links relative to the repository root)."""
    github = [environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")]
    if all(github):
        server, repository, sha = github
        return f"{server.rstrip('/')}/{repository}/blob/{sha}/"
    project, sha = environ.get("CI_PROJECT_URL", ""), environ.get("CI_COMMIT_SHA", "")
    if project and sha:
        return f"{project.rstrip('/')}/-/blob/{sha}/"
    return ""


def escape_cell(text: str) -> str:
    """Text safe inside one table cell: Markdown and HTML syntax neutralised,
    ``&`` kept from forming entities, line breaks (a lone CR too) as ``<br>``,
    control characters as visible escapes."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    lines = [line.strip() for line in markdown_lines(escaped)]
    return "<br>".join(line for line in lines if line)
