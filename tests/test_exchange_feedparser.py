"""auditor's RSS/Atom items against feedparser, the parser the field uses: the
same items in the same order, with the same titles, links, dates, authors and
Media RSS images and credits."""

from __future__ import annotations

import calendar
from pathlib import Path

import pytest

feedparser = pytest.importorskip("feedparser")

from auditor.articles.exchange_formats import read_items, sniff_exchange  # noqa: E402
from auditor.articles.exchange_item import article_of_item, item_key  # noqa: E402
from fixtures.exchange_formats import build, generated_rss  # noqa: E402


@pytest.fixture(scope="module")
def feeds(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("feeds")
    files = build(folder)
    generated = folder / "generated.rss"
    generated.write_text(generated_rss(60), encoding="utf-8")
    return [files["rss"], files["atom"], generated]


def _ours(path: Path):
    exchange_format = sniff_exchange(str(path))
    items = list(read_items(str(path), exchange_format))
    return items, [article_of_item(item_key(str(path), item.ident), str(path), item.payload()) for item in items]


def _feedparser_images(entry) -> list[tuple[str, str | None]]:
    """(url, credit) of the entry's images as feedparser reports them. feedparser
    keeps one `media_credit` per entry, so the credit is compared for the first."""
    urls = [m["url"] for m in entry.get("media_content", []) if m.get("medium", "image") == "image"]
    urls += [link["href"] for link in entry.get("links", []) if link.get("rel") == "enclosure"
             and link.get("type", "").startswith("image/") and link["href"] not in urls]
    urls += [t["url"] for t in entry.get("media_thumbnail", []) if t["url"] not in urls]
    credits = [c.get("content") for c in entry.get("media_credit", [])]
    return [(url, credits[0] if index == 0 and credits else None) for index, url in enumerate(urls)]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["rss", "atom", "generated-rss"])
def test_items_titles_links_dates_authors_and_media_agree_with_feedparser(feeds, which):
    path = feeds[which]
    parsed = feedparser.parse(str(path))
    assert not parsed.bozo
    items, articles = _ours(path)
    assert len(articles) == len(parsed.entries)
    for item, article, entry in zip(items, articles, parsed.entries):
        assert article.title == entry.title
        if "canonical" in article.fields:
            assert article.fields["canonical"] == entry.link
        stated = entry.keys()  # feedparser answers `updated` with `published` when a feed has no updated date
        for ours, key in ((article.published, "published_parsed"), (article.updated, "updated_parsed")):
            theirs = entry[key] if key in stated else None
            if theirs is None:
                continue
            assert ours is not None
            assert calendar.timegm(ours.utctimetuple()) == calendar.timegm(theirs)
        theirs_authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
        assert item.authors == theirs_authors
        expected = _feedparser_images(entry)
        assert [image.src for image in item.images] == [url for url, _ in expected]
        if expected and expected[0][1]:
            assert item.images[0].credit == expected[0][1]
