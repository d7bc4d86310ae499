"""Publication facts in the reports: each article's month of publication (its own
date before its path's) and its AI images, disclosed or not, counted by month for
the summaries, the HTML disclosure chart and the Markdown summary, and kept by the
ledger so a cached re-run reports the same."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest

from auditor.batch.ledger import Ledger
from auditor.batch.manifest import RunManifest
from auditor.batch.tasks import Outcome, Task, file_signature
from auditor.report import write_report
from auditor.report.publication import (
    DocumentFacts, PublicationLog, decode_facts, document_facts, encode_facts, publication_month,
)
from auditor.report.run_summary import RunTally, write_run_summary
from report_samples import finding, report
from test_report_json import REPORT_SCHEMA


def figure(ai: bool, disclosure: str = "none") -> dict:
    """A figure's facts as the engine states them (only what the counts read)."""
    return {"ai_signalled": ai, "disclosure": disclosure}


@pytest.mark.parametrize(
    "figures, disclosed, undisclosed",
    [
        ([], 0, 0),
        ([figure(False, "none"), figure(False, "explicit")], 0, 0),  # no AI signal: not counted at all
        ([figure(True, "explicit")], 1, 0),
        ([figure(True, "none"), figure(True, "negated"), figure(True, "ambiguous")], 0, 3),  # readers not told
        ([figure(True, "explicit"), figure(True, "none"), figure(False, "none")], 1, 1),
    ],
)
def test_ai_images_count_as_disclosed_only_with_an_explicit_disclosure(figures, disclosed, undisclosed):
    facts = document_facts(None, figures)
    assert (facts.ai_disclosed, facts.ai_undisclosed) == (disclosed, undisclosed)


@pytest.mark.parametrize(
    "published, month",
    [
        (datetime(2019, 5, 1, 8, 0), "2019-05"),
        (datetime(2024, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5))), "2024-12"),  # the date as the article states it
        (datetime(1, 1, 1), None),  # a placeholder, not a date: the path is asked instead
        (datetime(9999, 12, 31), None),
        (None, None),
    ],
)
def test_the_publication_month_is_the_articles_own_date(published, month):
    assert publication_month(published) == month


@pytest.mark.parametrize("facts", [DocumentFacts("2019-05", 2, 1), DocumentFacts(None, 0, 3), None])
def test_facts_survive_the_ledgers_text(facts):
    assert decode_facts(encode_facts(facts)) == facts


@pytest.mark.parametrize("text", ["", "not json", '["2019-05", -1, 0]', '["2019-05", 1]', '[2019, 0, 0]', "{}"])
def test_ledger_text_that_is_not_facts_counts_as_no_facts(text):
    assert decode_facts(text) is None


def test_findings_are_grouped_by_the_published_month_before_the_path():
    log = PublicationLog(base_path=Path("/site"))
    hugo = finding(path="content/posts/storm/index.md")  # no date in the path
    jekyll = finding(path="_posts/2019-05-01-flood.md")  # dated by its file name only
    moved = finding(path="news/2018/01/late.md")  # the path says 2018-01, the article 2020-02
    nothing = finding(path="pages/about.md")
    log.note(hugo.path, DocumentFacts("2024-03"), [hugo])
    log.note(jekyll.path, DocumentFacts(None), [jekyll])
    log.note(moved.path, DocumentFacts("2020-02"), [moved])
    log.note(nothing.path, DocumentFacts(None), [nothing])
    tally = RunTally(lambda path: path, log).add_all([hugo, jekyll, moved, nothing])
    assert tally.rows("month") == [("2019-05", 1), ("2020-02", 1), ("2024-03", 1), ("unknown", 1)]
    assert tally.rows("year") == [("2019", 1), ("2020", 1), ("2024", 1), ("unknown", 1)]


def test_without_a_log_the_path_alone_dates_a_finding():
    tally = RunTally(lambda path: path).add_all([finding(path="news/2018/01/late.md"), finding(path="a.md")])
    assert tally.rows("month") == [("2018-01", 1), ("unknown", 1)]


def test_a_streamed_log_remembers_only_the_document_that_finished_last():
    log = PublicationLog(keep=False)
    first, second = finding(path="a.md"), finding(path="b.md")
    log.note("./a.md", DocumentFacts("2019-05", 1, 0), [first])
    log.note("./b.md", DocumentFacts("2020-06", 0, 1), [second])
    assert (log.published("a.md"), log.published("b.md")) == (None, "2020-06")
    assert log.record() == {"2019-05": {"disclosed": 1, "undisclosed": 0},
                            "2020-06": {"disclosed": 0, "undisclosed": 1}}


def test_documents_without_findings_are_counted_but_not_remembered():
    log = PublicationLog()
    for n in range(3):
        log.note(f"clean-{n}.md", DocumentFacts("2021-01", 1, 0), [])
    assert log.published("clean-0.md") is None and log.counted == 3
    assert log.ai_rows() == [("2021-01", 3, 0)]


def test_ai_images_without_a_published_date_count_under_the_paths_month_or_unknown(tmp_path):
    log = PublicationLog(base_path=tmp_path)
    log.note(str(tmp_path / "news/2019/05/a.md"), DocumentFacts(None, 1, 1))
    log.note(str(tmp_path / "pages/b.md"), DocumentFacts(None, 0, 2))
    log.note(str(tmp_path / "c.md"), DocumentFacts("2018-11", 1, 0))
    assert log.ai_rows() == [("2018-11", 1, 0), ("2019-05", 1, 1), ("unknown", 0, 2)]


def sample_log() -> PublicationLog:
    """AI images in 2024: more disclosed as the year goes on; March has none; a few undated."""
    log = PublicationLog()
    for month, disclosed, undisclosed in (("2024-01", 1, 4), ("2024-02", 2, 3), ("2024-04", 5, 1)):
        log.note(f"news/{month}.md", DocumentFacts(month, disclosed, undisclosed))
    log.note("pages/undated.md", DocumentFacts(None, 0, 2))
    return log


def rendered(rep, fmt: str, log: PublicationLog | None) -> str:
    stream = io.StringIO()
    write_report(rep, fmt, stream, base_path=Path.cwd(), publication=log)
    return stream.getvalue()


def test_the_json_summary_carries_ai_images_by_month():
    document = json.loads(rendered(report(finding(path="news/2024-01.md")), "json", sample_log()))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(document)
    assert document["summary"]["ai_images_by_month"] == {
        "2024-01": {"disclosed": 1, "undisclosed": 4}, "2024-02": {"disclosed": 2, "undisclosed": 3},
        "2024-04": {"disclosed": 5, "undisclosed": 1}, "unknown": {"disclosed": 0, "undisclosed": 2},
    }


def test_a_report_written_without_a_log_has_no_ai_counts():
    assert "ai_images_by_month" not in json.loads(rendered(report(finding()), "json", None))["summary"]


def test_the_html_report_charts_disclosed_and_undisclosed_ai_images_by_month():
    page = rendered(report(finding(path="news/2024-01.md")), "html", sample_log())
    chart = page.split('<figure class="chart" id="chart-ai-disclosure">', 1)[1].split("</figure>", 1)[0]
    assert "(2 without a month left out)" in chart
    table = chart.split('<table class="chart-data">', 1)[1]
    assert "<th>Month</th><th>Disclosed</th><th>Undisclosed</th>" in table
    # Every month from the first to the last, March (no AI image) as zeros.
    assert [row.split("</td>")[0] for row in table.split("<tr><td>")[1:]] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert "<tr><td>2024-03</td><td>0</td><td>0</td></tr>" in table
    svg = chart.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="series-1"') == 1 + 3 and svg.count('class="series-2"') == 1 + 3  # legend + months
    assert "default-src &#x27;none&#x27;" in page and page.count("<script") == 1  # drawn, not loaded or run


def test_the_disclosure_chart_shows_even_when_every_ai_image_was_disclosed():
    log = PublicationLog()
    log.note("news/a.md", DocumentFacts("2024-05", 3, 0))
    page = rendered(report(documents=1), "html", log)
    assert 'id="chart-ai-disclosure"' in page and "<tr><td>2024-05</td><td>3</td><td>0</td></tr>" in page
    assert 'id="chart-rules"' not in page  # no findings, no findings charts


def test_no_disclosure_chart_without_ai_images():
    page = rendered(report(finding()), "html", PublicationLog())
    assert 'id="chart-rules"' in page and "chart-ai-disclosure" not in page


def test_the_markdown_summary_has_the_ai_images_table():
    text = rendered(report(documents=4), "markdown", sample_log())
    table = text.split("#### AI images by month of publication", 1)[1].split("\n\n", 2)[1]
    assert table.splitlines()[2:] == ["| 2024-01 | 1 | 4 |", "| 2024-02 | 2 | 3 |", "| 2024-04 | 5 | 1 |",
                                      "| unknown | 0 | 2 |"]


def test_the_terminal_summary_grouped_by_month_shows_ai_images_disclosed_or_not():
    rep = report(finding(path="news/2024-01.md"))
    log = sample_log()
    stream = io.StringIO()
    write_run_summary(stream, rep.summary, RunTally(lambda path: path, log).add_all(rep.findings), ["month"])
    lines = stream.getvalue().split("AI images by month:", 1)[1].split("  most findings:")[0].splitlines()
    assert lines[0].split() == ["disclosed", "undisclosed"]
    assert [line.split() for line in lines[1:]] == [["2024-01", "1", "4"], ["2024-02", "2", "3"], ["2024-04", "5", "1"],
                                                     ["unknown", "0", "2"]]
    stream = io.StringIO()
    write_run_summary(stream, rep.summary, RunTally(lambda path: path, log).add_all(rep.findings), ["rule"])
    assert "AI images" not in stream.getvalue()


# --- the ledger keeps the facts ---------------------------------------------------------

def recorded_outcome(folder: Path) -> tuple[Task, Outcome]:
    story = folder / "story.md"
    story.write_text("---\ntitle: A story\n---\nText.\n", encoding="utf-8")
    signature = file_signature(str(story))
    task = Task(str(story), "article", signature=signature)
    return task, Outcome(str(story), [finding(path=str(story))], [], True, signature, facts=DocumentFacts("2024-03", 1, 2))


def test_the_ledger_gives_back_a_documents_facts_with_its_findings(tmp_path):
    task, outcome = recorded_outcome(tmp_path)
    ledger = Ledger(tmp_path / "ledger.sqlite", "rules")
    ledger.start_run([str(tmp_path)])
    ledger.record(outcome)
    [reused] = ledger.reuse_all([task], file_signature)
    assert reused is not None and reused.cached and reused.facts == DocumentFacts("2024-03", 1, 2)
    ledger.close()


def test_a_replayed_run_gives_back_every_documents_facts(tmp_path):
    task, outcome = recorded_outcome(tmp_path)
    ledger = Ledger(tmp_path / "ledger.sqlite", "rules")
    ledger.start_run([str(tmp_path)])
    ledger.record(outcome)
    manifest = RunManifest(ledger)
    manifest.document(outcome)
    manifest.finish([str(tmp_path)], 0)
    ledger.finish_run()
    run = manifest.replayable([str(tmp_path)])
    outcomes, _, _ = manifest.replay(run)
    assert [o.facts for o in outcomes] == [DocumentFacts("2024-03", 1, 2)]
    ledger.close()


def test_a_ledger_from_before_the_facts_is_migrated_and_its_rows_audited_again(tmp_path):
    task, outcome = recorded_outcome(tmp_path)
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE documents (key TEXT PRIMARY KEY, rules TEXT NOT NULL, signature TEXT NOT NULL,
            content TEXT NOT NULL, media TEXT NOT NULL, is_article INTEGER NOT NULL, findings TEXT NOT NULL,
            needs TEXT NOT NULL DEFAULT '[]');
        CREATE TABLE manifest_documents (run INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL,
            signature TEXT NOT NULL, is_article INTEGER NOT NULL, findings TEXT NOT NULL,
            PRIMARY KEY (run, seq)) WITHOUT ROWID;
    """)
    db.execute("INSERT INTO documents VALUES (?, 'old-rules', ?, '', '[]', 1, '[]', '[]')", (task.key, task.signature))
    db.commit()
    db.close()
    ledger = Ledger(path, "rules")
    RunManifest(ledger)
    assert ledger.reuse_all([task], file_signature) == [None]  # recorded by an older auditor: audited again
    ledger.start_run([str(tmp_path)])
    ledger.record(outcome)
    assert ledger.reuse_all([task], file_signature)[0].facts == DocumentFacts("2024-03", 1, 2)
    ledger.close()
    columns = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(manifest_documents)")}
    assert "facts" in columns
