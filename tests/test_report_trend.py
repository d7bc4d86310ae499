"""Trends from the ledger: every `check --ledger` run records its findings by rule
and what is new or fixed since the last run over the same paths; `auditor trend`
reads them back as text, JSON, CSV and HTML."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from auditor.cli import main
from content_repo import DISCLOSED, UNDISCLOSED, ai_image, article, write


def check(root: Path, ledger: Path) -> int:
    here = Path.cwd()
    os.chdir(root)
    try:
        return main(["check", ".", "-f", "json", "-o", os.devnull, "--ledger", str(ledger)])
    finally:
        os.chdir(here)


def trend(ledger: Path, fmt: str, capsys) -> str:
    capsys.readouterr()
    assert main(["trend", "--ledger", str(ledger), "-f", fmt]) == 0
    return capsys.readouterr().out


@pytest.fixture
def history(tmp_path) -> Path:
    """Three runs: two undisclosed AI images; then one disclosed and a new one
    published; then nothing changed."""
    root, ledger = tmp_path / "site", tmp_path / "audit.sqlite"
    for name in ("2019/a.md", "2019/b.md"):
        ai_image(write(root / name, article([("storm.jpg", UNDISCLOSED)])).parent / "storm.jpg")
    assert check(root, ledger) == 1
    write(root / "2019/a.md", article([("storm.jpg", DISCLOSED)]))
    ai_image(write(root / "2020/c.md", article([("storm.jpg", UNDISCLOSED)])).parent / "storm.jpg")
    assert check(root, ledger) == 1
    assert check(root, ledger) == 1
    return ledger


def test_each_run_counts_its_findings_and_what_is_new_or_fixed(history, capsys):
    runs = json.loads(trend(history, "json", capsys))["runs"]
    assert [run["documents"] for run in runs] == [2, 3, 3]
    first, second, third = runs
    assert (first["new"], first["fixed"]) == (None, None)  # nothing to compare the first run with
    assert first["by_rule"] == second["by_rule"] == {"AID101": 2}  # the same count hides a change:
    assert (second["new"], second["fixed"]) == (1, 1)  # a.md disclosed its image, c.md did not
    assert (third["new"], third["fixed"]) == (0, 0) and third["by_rule"] == second["by_rule"]
    assert first["by_severity"] == {"error": 2, "warning": 0, "info": 0}


def test_csv_has_one_row_per_run_and_rule(history, capsys):
    rows = list(csv.DictReader(io.StringIO(trend(history, "csv", capsys), newline="")))
    assert {row["run"] for row in rows} == {"1", "2", "3"}
    assert all(row["rule"] and int(row["findings"]) > 0 for row in rows)


def test_text_and_html_show_every_run(history, capsys):
    text = trend(history, "text", capsys)
    assert len(text.strip().splitlines()) == 4  # a header and three runs
    page = trend(history, "html", capsys)
    assert "default-src 'none'" in page and "<script" not in page
    assert '<figure class="chart" id="trend-findings">' in page and page.count("<tr><td>") >= 3


@pytest.mark.parametrize("make", ["missing", "not-a-ledger"])
def test_a_ledger_without_runs_is_one_line_and_exit_2(tmp_path, make, capsys):
    ledger = tmp_path / "audit.sqlite"
    if make == "not-a-ledger":
        ledger.write_text("hello", encoding="utf-8")
    assert main(["trend", "--ledger", str(ledger)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("auditor: ")
