"""`--diff-against REF`: which documents a pull request touched. An article is
audited when it changed since REF, or when an image it uses changed (a re-exported
image can lose its AI marking without its article changing), or its sidecar did.

git is asked through a subprocess (it is already there wherever there is a
repository to diff); the paths it reports are relative to the repository root.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

from ..discover import IMAGE_SUFFIXES, Found, discover

# Reading an article to learn which images it uses is the costly step; only
# articles that could plausibly use a changed image are parsed.
_MAX_PREFILTER_BYTES = 8 * 1024 * 1024


class DiffError(ValueError):
    """git could not answer (no repository, unknown ref): one line, exit 2."""


def changed_since(ref: str, where: Path) -> set[Path]:
    """Absolute paths of files added, modified, renamed or copied since ``ref``,
    committed or not, plus untracked files git does not ignore."""
    root = Path(_git(["rev-parse", "--show-toplevel"], where).strip())
    # "--" keeps a ref that looks like an option or a path from being read as one.
    _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], where,
         failure=f"unknown git ref '{ref}'")
    changed = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", ref, "--"], root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    names = [n for n in (changed + untracked).split("\0") if n]
    return {Path(os.path.realpath(root / name)) for name in names}


def documents_to_audit(paths: list[Path], ref: str, exclude: list[str] | None = None) -> list[Path]:
    """The documents under ``paths`` that the change since ``ref`` concerns."""
    where = paths[0] if paths and paths[0].is_dir() else (paths[0].parent if paths else Path.cwd())
    changed = changed_since(ref, where if where.exists() else Path.cwd())
    if not changed:
        return []
    changed_images = {p for p in changed if p.suffix.lower() in IMAGE_SUFFIXES}
    selected: list[Path] = []
    for found in discover(paths, exclude):
        if found.role == "skipped":  # not an article: nothing to audit
            continue
        real = Path(os.path.realpath(found.path))
        if found.role == "image":
            if real in changed_images:
                selected.append(found.path)
        elif real in changed or _sidecar_changed(real, changed) or _uses_any(found, changed_images):
            selected.append(found.path)
    return selected


def articles_using(images: set[Path], paths: list[Path], exclude: list[str] | None = None) -> list[Path]:
    """The articles under ``paths`` that use one of ``images`` (absolute, resolved
    paths): the reverse index a commit of images alone needs, since re-exporting
    an image can drop its AI marking without any article changing."""
    return [found.path for found in discover(paths, exclude) if _uses_any(found, images)]


def _sidecar_changed(article: Path, changed: set[Path]) -> bool:
    return any(p.parent == article.parent and p.stem == article.stem and p != article for p in changed)


def _uses_any(found: Found, images: set[Path]) -> bool:
    if found.role != "article" or not images:
        return False
    article = Path(os.path.realpath(found.path))
    candidates = [i for i in images if i.parent == article.parent or _mentions(article, i.name)]
    if not candidates:
        return False
    from ..articles import parse_article

    parsed = parse_article(found.path)
    used = {os.path.realpath(f.path) for f in getattr(parsed, "figures", ()) if f.status == "local" and f.path}
    return any(str(image) in used for image in candidates)


def _mentions(article: Path, name: str) -> bool:
    try:
        with article.open("rb") as stream:
            text = stream.read(_MAX_PREFILTER_BYTES)
    except OSError:
        return False
    spellings = {name, quote(name)}
    return any(s.encode("utf-8") in text for s in spellings)


def _git(args: list[str], where: Path, failure: str | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(where), *args],
            capture_output=True, text=True, encoding="utf-8", errors="surrogateescape", check=False,
        )
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise DiffError(failure or f"git {args[0]}: {detail}")
    return done.stdout
