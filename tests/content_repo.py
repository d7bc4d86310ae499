"""A small content repository for the CI gate tests: Markdown articles and the images
they use, built by code so each test says what its articles carry."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from fixtures import images

AI_MARKING = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}
DISCLOSED = "*AI-generated image: storm clouds over the bay.*"
UNDISCLOSED = "*Storm clouds gather over the bay.*"
PARAGRAPHS = [
    "Officials said the storm would pass by morning.",
    "Ferries were cancelled for the rest of the day.",
    "The harbour master asked boat owners to check their moorings.",
]


def article(figures: list[tuple[str, str]], paragraphs: list[str] | None = None, *, figure_first: bool = True,
            date: str | None = "2025-05-20T08:00:00Z") -> str:
    """A Markdown article: front matter (its `date`, none when None), then each
    (image, caption) figure and the body paragraphs (figures before or after the body)."""
    blocks = [f"![Storm over the bay]({src})\n\n{caption}" for src, caption in figures]
    body = list(PARAGRAPHS if paragraphs is None else paragraphs)
    parts = blocks + body if figure_first else body + blocks
    dated = f"date: {date}\n" if date else ""
    return f"---\ntitle: Storm over the bay\n{dated}---\n" + "\n\n".join(parts) + "\n"


def ai_image(path: Path) -> Path:
    """A JPEG whose XMP marks it as made by generative AI."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return images.write_jpeg(path, xmp=AI_MARKING)


def plain_image(path: Path) -> Path:
    """A JPEG with no provenance marking at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return images.write_jpeg(path)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
        env=git_environment(),
    )
    return done.stdout


def git_environment() -> dict[str, str]:
    """A git that ignores the machine's global config and signs nothing."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org",
    })
    return env


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def run_in(folder: Path, args: list[str], capsys) -> tuple[int, str, str]:
    """`auditor ARGS` run from `folder` (as a user in that folder would): exit code, stdout, stderr."""
    from auditor.cli import main

    here = Path.cwd()
    os.chdir(folder)
    try:
        code = main(args)
    finally:
        os.chdir(here)
    out, err = capsys.readouterr()
    return code, out, err
