"""What the pre-commit hook hands to `auditor check`: the staged files and the
articles that use a staged image (without the real pre-commit, which
test_gate_precommit.py runs)."""

from __future__ import annotations

from pathlib import Path

from auditor.gate.pre_commit import with_articles_using_staged_images
from content_repo import UNDISCLOSED, ai_image, article, write


def test_a_staged_image_brings_in_the_articles_that_use_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ai_image(tmp_path / "news" / "council.jpg")
    ai_image(tmp_path / "news" / "unused.jpg")
    write(tmp_path / "news" / "council.md", article([("council.jpg", UNDISCLOSED)]))
    write(tmp_path / "sport" / "match.md", article([("../news/council.jpg", UNDISCLOSED)]))
    write(tmp_path / "news" / "other.md", article([], ["Text only."]))

    args = with_articles_using_staged_images(["--fail-on", "warning", "news/council.jpg"], Path("."))
    assert args[:3] == ["--fail-on", "warning", "news/council.jpg"]
    assert sorted(args[3:]) == ["news/council.md", "sport/match.md"]


def test_articles_already_staged_are_not_named_twice_and_no_image_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ai_image(tmp_path / "council.jpg")
    write(tmp_path / "council.md", article([("council.jpg", UNDISCLOSED)]))
    assert with_articles_using_staged_images(["council.md", "council.jpg"], Path(".")) == [
        "council.md", "council.jpg"]
    assert with_articles_using_staged_images(["council.md"], Path(".")) == ["council.md"]
