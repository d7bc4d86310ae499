"""Finds the documents to audit under the paths a user gives: articles and image
files, recursively, without looping through symbolic links."""

from __future__ import annotations

import operator
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Callable, Iterator, Literal

from .path_set import PathSet
from .regular_files import refusal

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif", ".heic", ".heif"})
_name = operator.attrgetter("name")
# Never worth descending into.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox"})


Role = Literal["article", "image", "broken", "skipped"]  # skipped: not an article (not_articles)
# Names an archive reader may open (zip, tar and its compressions, WARC/ARC); which
# of them really are archives is decided by the batch on a closer look.
MAYBE_ARCHIVE_SUFFIXES = frozenset({".zip", ".tar", ".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz", ".warc", ".arc"})


@dataclass(frozen=True)
class Found:
    path: Path
    role: Role
    problem: str | None = None


def discover(paths: list[Path], exclude: list[str] | None = None) -> Iterator[Found]:
    """Articles and images under `paths`, in a stable order; unusable entries come
    back as role 'broken' with the reason, so the caller can report them."""
    for path, role, problem in discover_names(paths, exclude):
        yield Found(Path(path), role, problem)


def discover_names(paths: list[Path], exclude: list[str] | None = None, *, archives: bool = False,
                   on_folder: Callable[[str], None] | None = None) -> Iterator[tuple[str, str, str | None]]:
    """`discover` as (path, role, problem) with the path a string: a batch walks
    millions of entries and needs no Path object for any of them. With `archives`,
    files inside the folders that may be archives come back with role "archive";
    `on_folder` hears of each folder just before it is listed."""
    from .articles import ARTICLE_SUFFIXES
    from .articles.exchange_formats import EXCHANGE_XML_SUFFIXES

    audited = IMAGE_SUFFIXES | ARTICLE_SUFFIXES | EXCHANGE_XML_SUFFIXES  # feeds and exports: sniffed by content

    spec = _exclusions(exclude) if exclude else None
    seen_dirs: set[str] = set()  # grows with folders, not files
    seen_files = PathSet()
    try:
        for root in paths:
            if not os.path.lexists(root):
                yield str(root), "broken", "no such file or directory"
                continue
            if root.is_dir():
                yield from _walk(str(root), spec, seen_dirs, seen_files, audited, archives, on_folder)
            else:
                found = _unless_not_article(_classify(str(root), explicit=True))
                if found and seen_files.add(os.path.realpath(found[0])):
                    yield found
    finally:
        seen_files.close()


def _walk(root: str, spec, seen_dirs: set[str], seen_files: PathSet, audited: frozenset[str],
          archives: bool = False, on_folder: Callable[[str], None] | None = None) -> Iterator[tuple[str, str, str | None]]:
    roots = audit_roots(root)
    not_articles = _not_articles()
    skip_reason_in, in_template_folder = not_articles.skip_reason_in, not_articles.in_template_folder
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            real = os.path.realpath(folder, strict=True)
        except OSError as error:
            yield folder, "broken", _loop_or(error)
            continue
        if real in seen_dirs:
            if folder != root and os.path.islink(folder):
                yield folder, "broken", "symbolic link loop: folder already visited, not followed"
            continue
        seen_dirs.add(real)
        if on_folder is not None:
            on_folder(folder)
        try:
            entries = sorted(os.scandir(folder), key=_name)
        except OSError as error:
            yield folder, "broken", f"cannot list folder: {error.strerror or error}"
            continue
        subfolders = []
        real_prefix = real if real.endswith(os.sep) else real + os.sep  # os.path.join, once per folder
        templates = None  # whether this folder (below the root) holds templates: asked at its first article
        for entry in entries:
            # No excludes (the usual batch): no relative path to build per entry.
            if spec is not None and spec.match_file(Path(entry.path).relative_to(root).as_posix()):
                continue
            try:
                is_dir = entry.is_dir()  # follows links; a loop raises
            except OSError as error:
                yield entry.path, "broken", _loop_or(error)
                continue
            if is_dir:
                if entry.name not in SKIPPED_DIRS and not entry.name.startswith("."):
                    subfolders.append(entry.path)
                continue
            # Most entries of an archive folder are articles or images; anything else
            # is dropped here on its name alone (batch hot path).
            suffix = _suffix_of_name(entry.name)
            linked = entry.is_symlink()
            if suffix not in audited and not linked:
                if archives and suffix in MAYBE_ARCHIVE_SUFFIXES and seen_files.add(real_prefix + entry.name):
                    yield entry.path, "archive", None
                continue
            path = entry.path
            if linked and not os.path.exists(path):
                problem = _dangling(path)
                if problem:
                    yield path, "broken", problem
                continue
            target = os.path.realpath(path) if linked else None
            if target is not None and not _inside(target, roots):
                # A link committed to the content may point anywhere (/etc, /proc/self/fd/1):
                # it is named, never opened.
                yield path, "broken", refusal(f"outside the audit's roots: a symbolic link to {target}")
                continue
            if suffix in IMAGE_SUFFIXES:
                found = (path, "image", None)
            elif suffix in audited and suffix != ".json":
                # _unless_not_article, without its call: most entries are articles.
                if templates is None:
                    templates = in_template_folder(folder[len(root):])
                reason = skip_reason_in(path, entry.name, templates)
                found = (path, "article", None) if reason is None else (path, "skipped", reason)
            else:
                found = _unless_not_article(_classify(path, explicit=False), root)
            # Only a link can make a file seen twice; a plain entry's real path is its
            # folder's real path plus its name (saves a realpath per file).
            if found and seen_files.add(target if target is not None else real_prefix + entry.name):
                yield found
        stack.extend(reversed(subfolders))


def _unless_not_article(found: tuple[str, Role, str | None] | None, root: str = "") -> tuple[str, Role, str | None] | None:
    """An article-suffixed file that is no article (a README, a config, a template)
    comes back with role "skipped" and the reason (`articles.not_articles`)."""
    if found is None or found[1] != "article":
        return found
    reason = _not_articles().skip_reason(found[0], root)
    return found if reason is None else (found[0], "skipped", reason)


@cache
def _not_articles() -> ModuleType:
    # Imported on first use (the articles package is not loaded at start-up), then
    # kept: an import statement per file costs more than the cached call.
    from .articles import not_articles

    return not_articles


def audit_roots(folder: str) -> tuple[str, ...]:
    """Where files found under `folder` may really live: the folder itself and the
    repository that holds it (its nearest parent with a `.git`), as real paths."""
    real = os.path.realpath(folder)
    roots = [real]
    parent = real
    while True:
        if os.path.exists(os.path.join(parent, ".git")):
            if parent != real:
                roots.append(parent)
            break
        up = os.path.dirname(parent)
        if up == parent:
            break
        parent = up
    return tuple(roots)


def _inside(real: str, roots: tuple[str, ...]) -> bool:
    return any(real == root or real.startswith(root if root.endswith(os.sep) else root + os.sep) for root in roots)


def _exclusions(patterns: list[str]):
    import pathspec  # only a run with excludes needs it

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _classify(path: str, explicit: bool) -> tuple[str, Role, str | None] | None:
    from .articles import ARTICLE_SUFFIXES, is_article

    suffix = suffix_of(path)
    if suffix in IMAGE_SUFFIXES:
        return path, "image", None
    # Only a `.json` needs a look at its folder (is it a sidecar?); other suffixes
    # are decided by name, without building a Path.
    if suffix in ARTICLE_SUFFIXES and (suffix != ".json" or is_article(Path(path))):
        return path, "article", None
    from .articles.exchange_formats import EXCHANGE_XML_SUFFIXES

    if suffix in EXCHANGE_XML_SUFFIXES:  # a feed or export when its content says so (not_articles)
        return path, "article", None
    if explicit:
        return path, "broken", f"not a supported article or image type ('{suffix or os.path.basename(path)}')"
    return None


def suffix_of(path: str) -> str:
    """What `Path(path).suffix.lower()` gives, without the Path."""
    return _suffix_of_name(os.path.basename(path))


def _suffix_of_name(name: str) -> str:
    dot = name.rfind(".")
    if dot <= 0 or dot == len(name) - 1:
        return ""
    return name[dot:].lower()


def _dangling(path: str) -> str | None:
    try:
        os.stat(path)
    except OSError as error:
        if suffix_of(path) in IMAGE_SUFFIXES or os.path.islink(path):
            return _loop_or(error)
    return None


def _loop_or(error: OSError) -> str:
    if error.errno == 40:  # ELOOP
        return "symbolic link loop: not followed"
    return f"cannot open: {error.strerror or error}"
