"""A single self-contained HTML page (no scripts, no external assets) for sharing a
run with editors: the summary, then each file's findings with their evidence."""

from __future__ import annotations

from collections import Counter
from html import escape

from .. import __version__
from ..model import Finding, Report
from .base import CollectingFormatter
from .summary import severity_counts, summary_sentence

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 2rem; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; } td, th { border-top: 1px solid #ddd; padding: .4rem .5rem; text-align: left; vertical-align: top; }
.error { color: #b00020; font-weight: 600; } .warning { color: #9a6700; font-weight: 600; } .info { color: #0b5cad; }
code, .where { font-family: ui-monospace, monospace; font-size: .9em; } ul { margin: .3rem 0; padding-left: 1.2rem; }
.detail { color: #555; } .fix { color: #116329; }
""".strip()


class HtmlFormatter(CollectingFormatter):
    name = "html"

    def finish(self, report: Report) -> None:
        counts = severity_counts(report.summary, Counter(f.severity.value for f in self.findings))
        by_file: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_file.setdefault(self.shown_path(finding.path), []).append(finding)
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>auditor report</title><style>{_STYLE}</style></head><body>",
            f"<h1>auditor {escape(__version__)}: {escape(summary_sentence(report.summary, counts))}</h1>",
        ]
        for path, findings in by_file.items():
            parts.append(f"<h2>{escape(path)}</h2>")
            parts.append("<table><tr><th>Where</th><th>Severity</th><th>Rule</th><th>Finding</th></tr>")
            parts += [self._row(f) for f in findings]
            parts.append("</table>")
        parts.append("</body></html>")
        self.stream.write("\n".join(parts) + "\n")

    def _row(self, finding: Finding) -> str:
        where = "" if finding.line is None else f"{finding.line}" + (
            f":{finding.column}" if finding.column is not None else ""
        )
        details = []
        if finding.media and finding.media != finding.path:
            details.append(f'<li class="detail">image: <code>{escape(self.shown_path(finding.media))}</code></li>')
        details += [
            f'<li class="detail"><code>{escape(e.source)}</code>: {escape(e.value)}</li>' for e in finding.evidence
        ]
        if finding.fix:
            details.append(f'<li class="fix">fix: {escape(finding.fix)}</li>')
        listing = f"<ul>{''.join(details)}</ul>" if details else ""
        severity = finding.severity.value
        return (
            f'<tr><td class="where">{where}</td><td class="{severity}">{severity}</td>'
            f"<td><code>{escape(finding.rule)}</code> {escape(finding.name)}</td>"
            f"<td>{escape(finding.message)}{listing}</td></tr>"
        )
