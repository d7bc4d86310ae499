"""The charts at the top of the HTML report: findings by rule, by month of
publication (a timeline), by folder, and AI images disclosed or not by month of
publication; each an inline SVG with its table."""

from __future__ import annotations

from typing import Callable, Iterable

from ..model import Finding
from .charts import bar_chart, column_chart, stacked_column_chart
from .publication import PublicationLog
from .run_summary import RunTally

CHART_STYLE = """
#charts { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: 1rem 0; } .chart { margin: 0; }
.chart figcaption { font-weight: 600; margin-bottom: .3rem; } .chart-body { display: flex; gap: 1rem; align-items: flex-start; }
.chart svg { font: 11px system-ui, sans-serif; fill: #333; } .chart rect { fill: #4a6fa5; }
.chart rect.series-2 { fill: #d95f02; }
.chart-data { font-size: .8rem; } .chart-table { max-height: 14rem; overflow-y: auto; } .chart-data caption { position: absolute; left: -9999px; }
""".strip()


def report_charts(findings: Iterable[Finding], shown_path: Callable[[str], str],
                  publication: PublicationLog | None = None) -> str:
    tally = RunTally(shown_path, publication).add_all(findings)
    charts = []
    if tally.groups["rule"]:
        rules = [(f"{code} {tally.rule_names.get(code, '')}".rstrip(), count) for code, count in tally.rows("rule")]
        dated = monthly_series(tally.rows("month"))
        undated = sum(tally.groups["month"].values()) - sum(count for _, count in dated)
        timeline_title = "Findings by month of publication" + (f" ({undated} without a month left out)" if undated else "")
        charts += [
            bar_chart("chart-rules", "Findings by rule", rules, "Rule"),
            column_chart("chart-months", timeline_title, dated, "Month"),
            bar_chart("chart-folders", "Findings by folder", tally.rows("folder"), "Folder"),
        ]
    charts.append(disclosure_chart(publication))
    return f'<section id="charts">{"".join(charts)}</section>'


def disclosure_chart(publication: PublicationLog | None) -> str:
    """AI-signalled images by month of publication, those with an explicit disclosure
    beside them and those without: is the newsroom labelling more of them over time?"""
    rows = publication.ai_rows() if publication is not None else []
    if not rows:
        return ""
    counted = {month: (disclosed, undisclosed) for month, disclosed, undisclosed in rows}
    series = [(month, *counted.get(month, (0, 0))) for month, _ in monthly_series([(m, 1) for m in counted])]
    in_series = {month for month, _, _ in series}  # "2019" (a year folder) and "unknown" are not months
    left_out = sum(disclosed + undisclosed for month, disclosed, undisclosed in rows if month not in in_series)
    title = "AI images by month of publication, disclosed or not" + (
        f" ({left_out} without a month left out)" if left_out else "")
    return stacked_column_chart("chart-ai-disclosure", title, series, "Month", ("disclosed", "undisclosed"))


def monthly_series(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The YYYY-MM rows with every month between the first and the last, a month
    without findings as 0: a timeline's gaps are part of what it shows."""
    counted = {month: count for month, count in rows if len(month) == 7 and month[4] == "-"}
    if not counted:
        return []
    first, last = min(counted), max(counted)
    year, month = int(first[:4]), int(first[5:])
    series = []
    while f"{year:04}-{month:02}" <= last:
        key = f"{year:04}-{month:02}"
        series.append((key, counted.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return series
