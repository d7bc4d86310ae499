"""Big JSON exchange files (JSON Feed, WordPress REST lists, Arc ANS answers) are
streamed item by item: the same stories as a whole read, the feed's own language
and authors wherever they stand, in memory that does not grow with the file."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from auditor.articles import exchange_json
from auditor.articles.exchange_formats import ItemProblem, read_items, sniff_exchange
from auditor.pipeline import audit_paths
from fixtures.exchange_formats import FILE_OF, UNDISCLOSED_ITEM, build, generated_json_feed_parts

JSON_FORMATS = ("json_feed", "wp_rest", "arc_ans")


@pytest.fixture(scope="module")
def exchange_files(tmp_path_factory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("exchange-json"))


def _payloads(path: Path, exchange_format: str) -> list:
    return [item if isinstance(item, ItemProblem) else item.payload() for item in read_items(str(path), exchange_format)]


def _streaming(monkeypatch) -> None:
    monkeypatch.setattr(exchange_json, "STREAM_FROM_BYTES", 0)  # every file counts as big


@pytest.mark.parametrize("exchange_format", JSON_FORMATS)
def test_a_streamed_file_gives_the_stories_a_whole_read_gives(exchange_files, exchange_format, tmp_path, monkeypatch):
    whole = _payloads(exchange_files[exchange_format], exchange_format)
    copy = tmp_path / FILE_OF[exchange_format]  # a new file: the sniff is not the memoised one
    shutil.copy(exchange_files[exchange_format], copy)
    _streaming(monkeypatch)
    assert sniff_exchange(str(copy)) == exchange_format
    assert _payloads(copy, exchange_format) == whole and len(whole) == 4


def test_a_streamed_feed_lends_its_language_and_authors_given_after_its_items(tmp_path, monkeypatch):
    feed = tmp_path / "feed.json"
    feed.write_text("".join(generated_json_feed_parts(3, body_words=10)), encoding="utf-8")
    _streaming(monkeypatch)
    items = list(read_items(str(feed), sniff_exchange(str(feed))))
    assert [(item.ident, item.language, item.authors) for item in items] == [
        (f"story-{n}", "en", ["Gazette Desk"]) for n in (1, 2, 3)]


def test_a_truncated_big_feed_audits_the_items_before_the_cut_and_reports_the_file(exchange_files, tmp_path, config,
                                                                                      monkeypatch):
    folder = tmp_path / "site"
    shutil.copytree(exchange_files["json_feed"].parent / "media", folder / "media")
    feed = folder / "feed.json"
    text = exchange_files["json_feed"].read_text(encoding="utf-8")
    feed.write_text(text[: text.index('"1003"')], encoding="utf-8")
    _streaming(monkeypatch)
    report = audit_paths([feed], config)
    assert [f.path for f in report.findings if f.rule == "AID101"] == [f"{feed}!/item/{UNDISCLOSED_ITEM['json_feed']}"]
    (stopped,) = [f for f in report.findings if f.path == str(feed)]
    assert stopped.rule == "INP003" and "after item 2" in stopped.message and "invalid JSON" in stopped.message


def test_a_20_mb_json_feed_is_read_in_a_fraction_of_its_size(tmp_path):
    feed = tmp_path / "feed.json"
    with feed.open("w", encoding="utf-8") as out:
        out.writelines(generated_json_feed_parts(3000))
    size = feed.stat().st_size
    assert size > exchange_json.STREAM_FROM_BYTES  # streamed as it stands, no patching
    exchange_format = sniff_exchange(str(feed))
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_items(str(feed), exchange_format))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert peak < size / 10  # a whole read holds the text and its objects: several times the size
