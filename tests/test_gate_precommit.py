"""The pre-commit hook, run by the real `pre-commit` tool against this repository
(`pre-commit try-repo`, at its committed HEAD) in a content repository: a staged
article with an undisclosed AI image blocks the commit with the finding shown;
once the caption discloses it, the hook passes and the commit goes in.

pre-commit builds the hook's environment with pip from this repository, offline
here through the machine's pip configuration; the first run takes ~10 s.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from content_repo import (DISCLOSED, UNDISCLOSED, ai_image, article, commit_all, git, git_environment, init_repo,
                          plain_image, write)

THIS_REPOSITORY = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed (test extra)"),
    pytest.mark.skipif(not (THIS_REPOSITORY / ".git").exists(), reason="needs this project as a git repository"),
]


def try_repo(site: Path, home: Path) -> subprocess.CompletedProcess:
    """The hook on the staged files, as `git commit` would run it."""
    head = git(THIS_REPOSITORY, "rev-parse", "HEAD").strip()
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(THIS_REPOSITORY), "auditor", "--ref", head],
        cwd=site, capture_output=True, text=True, timeout=600,
        env={**git_environment(), "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"},
    )


def test_a_bad_article_blocks_the_commit_until_it_is_fixed(tmp_path):
    site = init_repo(tmp_path / "site")
    write(site / "README.md", "# Newsroom\n")
    commit_all(site, "start")
    ai_image(site / "news" / "storm.jpg")
    write(site / "news" / "storm.md", article([("storm.jpg", UNDISCLOSED)]))
    git(site, "add", "news")

    blocked = try_repo(site, tmp_path / "pre-commit-home")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "Failed" in output
    assert "news/storm.md:5:1" in output and "AID101 ai-image-undisclosed" in output

    write(site / "news" / "storm.md", article([("storm.jpg", DISCLOSED)]))
    git(site, "add", "news")
    allowed = try_repo(site, tmp_path / "pre-commit-home")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "Passed" in allowed.stdout
    commit_all(site, "storm story, disclosed")
    assert "news/storm.md" in git(site, "show", "--name-only", "--format=", "HEAD")


def test_an_image_only_commit_audits_the_articles_that_use_the_image(tmp_path):
    # Marking an image as AI and committing only the image must not pass: the
    # article that shows it has no disclosure.
    site = init_repo(tmp_path / "site")
    plain_image(site / "news" / "council.jpg")
    write(site / "news" / "council.md", article([("council.jpg", UNDISCLOSED)]))
    write(site / "news" / "harbour.md", article([], ["No image in this one."]))
    commit_all(site, "council story")
    ai_image(site / "news" / "council.jpg")
    git(site, "add", "news/council.jpg")

    blocked = try_repo(site, tmp_path / "pre-commit-home")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "news/council.md:5:1" in output and "AID101 ai-image-undisclosed" in output
    assert "harbour.md" not in output
