"""`--diff-against REF`: only the articles a change touched, in real git repositories."""

from __future__ import annotations

import json

import pytest

from auditor.cli import main
from content_repo import DISCLOSED, UNDISCLOSED, ai_image, article, commit_all, git, init_repo, plain_image, write


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Three articles on main, all clean: storm and flood use their own images,
    harbour uses the shared one."""
    root = init_repo(tmp_path / "site")
    for name in ("storm", "flood"):
        ai_image(root / "news" / f"{name}.jpg")
        write(root / "news" / f"{name}.md", article([(f"{name}.jpg", DISCLOSED)]))
    plain_image(root / "news" / "shared" / "harbour.jpg")
    write(root / "news" / "harbour.md", article([("shared/harbour.jpg", "*The harbour at dawn.*")]))
    commit_all(root, "initial content")
    monkeypatch.chdir(root)
    return root


def audited(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check", "news", "-f", "json", "--diff-against", "main", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out)


def paths_of(report: dict) -> set[str]:
    return {f["path"] for f in report["findings"]}


def test_nothing_changed_means_nothing_audited(repo, capsys):
    code, report = audited(capsys)
    assert code == 0
    assert report["summary"]["documents"] == 0


def test_a_changed_article_is_audited_and_unchanged_ones_are_not(repo, capsys):
    git(repo, "checkout", "-q", "-b", "edit")
    write(repo / "news" / "storm.md", article([("storm.jpg", UNDISCLOSED)]))
    # flood.md is broken on main too, but nobody touched it in this change.
    commit_all(repo, "drop the disclosure")
    code, report = audited(capsys)
    assert code == 1
    assert paths_of(report) == {"news/storm.md"}
    assert report["summary"]["documents"] == 1


def test_uncommitted_and_new_untracked_articles_count_as_changed(repo, capsys):
    write(repo / "news" / "flood.md", article([("flood.jpg", UNDISCLOSED)]))  # modified, not committed
    ai_image(repo / "news" / "fire.jpg")
    write(repo / "news" / "fire.md", article([("fire.jpg", UNDISCLOSED)]))  # untracked
    code, report = audited(capsys)
    assert paths_of(report) == {"news/flood.md", "news/fire.md"}


def test_an_article_is_audited_when_an_image_it_uses_changed(repo, capsys):
    # The shared photo was swapped for an AI-generated one; the article is untouched.
    git(repo, "checkout", "-q", "-b", "swap-image")
    (repo / "news" / "shared" / "harbour.jpg").unlink()
    ai_image(repo / "news" / "shared" / "harbour.jpg")
    commit_all(repo, "re-export the harbour image")
    code, report = audited(capsys)
    assert report["summary"]["documents"] == 1
    assert paths_of(report) == {"news/harbour.md"}
    assert {f["rule"] for f in report["findings"]} == {"AID101"}


def test_an_unknown_ref_is_a_usage_error(repo, capsys):
    assert main(["check", "news", "--diff-against", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert "unknown git ref 'no-such-branch'" in err and len(err.strip().splitlines()) == 1


def test_outside_a_git_repository_is_a_usage_error(tmp_path, monkeypatch, capsys):
    write(tmp_path / "a.md", article([]))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["check", ".", "--diff-against", "main"]) == 2
    assert "--diff-against" in capsys.readouterr().err
