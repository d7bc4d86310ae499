"""Newsroom exchange files (RSS/Atom with Media RSS, WordPress WXR and REST, JSON
Feed, Arc ANS): every story is its own document, found by content, audited with
its images, and named `FILE!/item/ID` in findings, the ledger and baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.articles.exchange_formats import NOT_EXCHANGE_XML, read_items, sniff_exchange
from auditor.articles.exchange_item import article_of_item, item_key
from auditor.batch import BatchOptions, run_batch
from auditor.engine import load_ruleset
from auditor.pipeline import audit_paths
from fixtures.exchange_formats import FILE_OF, FORMATS, UNDISCLOSED_ITEM, build


@pytest.fixture(scope="module")
def exchange_files(tmp_path_factory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("exchange"))


def _articles(path: Path):
    found = sniff_exchange(str(path))
    assert found is not None
    return [article_of_item(item_key(str(path), item.ident), str(path), item.payload())
            for item in read_items(str(path), found)]


@pytest.mark.parametrize("exchange_format", FORMATS)
def test_the_undisclosed_ai_image_is_flagged_for_its_story_and_no_other(exchange_files, exchange_format, config):
    path = exchange_files[exchange_format]
    report = audit_paths([path], config)
    flagged = [f.path for f in report.findings if f.rule == "AID101"]
    assert flagged == [f"{path}!/item/{UNDISCLOSED_ITEM[exchange_format]}"]
    assert report.summary.documents == 4  # four stories; WXR attachments, pages' menus are not stories
    assert [f for f in report.findings if f.severity.value == "error" and f.rule != "AID101"] == []


@pytest.mark.parametrize("exchange_format", FORMATS)
def test_formats_are_sniffed_by_content_not_by_name(exchange_files, exchange_format, tmp_path):
    renamed = tmp_path / ("export.json" if FILE_OF[exchange_format].endswith(".json") else "export.xml")
    renamed.write_bytes(exchange_files[exchange_format].read_bytes())
    assert sniff_exchange(str(renamed)) == exchange_format


@pytest.mark.parametrize("exchange_format, credit, caption", [
    ("rss", "Photo: Ana Ruiz / Rivertown Gazette", "Stallholders set up at dawn."),
    ("atom", "Photo: Ana Ruiz / Rivertown Gazette", None),
    ("wxr", "Ana Ruiz / Rivertown Gazette", "Stallholders set up at dawn."),
    ("wp_rest", "Ana Ruiz", "Stallholders set up at dawn."),
    ("arc_ans", "Ana Ruiz / Rivertown Gazette", "Stallholders set up at dawn."),
])
def test_a_story_s_image_carries_the_credit_and_caption_its_format_gives(exchange_files, exchange_format, credit, caption):
    first = _articles(exchange_files[exchange_format])[0]
    (figure,) = first.figures
    assert figure.status == "local" and figure.path.endswith("market-photo.jpg")
    assert figure.credit.text == credit
    assert (figure.caption.text if figure.caption else None) == caption


def test_wxr_joins_attachments_to_posts_and_keeps_their_alt_text_and_gmt_dates(exchange_files):
    articles = {a.path.rsplit("/", 1)[-1]: a for a in _articles(exchange_files["wxr"])}
    assert sorted(articles) == ["101", "102", "103", "104"]  # posts and the page; not attachments, not menus
    assert articles["101"].figures[0].alt.text == "Market stalls"  # _wp_attachment_image_alt of the thumbnail
    assert articles["102"].figures[0].alt.text == "Flooded square"  # the attachment of <img class="wp-image-502">
    assert articles["101"].published.isoformat() == "2025-03-03T18:30:00+00:00"
    assert articles["101"].updated.isoformat() == "2025-03-03T19:00:00+00:00"
    assert articles["104"].figures == ()


def test_findings_point_at_the_line_where_the_item_starts(exchange_files, config):
    path = exchange_files["rss"]
    report = audit_paths([path], config)
    (finding,) = [f for f in report.findings if f.rule == "AID101"]
    lines = path.read_text().splitlines()
    assert lines[finding.line - 1].strip() == "<item>"
    assert "River level" in lines[finding.line]


def test_xml_that_is_no_exchange_format_is_skipped_quietly(tmp_path, config):
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                         "<url><loc>https://example.org/</loc></url></urlset>")
    (tmp_path / "pom.xml").write_text("<project><modelVersion>4.0.0</modelVersion></project>")
    for paths, skipped in (([tmp_path], 2), ([tmp_path / "sitemap.xml"], 1)):
        report = audit_paths(paths, config)
        assert report.findings == ()
        assert report.summary.skipped == {NOT_EXCHANGE_XML: skipped}


def test_items_of_one_file_spread_over_workers_give_the_findings_of_one_process(exchange_files, config):
    folder = exchange_files["rss"].parent
    ruleset = load_ruleset(config)
    runs = []
    for jobs in (1, 2):
        findings = []
        run_batch([folder], config, ruleset, BatchOptions(jobs=jobs), on_finding=findings.append)
        runs.append(findings)
    assert runs[0] == runs[1]
    assert len([f for f in runs[0] if f.rule == "AID101"]) == len(FORMATS) + 1  # and one NITF file


def test_the_ledger_keys_on_each_item_so_an_edited_item_alone_is_audited_again(tmp_path, config):
    files = build(tmp_path / "site")
    feed = files["rss"]
    ruleset = load_ruleset(config)
    ledger = tmp_path / "ledger.sqlite"

    def run():
        findings = []
        outcome = run_batch([feed], config, ruleset, BatchOptions(ledger=ledger), on_finding=findings.append)
        return findings, outcome

    first, _ = run()
    again, outcome = run()
    assert again == first and outcome.reused == 4
    feed.write_text(feed.read_text().replace("Water reaches the steps of the town hall.",
                                             "AI-generated image of the town hall steps."))
    edited, outcome = run()
    assert outcome.reused == 3
    assert [f for f in edited if f.rule == "AID101"] == []


def test_each_nitf_file_is_one_story_with_its_media_caption_producer_and_release_date(exchange_files, config):
    folder = exchange_files["nitf"]
    report = audit_paths([folder.parent], config)  # the images are in the site's media/ folder
    flagged = [f.path for f in report.findings if f.rule == "AID101" and "/nitf/" in f.path]
    assert flagged == [f"{folder / 'nitf-flood.xml'}!/item/flood-2"]
    (article,) = _articles(folder / "nitf-market.xml")
    assert (article.title, article.byline) == ("Market reopens after renovation", "Tom Hale")
    assert article.published.isoformat() == "2025-03-03T18:30:00+00:00"  # date.release norm="20250303T183000Z"
    assert article.fields["source"] == "Gazette Wire" and article.fields["dateline"] == "RIVERTOWN, March 3"
    (figure,) = article.figures
    assert (figure.caption.text, figure.credit.text) == ("Stallholders set up at dawn.", "Ana Ruiz / Rivertown Gazette")


def test_a_newsml_g2_picture_item_declares_its_digital_source_type(exchange_files):
    articles = {a.path.rsplit("/", 1)[-1]: a for a in _articles(exchange_files["newsml_g2"])}
    (picture,) = articles["tram-pic-1"].figures
    assert picture.declared_source_type.endswith("/trainedAlgorithmicMedia")
    assert picture.declared_by.startswith("newsml_g2:")
    assert articles["flood-pic-1"].figures[0].credit.text == "Gazette Wire"  # creditline
    assert articles["market-text-1"].fields["source"] == "Gazette Wire"  # infoSource role cRole:source
    assert articles["market-text-1"].figures[0].caption.text == "Stallholders set up at dawn."  # inline NITF media


@pytest.mark.parametrize("exchange_format, marker", [("rss", "    <item>"), ("atom", "  <entry>")])
def test_a_story_keeps_its_name_when_the_feed_gains_a_story_above_it(tmp_path, config, exchange_format, marker):
    feed = build(tmp_path / "site")[exchange_format]
    before = [f.path for f in audit_paths([feed], config).findings if f.rule == "AID101"]
    newer = ("<item><title>Breaking</title><guid>gazette-2001</guid></item>" if exchange_format == "rss"
             else "<entry><title>Breaking</title><id>tag:gazette.example,2025:2001</id><updated>2025-03-06T00:00:00Z</updated></entry>")
    text = feed.read_text()
    feed.write_text(text.replace(marker, newer + "\n" + marker, 1))
    after = [f.path for f in audit_paths([feed], config).findings if f.rule == "AID101"]
    assert after == before == [f"{feed}!/item/{UNDISCLOSED_ITEM[exchange_format]}"]


@pytest.mark.parametrize("kept_in_memory", [10_000, 2])
def test_items_sharing_a_guid_get_names_of_their_own_however_many_names_came_before(tmp_path, monkeypatch,
                                                                                     kept_in_memory):
    from auditor.articles import exchange_formats

    monkeypatch.setattr(exchange_formats, "SEEN_IN_MEMORY", kept_in_memory)  # 2: the names spill to disk
    items = "".join(f"<item><title>Story {n}</title><guid>{guid}</guid></item>"
                    for n, guid in enumerate(["a", "b", "a", "c", "d", "a", "e"], start=1))
    feed = tmp_path / "feed.rss"
    feed.write_text(f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>', encoding="utf-8")
    assert [item.ident for item in read_items(str(feed), "rss")] == ["a", "b", "a-3", "c", "d", "a-6", "e"]
