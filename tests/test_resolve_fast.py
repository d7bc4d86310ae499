"""`resolve_src` decides a plain relative `src` without composing an explanation;
whatever the `src`, it must say what `explain_src` says."""

from __future__ import annotations

import os

import pytest

from auditor.articles.resolve import explain_src, resolve_src

SOURCES = [
    "story.jpg", "./story.jpg", "img/inner.png", "img/../story.jpg", "img//inner.png", " story.jpg ",
    "absent.jpg", "img", "../outside.jpg", "../../outside.jpg", "linked-out.jpg", "linked-in.jpg",
    "dangling.jpg", "story.jpg?w=300", "story.jpg#top", "st%6Fry.jpg", "img\\inner.png", "~/story.jpg",
    "@/story.jpg", "/story.jpg", "//cdn.example.org/a.jpg", "https://example.org/a.jpg", "data:image/png;base64,AA",
    "c:/x.jpg", "javascript:alert(1)", "", "   ", None, "story.jpg\x00", "ünïcode.jpg", "a b.jpg",
]


@pytest.fixture
def article_folder(tmp_path):
    site = tmp_path / "site" / "news"
    (site / "img").mkdir(parents=True)
    for name in ("story.jpg", "img/inner.png", "ünïcode.jpg", "a b.jpg"):
        (site / name).write_bytes(b"\xff\xd8\xff\xd9")
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(b"\xff\xd8\xff\xd9")
    (site / "linked-out.jpg").symlink_to(outside)
    (site / "linked-in.jpg").symlink_to(site / "story.jpg")
    (site / "dangling.jpg").symlink_to(site / "gone.jpg")
    return str(site)


@pytest.mark.parametrize("src", SOURCES)
def test_resolve_says_what_explain_says(article_folder, src):
    explained = explain_src(src, article_folder)
    assert resolve_src(src, article_folder) == (explained.status, explained.path)


@pytest.mark.parametrize(("src", "status"), [
    ("story.jpg", "local"), ("img/inner.png", "local"), ("absent.jpg", "missing"), ("img", "missing"),
    ("linked-out.jpg", "refused"), ("linked-in.jpg", "local"), ("dangling.jpg", "missing"), ("../outside.jpg", "refused"),
])
def test_plain_relative_sources(article_folder, src, status):
    assert resolve_src(src, article_folder)[0] == status


def test_a_relative_article_folder_names_files_as_before(article_folder, monkeypatch):
    monkeypatch.chdir(os.path.dirname(article_folder))
    explained = explain_src("story.jpg", "news")
    assert resolve_src("story.jpg", "news") == (explained.status, explained.path) == ("local", os.path.join("news", "story.jpg"))
