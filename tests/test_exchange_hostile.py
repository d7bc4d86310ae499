"""Bad and hostile exchange files: what cannot be read is a finding for that item
(or for the file, where it stops being readable), and every item before it, or
beside it, is still audited."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.pipeline import audit_paths
from fixtures.exchange_formats import UNDISCLOSED_ITEM, build

BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss version="2.0"><channel><title>t</title><item><title>&d;&d;&d;&d;</title></item></channel></rss>
"""


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    return build(tmp_path / "site")


def _by_rule(report) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in report.findings:
        found.setdefault(finding.rule, []).append(finding.path)
    return found


def test_a_truncated_feed_audits_the_items_before_the_cut_and_reports_the_file(files, config):
    feed = files["rss"]
    text = feed.read_text()
    feed.write_text(text[: text.index("Council backs tram line")])
    report = audit_paths([feed], config)
    rules = _by_rule(report)
    assert rules["AID101"] == [f"{feed}!/item/gazette-1002"]
    (problem,) = [f for f in report.findings if f.rule == "INP003"]
    assert problem.path == str(feed)
    assert "after item 2" in problem.message and "truncated" in problem.message
    assert report.summary.documents == 3  # two items and the file's own finding


def test_an_entity_bomb_is_refused_without_expanding_anything(tmp_path, config):
    bomb = tmp_path / "bomb.rss"
    bomb.write_text(BOMB)
    report = audit_paths([bomb], config)
    (finding,) = report.findings
    assert finding.rule == "INP003" and "DTD" in finding.message
    assert finding.path == str(bomb)


def test_a_10_mb_content_encoded_is_cut_for_that_item_and_the_next_items_still_audit(files, config):
    feed = files["rss"]
    huge = "<p>" + "word " * (2 * 1024 * 1024) + "</p>"  # 10 MB of body
    text = feed.read_text().replace(
        "<p>Traders returned to the covered market on Sunday after a year of works.</p>", huge, 1)
    feed.write_text(text)
    report = audit_paths([feed], config)
    rules = _by_rule(report)
    assert rules["INP005"] == [f"{feed}!/item/gazette-1001"]
    assert rules["AID101"] == [f"{feed}!/item/gazette-1002"]


def test_broken_json_feed_is_one_finding_for_the_file(files, config):
    feed = files["json_feed"]
    feed.write_text(feed.read_text()[:-40])
    report = audit_paths([feed], config)
    (finding,) = report.findings
    assert finding.rule == "INP003" and finding.path == str(feed) and "invalid JSON" in finding.message


def test_a_feed_entry_that_is_not_an_object_is_passed_over_and_the_rest_audit(files, config):
    feed = files["json_feed"]
    data = json.loads(feed.read_text())
    data["items"].insert(0, "not an item")
    feed.write_text(json.dumps(data))
    report = audit_paths([feed], config)
    assert _by_rule(report) == {"AID101": [f"{feed}!/item/{UNDISCLOSED_ITEM['json_feed']}"]}


def test_an_item_with_a_lone_surrogate_is_a_finding_for_that_item_and_the_rest_audit(files, config):
    # JSON may spell a lone surrogate ("\\ud800"), which is no Unicode text: that item
    # cannot be audited, and the run must not stop at it.
    feed = files["json_feed"]
    data = json.loads(feed.read_text())
    data["items"].insert(0, {"id": "bad", "title": "x", "content_html": "<p>\ud800</p>"})
    feed.write_text(json.dumps(data))
    report = audit_paths([feed], config)
    assert _by_rule(report) == {"INP003": [f"{feed}!/item/bad"],
                                "AID101": [f"{feed}!/item/{UNDISCLOSED_ITEM['json_feed']}"]}
    assert "lone surrogate" in next(f for f in report.findings if f.rule == "INP003").message


def test_malformed_xml_mid_file_keeps_the_items_before_it(files, config):
    feed = files["wxr"]
    text = feed.read_text()
    feed.write_text(text.replace("<title><![CDATA[About us]]></title>", "<title>About <b>us</title>"))
    report = audit_paths([feed], config)
    rules = _by_rule(report)
    # The attachments pass stops at the error too: the posts before it are audited
    # with what was read, and the file is reported.
    assert rules["INP003"] == [str(feed)]
    assert f"{feed}!/item/102" in rules["AID101"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_named_like_a_feed_is_refused_not_skipped_and_never_blocks(tmp_path, config):
    fifo = tmp_path / "news.rss"
    os.mkfifo(fifo)
    for paths in ([fifo], [tmp_path]):
        report = audit_paths(paths, config)
        assert [(f.rule, f.path) for f in report.findings] == [("INP006", str(fifo))]
