"""One self-contained HTML page for editors: the run summary, then each article's
findings, grouped by the image they concern, with a small embedded preview of the
image beside its caption, its provenance signals and the findings. Filters by
severity and rule.

Nothing is loaded from anywhere: previews are ``data:`` URIs, styles and the one
filter script are inline. Every piece of article text and metadata is escaped, and
a Content-Security-Policy allows only that one script (by its hash), so even a
missed escape could not run injected code.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from html import escape
from pathlib import Path
from typing import TextIO

from .. import __version__
from ..model import Finding, Report
from .evidence_text import readable_value
from .base import CollectingFormatter, set_aside_kind
from .figure_view import FigureView, FigureViews
from .html_charts import CHART_STYLE, report_charts
from .html_pages import PAGER, PAGING_SCRIPT, paged, rule_anchor, rules_section
from .summary import SEVERITIES, severity_counts, summary_sentence

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 76rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.3rem; margin-bottom: .2rem; } h2 { font-size: 1.05rem; margin: 2rem 0 .6rem; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; } td, th { border-top: 1px solid #ddd; padding: .25rem .6rem; text-align: left; }
.error { color: #b00020; font-weight: 600; } .warning { color: #9a6700; font-weight: 600; } .info { color: #0b5cad; }
code, .where { font-family: ui-monospace, monospace; font-size: .9em; }
.card { display: flex; gap: 1rem; border: 1px solid #ddd; border-radius: 6px; padding: .8rem; margin: .6rem 0; }
.card figure { margin: 0; flex: 0 0 170px; } .card figure img { max-width: 160px; max-height: 160px; display: block; border: 1px solid #ccc; }
.placeholder { width: 160px; height: 100px; display: flex; align-items: center; justify-content: center; text-align: center;
  background: #f3f3f3; color: #666; font-size: .8rem; border: 1px dashed #bbb; }
.card figcaption { font-size: .85rem; margin-top: .3rem; } .details { flex: 1; min-width: 0; }
.finding { margin: .2rem 0 .6rem; } .finding p { margin: .1rem 0; } dl { margin: .3rem 0; font-size: .9rem; }
dt { font-weight: 600; float: left; clear: left; margin-right: .4rem; min-width: 3.5rem; } dd { margin: 0 0 .1rem 0; overflow-wrap: anywhere; }
ul { margin: .2rem 0; padding-left: 1.2rem; } .detail { color: #555; font-size: .9rem; } .fix { color: #116329; }
#filters { margin: 1rem 0; display: flex; gap: 1rem; align-items: center; } [hidden] { display: none !important; }
""".strip() + "\n" + CHART_STYLE

# The only script on the page: hides findings, cards and articles that do not
# match the filters. It reads data-* attributes and toggles `hidden`; it never
# builds markup from text.
_SCRIPT = """
(function () {
  var form = document.getElementById("filters");
  var severity = document.getElementById("severity-filter");
  var rule = document.getElementById("rule-filter");
  var shown = document.getElementById("shown-count");
  form.hidden = false;
  function apply() {
    var count = 0;
    document.querySelectorAll(".finding").forEach(function (finding) {
      var match = (!severity.value || finding.dataset.severity === severity.value) &&
                  (!rule.value || finding.dataset.rule === rule.value);
      finding.hidden = !match;
      if (match) { count += 1; }
    });
    document.querySelectorAll(".card, .article").forEach(function (group) {
      group.hidden = !group.querySelector(".finding:not([hidden])");
    });
    shown.textContent = count + " shown";
  }
  severity.addEventListener("change", apply);
  rule.addEventListener("change", apply);
  apply();
})();
""".strip()
_SCRIPT += "\n" + PAGING_SCRIPT  # one script, one hash: filters, then pages and search
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
_POLICY = f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'"


class HtmlFormatter(CollectingFormatter):
    name = "html"

    def __init__(
        self, stream: TextIO, *, color: bool | None = None, base_path: Path | None = None, show_suppressed: bool = False
    ) -> None:
        super().__init__(stream, color=color, base_path=base_path, show_suppressed=show_suppressed)
        self.views = FigureViews()

    def finish(self, report: Report) -> None:
        counts = severity_counts(
            report.summary, Counter(f.severity.value for f in self.findings if set_aside_kind(f) is None)
        )
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{escape(_POLICY)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>auditor report</title><style>{_STYLE}</style></head><body>",
            f"<header><h1>auditor {escape(__version__)} report</h1>",
            f'<p id="summary">{escape(summary_sentence(report.summary, counts, suppressed=self.set_aside_counts["suppressed"], shown=self.show_set_aside))}</p>',
        ]
        self.documented = {rule.code for rule in report.rules}
        if self.findings:
            parts += self._counts()
            parts.append(report_charts(self.findings, self.shown_path, self.publication))
            parts += self._filters()
            parts.append(PAGER)
        elif self.publication is not None and self.publication.ai_by_month:  # every AI image disclosed
            parts.append(report_charts((), self.shown_path, self.publication))
        parts.append("</header><main>")
        parts += paged(self._article(path, findings) for path, findings in self._by_article().items())
        parts.append(rules_section(report.rules, {f.rule for f in self.findings}))
        parts.append(f"</main><script>{_SCRIPT}</script></body></html>")
        self.stream.write("\n".join(parts) + "\n")

    def _article(self, path: str, findings: list[Finding]) -> str:
        cards = [self._card(group[0].path, figure, media, group) for (figure, media), group in _by_figure(findings).items()]
        return f'<section class="article"><h2>{escape(path)}</h2>{"".join(cards)}</section>'

    def _by_article(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(self.shown_path(finding.path), []).append(finding)
        return grouped

    def _counts(self) -> list[str]:
        by_rule: dict[tuple[str, str], Counter[str]] = {}
        for finding in self.findings:
            by_rule.setdefault((finding.rule, finding.name), Counter())[finding.severity.value] += 1
        rows = ["<table id=\"counts\"><tr><th>Rule</th>" + "".join(f"<th>{s}</th>" for s in SEVERITIES) + "</tr>"]
        for (code, name), tally in sorted(by_rule.items()):
            cells = "".join(f"<td>{tally.get(s, 0) or ''}</td>" for s in SEVERITIES)
            rows.append(f"<tr><td><code>{escape(code)}</code> {escape(name)}</td>{cells}</tr>")
        rows.append("</table>")
        return rows

    def _filters(self) -> list[str]:
        present = {f.severity.value for f in self.findings}
        severities = "".join(
            f'<option value="{s}">{s}</option>' for s in SEVERITIES if s in present
        )
        rules = "".join(
            f'<option value="{escape(code)}">{escape(code)} {escape(name)}</option>'
            for code, name in sorted({(f.rule, f.name) for f in self.findings})
        )
        return [
            '<form id="filters" hidden>',
            f'<label>Severity <select id="severity-filter"><option value="">all</option>{severities}</select></label>',
            f'<label>Rule <select id="rule-filter"><option value="">all</option>{rules}</select></label>',
            '<output id="shown-count"></output></form>',
        ]

    def _card(self, article: str, figure: int | None, media: str | None, findings: list[Finding]) -> str:
        view = self.views.view(article, figure, media if media != article else None) if (media or figure is not None) else None
        aside = self._figure(view, media) if view is not None else ""
        details = [self._view_details(view, media, article)] if view is not None else []
        details += [self._finding(f) for f in findings]
        return f'<div class="card">{aside}<div class="details">{"".join(details)}</div></div>'

    def _figure(self, view: FigureView, media: str | None) -> str:
        shown = escape(self.shown_path(media)) if media else "figure"
        if view.thumbnail:
            picture = f'<img src="{escape(view.thumbnail)}" alt="preview of {shown}">'
        else:
            picture = f'<div class="placeholder">{escape(view.why_no_thumbnail)}</div>'
        caption = f"<figcaption>{escape(view.caption)}</figcaption>" if view.caption else ""
        return f"<figure>{picture}{caption}</figure>"

    def _view_details(self, view: FigureView, media: str | None, article: str) -> str:
        rows = []
        if media and media != article:
            rows.append(f"<dt>image</dt><dd><code>{escape(self.shown_path(media))}</code></dd>")
        # The caption already sits under the preview.
        for label, value in (("alt", view.alt), ("credit", view.credit)):
            if value:
                rows.append(f"<dt>{label}</dt><dd>{escape(value)}</dd>")
        if view.signals:
            items = "".join(
                f"<li><strong>{escape(kind)}</strong> <code>{escape(source)}</code>: {escape(_short(value))}</li>"
                for kind, source, value in view.signals
            )
            rows.append(f"<dt>signals</dt><dd><ul>{items}</ul></dd>")
        elif media and media != article:
            rows.append("<dt>signals</dt><dd>none in the file</dd>")
        return f"<dl>{''.join(rows)}</dl>" if rows else ""

    def _finding(self, finding: Finding) -> str:
        severity = finding.severity.value
        where = ""
        if finding.line is not None:
            where = f"line {finding.line}" + (f":{finding.column}" if finding.column is not None else "")
        extras = [f'<li class="detail"><code>{escape(e.source)}</code>: {escape(_short(readable_value(e.value)))}</li>' for e in finding.evidence]
        if finding.fix:
            extras.append(f'<li class="fix">fix: {escape(finding.fix)}</li>')
        listing = f"<ul>{''.join(extras)}</ul>" if extras else ""
        state = f" <em>({escape(finding.baseline_state)})</em>" if finding.baseline_state else ""
        if finding.suppressed:
            state += f" <em>(suppressed: {escape(finding.suppression or 'no reason')})</em>"
        # A set-aside finding does not fail the gate, so it is not styled as its severity.
        badge = severity if set_aside_kind(finding) is None else "set-aside"
        return (
            f'<div class="finding" data-severity="{severity}" data-rule="{escape(finding.rule)}">'
            f'<p><span class="{badge}">{severity}</span> {self._rule_link(finding.rule)} {escape(finding.name)}'
            f' <span class="where">{where}</span>{state}</p>'
            f'<p class="message">{escape(finding.message)}</p>{listing}</div>'
        )

    def _rule_link(self, code: str) -> str:
        if code in getattr(self, "documented", ()):
            return f'<a href="#{rule_anchor(code)}"><code>{escape(code)}</code></a>'
        return f"<code>{escape(code)}</code>"


def _by_figure(findings: list[Finding]) -> dict[tuple[int | None, str | None], list[Finding]]:
    grouped: dict[tuple[int | None, str | None], list[Finding]] = {}
    for finding in findings:
        grouped.setdefault((finding.figure, finding.media), []).append(finding)
    return grouped


def _short(value: str, limit: int = 300) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
