"""Where a figure's `src` points, decided without ever fetching anything.

- `http://`, `https://`, `ftp://` and protocol-relative `//host/...` → "remote".
- `data:` URIs → "inline".
- Any other scheme (`file:`, `javascript:`, `blob:`...) → "missing": we do not
  follow it, and there is no local file to read.
- A path (URL-decoded, query and fragment dropped) → "local" with the file's
  path when it exists, else "missing". A relative path resolves against the
  article's folder. A site-absolute path ("/images/a.jpg") is tried against the
  article's folder and then each parent, up to MAX_PARENT_LEVELS levels or a
  folder holding `.git` (a site checkout's root), whichever comes first.
  Relative paths may climb with "..", but never above that same ceiling.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from urllib.parse import unquote

from auditor.model import FigureStatus

MAX_PARENT_LEVELS = 4

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_REMOTE_SCHEMES = frozenset({"http", "https", "ftp"})
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def resolve_src(src: str | None, article_dir: str) -> tuple[FigureStatus, str | None]:
    """(status, local path or None) for one `src` as written in an article."""
    if src is None or not src.strip():
        return "none", None
    text = src.strip()
    if text.startswith("//"):
        return "remote", None
    scheme = _SCHEME.match(text)
    if scheme is not None and not _WINDOWS_DRIVE.match(text):
        name = scheme.group(1).lower()
        if name in _REMOTE_SCHEMES:
            return "remote", None
        if name == "data":
            return "inline", None
        return "missing", None
    for candidate in _candidates(text, article_dir):
        if os.path.isfile(candidate):
            return "local", candidate
    return "missing", None


def local_candidates(src: str | None, article_dir: str) -> list[str]:
    """Every file a `src` could have named, in the order `resolve_src` tries them:
    what a missing image waits for (a later run re-audits its article once one
    appears). Empty for remote, inline and other-scheme sources."""
    if src is None or not src.strip() or src.strip().startswith("//"):
        return []
    text = src.strip()
    if _SCHEME.match(text) and not _WINDOWS_DRIVE.match(text):
        return []
    return _candidates(text, article_dir)


def _candidates(text: str, article_dir: str) -> list[str]:
    relative = unquote(text.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not relative or "\x00" in relative:
        return []
    ceiling = _ceiling(os.path.abspath(article_dir or "."))
    if relative.startswith("/"):
        found = (_within(base, relative.lstrip("/"), ceiling) for base in _bases_up_to(article_dir, ceiling))
        return [candidate for candidate in found if candidate is not None]
    candidate = _within(article_dir, relative, ceiling)
    return [] if candidate is None else [candidate]


@lru_cache(maxsize=256)
def _ceiling(folder: str) -> str:
    """The highest folder a src may reach from the (absolute) article folder:
    MAX_PARENT_LEVELS up, or the nearest folder with `.git` below that."""
    for _ in range(MAX_PARENT_LEVELS):
        if os.path.isdir(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return folder
        folder = parent
    return folder


def _bases_up_to(article_dir: str, ceiling: str) -> list[str]:
    bases = [article_dir]
    folder = os.path.abspath(article_dir or ".")
    relative_base = article_dir
    while folder != ceiling:
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
        relative_base = os.path.join(relative_base, "..")
        bases.append(os.path.normpath(relative_base))
    return bases


def _within(base: str, relative: str, ceiling: str) -> str | None:
    candidate = os.path.normpath(os.path.join(base, relative))
    absolute = os.path.abspath(candidate)
    if absolute != ceiling and not absolute.startswith(ceiling.rstrip(os.sep) + os.sep):
        return None
    return candidate
