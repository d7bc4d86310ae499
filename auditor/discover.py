"""Finds the documents to audit under the paths a user gives: articles and image
files, recursively, without looping through symbolic links."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Literal

import pathspec

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif", ".heic", ".heif"})
# Never worth descending into.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox"})


@dataclass(frozen=True)
class Found:
    path: Path
    role: Literal["article", "image", "broken"]
    problem: str | None = None


def discover(paths: list[Path], exclude: list[str] | None = None) -> Iterator[Found]:
    """Articles and images under `paths`, in a stable order; unusable entries come
    back as role 'broken' with the reason, so the caller can report them."""
    from .articles import ARTICLE_SUFFIXES, is_article

    audited = IMAGE_SUFFIXES | ARTICLE_SUFFIXES

    spec = pathspec.GitIgnoreSpec.from_lines(exclude or [])
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    for root in paths:
        if not os.path.lexists(root):
            yield Found(root, "broken", "no such file or directory")
            continue
        if root.is_dir():
            yield from _walk(root, spec, seen_dirs, seen_files, is_article, audited)
        else:
            found = _classify(root, is_article, explicit=True)
            if found and _first_time(found.path, seen_files):
                yield found


def _walk(root: Path, spec, seen_dirs: set[str], seen_files: set[str], is_article, audited: frozenset[str]) -> Iterator[Found]:
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            real = os.path.realpath(folder, strict=True)
        except OSError as error:
            yield Found(folder, "broken", _loop_or(error))
            continue
        if real in seen_dirs:
            if folder != root and folder.is_symlink():
                yield Found(folder, "broken", "symbolic link loop: folder already visited, not followed")
            continue
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            yield Found(folder, "broken", f"cannot list folder: {error.strerror or error}")
            continue
        subfolders = []
        for entry in entries:
            # No excludes (the usual batch): no relative path to build per entry.
            if spec.patterns and spec.match_file(Path(entry.path).relative_to(root).as_posix()):
                continue
            try:
                is_dir = entry.is_dir()  # follows links; a loop raises
            except OSError as error:
                yield Found(Path(entry.path), "broken", _loop_or(error))
                continue
            if is_dir:
                if entry.name not in SKIPPED_DIRS and not entry.name.startswith("."):
                    subfolders.append(Path(entry.path))
                continue
            # Most entries of an archive folder are articles or images; anything else
            # is dropped here before a Path object is built for it (batch hot path).
            if os.path.splitext(entry.name)[1].lower() not in audited and not entry.is_symlink():
                continue
            path = Path(entry.path)
            linked = entry.is_symlink()
            if linked and not os.path.exists(path):
                problem = _dangling(path)
                if problem:
                    yield Found(path, "broken", problem)
                continue
            found = _classify(path, is_article, explicit=False)
            # Only a link can make a file seen twice; a plain entry's real path is its
            # folder's real path plus its name (saves a realpath per file).
            if found and (_first_time(path, seen_files) if linked else _first_key(os.path.join(real, entry.name), seen_files)):
                yield found
        stack.extend(reversed(subfolders))


def _classify(path: Path, is_article, explicit: bool) -> Found | None:
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return Found(path, "image")
    if is_article(path):
        return Found(path, "article")
    if explicit:
        return Found(path, "broken", f"not a supported article or image type ('{suffix or path.name}')")
    return None


def _first_time(path: Path, seen: set[str]) -> bool:
    return _first_key(os.path.realpath(path), seen)


def _first_key(key: str, seen: set[str]) -> bool:
    if key in seen:
        return False
    seen.add(key)
    return True


def _dangling(path: Path) -> str | None:
    try:
        os.stat(path)
    except OSError as error:
        if path.suffix.lower() in IMAGE_SUFFIXES or path.is_symlink():
            return _loop_or(error)
    return None


def _loop_or(error: OSError) -> str:
    if error.errno == 40:  # ELOOP
        return "symbolic link loop: not followed"
    return f"cannot open: {error.strerror or error}"
