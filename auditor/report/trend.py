"""Trends from the ledger (`auditor trend --ledger audit.sqlite`): per finished run,
its date, documents, findings by severity and by rule, and how many findings are
new or fixed since the previous run over the same paths; as text, JSON, CSV
(one row per run and rule, for pandas and pivot tables) or an HTML page with a
chart. Reads the ledger only; runs are recorded by `auditor.batch.run_history`."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from .charts import bar_chart, column_chart
from .escaping import escape_controls

TREND_FORMATS = ("text", "json", "csv", "html")
CSV_COLUMNS = ("run", "started", "paths", "documents", "new", "fixed", "rule", "name", "severity", "findings")
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


class TrendError(ValueError):
    """A ledger that cannot be read or holds no recorded runs: one line, exit 2."""


def read_trend(ledger: Path) -> list[dict[str, Any]]:
    """The finished runs recorded in `ledger`, oldest first."""
    if not ledger.is_file():
        raise TrendError(f"no ledger at {ledger}")
    try:
        db = sqlite3.connect(f"{ledger.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise TrendError(f"cannot read ledger {ledger}: {error}") from None
    try:
        runs = db.execute(
            "SELECT t.run, r.started, t.paths, t.documents, t.new, t.fixed FROM run_totals t"
            " JOIN runs r ON r.id = t.run WHERE r.finished IS NOT NULL ORDER BY t.run").fetchall()
        rules = db.execute("SELECT run, rule, name, severity, findings FROM run_rules ORDER BY run, rule, severity").fetchall()
    except sqlite3.Error as error:
        if "no such table" in str(error):
            raise TrendError(f"{ledger} records no runs yet: audit with `auditor check --ledger {ledger}` first") from None
        raise TrendError(f"cannot read ledger {ledger}: {error}") from None
    finally:
        db.close()
    by_run: dict[int, list[tuple]] = {}
    for run, rule, name, severity, count in rules:
        by_run.setdefault(run, []).append((rule, name, severity, count))
    trend = []
    for run, started, paths, documents, new, fixed in runs:
        rows = by_run.get(run, [])
        severities = {s: sum(c for _, _, sev, c in rows if sev == s) for s in ("error", "warning", "info")}
        by_rule: dict[str, int] = {}
        for rule, _, _, count in rows:
            by_rule[rule] = by_rule.get(rule, 0) + count
        trend.append({
            "run": run,
            "started": datetime.fromtimestamp(started, timezone.utc).isoformat(timespec="seconds"),
            "paths": json.loads(paths),
            "documents": documents,
            "findings": sum(severities.values()),
            "by_severity": severities,
            "by_rule": by_rule,
            "rules": [{"rule": r, "name": n, "severity": s, "findings": c} for r, n, s, c in rows],
            "new": new,
            "fixed": fixed,
        })
    if not trend:
        raise TrendError(f"{ledger} records no finished runs yet: audit with `auditor check --ledger {ledger}` first")
    return trend


def write_trend(trend: list[dict[str, Any]], fmt: str, stream: TextIO) -> None:
    {"text": _text, "json": _json, "csv": _csv, "html": _html}[fmt](trend, stream)


def _text(trend: list[dict[str, Any]], stream: TextIO) -> None:
    stream.write(f"{'run':>5}  {'started (UTC)':<20} {'documents':>9} {'findings':>9} {'new':>7} {'fixed':>7}  top rules\n")
    for run in trend:
        top = sorted(run["by_rule"].items(), key=lambda item: (-item[1], item[0]))[:3]
        rules = ", ".join(f"{code} {count}" for code, count in top)
        stream.write(f"{run['run']:>5}  {run['started'][:19].replace('T', ' '):<20} {run['documents']:>9} "
                     f"{run['findings']:>9} {_count(run['new']):>7} {_count(run['fixed']):>7}  {escape_controls(rules)}\n")


def _json(trend: list[dict[str, Any]], stream: TextIO) -> None:
    json.dump({"tool": {"name": "auditor", "version": __version__}, "runs": trend}, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def _csv(trend: list[dict[str, Any]], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for run in trend:
        common = [run["run"], run["started"], " ".join(run["paths"]), run["documents"],
                  _count(run["new"], ""), _count(run["fixed"], "")]
        # A run without findings still has its row, so the series has no gaps.
        for rule in run["rules"] or [{"rule": "", "name": "", "severity": "", "findings": 0}]:
            writer.writerow(common + [rule["rule"], rule["name"], rule["severity"], rule["findings"]])


def _html(trend: list[dict[str, Any]], stream: TextIO) -> None:
    totals = [(f"run {run['run']} {run['started'][:10]}", run["findings"]) for run in trend]
    latest = trend[-1]
    rows = "".join(
        f"<tr><td>{run['run']}</td><td>{escape(run['started'])}</td><td>{run['documents']}</td><td>{run['findings']}</td>"
        f"<td>{_count(run['new'])}</td><td>{_count(run['fixed'])}</td></tr>" for run in trend)
    rules = sorted(latest["by_rule"].items(), key=lambda item: (-item[1], item[0]))
    stream.write(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        "<title>auditor trend</title><style>body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 76rem;"
        " padding: 0 1rem; } table { border-collapse: collapse; } td, th { border-top: 1px solid #ddd; padding: .2rem .6rem; }"
        " .chart-body { display: flex; gap: 1rem; } .chart svg { font: 11px system-ui; } .chart rect { fill: #4a6fa5; }"
        " .chart-data caption { position: absolute; left: -9999px; } .chart-table { max-height: 14rem; overflow-y: auto; }</style></head><body>"
        f"<h1>auditor {escape(__version__)}: findings run by run</h1>"
        + column_chart("trend-findings", "Findings per run", totals, "Run")
        + "<h2>Runs</h2><table><tr><th>Run</th><th>Started (UTC)</th><th>Documents</th><th>Findings</th>"
          "<th>New</th><th>Fixed</th></tr>" + rows + "</table>"
        + bar_chart("trend-rules", f"Findings by rule in the latest run ({latest['run']})", rules, "Rule")
        + "</body></html>\n")


def _count(value: int | None, missing: str = "-") -> Any:
    return missing if value is None else value
