"""Charts for the HTML report, drawn as inline SVG by the report itself (nothing is
loaded, nothing runs), each with a table of the same numbers beside it for screen
readers and for copying. Labels are escaped: folder names come from the content."""

from __future__ import annotations

from html import escape

BAR_ROWS = 20  # a bar chart longer than this folds its tail into one "other" bar
_BAR_HEIGHT = 18
_LABEL_WIDTH = 190
_BAR_WIDTH = 300
_COLUMN_AREA = 560
_COLUMN_HEIGHT = 140


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]], key_heading: str) -> str:
    """Horizontal bars, largest first as given; for rules and folders."""
    rows = _folded(rows)
    if not rows:
        return ""
    peak = max(count for _, count in rows) or 1
    height = _BAR_HEIGHT * len(rows) + 4
    bars = []
    for index, (label, count) in enumerate(rows):
        y = index * _BAR_HEIGHT + 2
        width = max(1, round(_BAR_WIDTH * count / peak))
        bars.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{escape(_clip(label))}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 2}" width="{width}" height="{_BAR_HEIGHT - 5}"></rect>'
            f'<text x="{_LABEL_WIDTH + width + 4}" y="{y + 13}">{count}</text>'
        )
    svg = (f'<svg role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {_LABEL_WIDTH + _BAR_WIDTH + 60} {height}"'
           f' width="{_LABEL_WIDTH + _BAR_WIDTH + 60}" height="{height}">{"".join(bars)}</svg>')
    return _figure(chart_id, title, svg, rows, key_heading)


def column_chart(chart_id: str, title: str, rows: list[tuple[str, int]], key_heading: str) -> str:
    """Vertical columns in the order given (dates, oldest first): a timeline."""
    if not rows:
        return ""
    peak = max(count for _, count in rows) or 1
    step = max(4, min(40, _COLUMN_AREA // len(rows)))
    width = step * len(rows) + 10
    columns = []
    for index, (label, count) in enumerate(rows):
        high = max(1, round(_COLUMN_HEIGHT * count / peak))
        columns.append(f'<rect x="{index * step + 5}" y="{_COLUMN_HEIGHT - high + 4}" width="{max(2, step - 2)}"'
                       f' height="{high}"><title>{escape(label)}: {count}</title></rect>')
    ends = (f'<text x="5" y="{_COLUMN_HEIGHT + 20}">{escape(rows[0][0])}</text>'
            f'<text x="{width - 5}" y="{_COLUMN_HEIGHT + 20}" text-anchor="end">{escape(rows[-1][0])}</text>')
    svg = (f'<svg role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {width} {_COLUMN_HEIGHT + 26}"'
           f' width="{width}" height="{_COLUMN_HEIGHT + 26}">{"".join(columns)}{ends}</svg>')
    return _figure(chart_id, title, svg, rows, key_heading)


def stacked_column_chart(chart_id: str, title: str, rows: list[tuple[str, int, int]], key_heading: str,
                         series: tuple[str, str]) -> str:
    """Vertical columns in the order given, each two counts stacked (the first at the
    bottom), with a legend: a timeline of a whole and its part, such as AI images
    disclosed and not."""
    if not rows:
        return ""
    peak = max(first + second for _, first, second in rows) or 1
    step = max(4, min(40, _COLUMN_AREA // len(rows)))
    width = max(step * len(rows) + 10, 260)  # room for the legend
    top = 22  # the legend's line
    columns = []
    for index, (label, first, second) in enumerate(rows):
        x, bar = index * step + 5, max(2, step - 2)
        low = round(_COLUMN_HEIGHT * first / peak)
        high = round(_COLUMN_HEIGHT * second / peak)
        tip = f"<title>{escape(label)}: {first} {escape(series[0])}, {second} {escape(series[1])}</title>"
        base = top + _COLUMN_HEIGHT
        if first:
            columns.append(f'<rect class="series-1" x="{x}" y="{base - low}" width="{bar}" height="{max(1, low)}">{tip}</rect>')
        if second:
            columns.append(f'<rect class="series-2" x="{x}" y="{base - low - max(1, high)}" width="{bar}"'
                           f' height="{max(1, high)}">{tip}</rect>')
    legend = "".join(
        f'<rect class="series-{n}" x="{5 + (n - 1) * 120}" y="4" width="10" height="10"></rect>'
        f'<text x="{19 + (n - 1) * 120}" y="13">{escape(name)}</text>' for n, name in ((1, series[0]), (2, series[1])))
    ends = (f'<text x="5" y="{top + _COLUMN_HEIGHT + 16}">{escape(rows[0][0])}</text>'
            f'<text x="{width - 5}" y="{top + _COLUMN_HEIGHT + 16}" text-anchor="end">{escape(rows[-1][0])}</text>')
    height = top + _COLUMN_HEIGHT + 22
    svg = (f'<svg role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {width} {height}"'
           f' width="{width}" height="{height}">{legend}{"".join(columns)}{ends}</svg>')
    headings = (key_heading, series[0].capitalize(), series[1].capitalize())
    return _figure(chart_id, title, svg, [(label, first, second) for label, first, second in rows], headings)


def _figure(chart_id: str, title: str, svg: str, rows: list[tuple], headings: str | tuple[str, ...]) -> str:
    """The chart and its numbers as a table (a screen reader's way in, and a copy-paste one)."""
    headings = (headings, "Findings") if isinstance(headings, str) else headings
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    head = "".join(f"<th>{escape(heading)}</th>" for heading in headings)
    table = (f'<div class="chart-table"><table class="chart-data"><caption>{escape(title)}</caption>'
             f"<tr>{head}</tr>{body}</table></div>")
    return (f'<figure class="chart" id="{chart_id}"><figcaption id="{chart_id}-title">{escape(title)}</figcaption>'
            f'<div class="chart-body">{svg}{table}</div></figure>')


def _folded(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    if len(rows) <= BAR_ROWS:
        return rows
    rest = rows[BAR_ROWS - 1:]
    return rows[: BAR_ROWS - 1] + [(f"{len(rest)} others", sum(count for _, count in rest))]


def _clip(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
