"""Where a figure's `src` points, decided without ever fetching anything, and
never outside the audit's roots (`auditor.articles.site_roots`).

- `data:` URIs → "inline".
- `http(s)://` and `//host/...` → "remote", unless the URL is the site's own: a
  `url_map` prefix, the configured `site_url`, or the page's own host (its
  canonical or og:url) make it a local lookup like a root-relative path.
- Any other scheme (`file:`, `javascript:`, `blob:`...) → "missing": we do not
  follow it, and there is no local file to read.
- A path (URL-decoded, query and fragment dropped) → "local" with the file's
  path when it exists, else "missing":
  - relative ("a.jpg", "../img/a.jpg"): against the article's folder;
  - `~/` or `@/` (Astro and Next import aliases): the site's `src/`, then the site;
  - root-relative ("/images/a.jpg"): the site's served folders (Hugo `static/`,
    `assets/`; Jekyll's site and `_site/`; Astro and Next `public/`, Astro
    `src/assets/`), configured `site_roots`, then the article's folder and each
    parent up to the innermost root holding it (a built site at any depth).
- A candidate outside every root, or a file whose symbolic links lead outside
  them, is "refused" (rule INP007): its path is reported, its bytes never read.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from auditor.articles.site_roots import (
    SOURCE_ALIASES, audit_roots, is_within, real_folder, root_folders, site_of, site_path_of_url, top_of,
)
from auditor.clean_paths import POSIX
from auditor.model import Article, FigureStatus

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_REMOTE_SCHEMES = frozenset({"http", "https", "ftp"})
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class Resolution:
    """How one `src` was resolved: the outcome, and why, for `inspect-article`."""

    status: FigureStatus
    path: str | None  # the file found, or for "refused" the path that was refused
    how: str
    tried: tuple[str, ...] = ()  # candidates looked for, in order (inside the roots)


def resolve_src(src: str | None, article_dir: str) -> tuple[FigureStatus, str | None]:
    """(status, local path or None; the refused path for "refused") for one `src`."""
    plain = _plain_relative(src, article_dir)
    if plain is not None:
        return plain
    resolution = explain_src(src, article_dir)
    return resolution.status, resolution.path


# A `src` that is a plain relative path: no scheme or drive (":"), not root-relative,
# not an import alias, nothing to URL-decode or drop (%, ?, #), no backslash or NUL.
_PLAIN_RELATIVE = re.compile(r"(?![~@]/)[^/:%?#\\\x00][^:%?#\\\x00]*")


def _plain_relative(src: str | None, article_dir: str) -> tuple[FigureStatus, str | None] | None:
    """What `explain_src` decides for the most common figure, a plain relative `src`
    beside an article whose folder is absolute, without composing its explanation
    (a figure of every article; tests/test_resolve_fast.py holds the two equal).
    None for anything else."""
    if src is None or not POSIX or not article_dir.startswith("/"):
        return None
    text = src.strip()
    if _PLAIN_RELATIVE.fullmatch(text) is None:
        return None
    # As _path and _look do for one relative candidate: the folder is absolute, so
    # abspath is normpath, and the candidate needs no renaming to the working folder.
    candidate = os.path.normpath(os.path.join(article_dir, text))
    lexical, real = root_folders(os.path.normpath(article_dir))
    if not _inside_any(candidate, lexical):
        return "refused", candidate
    target = _real_file(candidate)
    if target is None:
        return "missing", None
    if not _inside_any(target, real):
        return "refused", target
    return "local", candidate


def _inside_any(path: str, roots: tuple[str, ...]) -> bool:
    """`any(is_within(path, root) for root in roots)`, with the prefixes made once."""
    exact, prefixes = _root_prefixes(roots)
    return path in exact or path.startswith(prefixes)


@lru_cache(maxsize=1024)
def _root_prefixes(roots: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    return frozenset(roots), tuple(root.rstrip(os.sep) + os.sep for root in roots)


def local_candidates(src: str | None, article_dir: str, page_url: str | None = None) -> list[str]:
    """Every file a `src` could have named, in the order `resolve_src` tries them:
    what a missing image waits for (a later run re-audits its article once one
    appears). Empty for remote, inline and other-scheme sources."""
    return list(explain_src(src, article_dir, page_url).tried)


def explain_src(src: str | None, article_dir: str, page_url: str | None = None) -> Resolution:
    if src is None or not src.strip():
        return Resolution("none", None, "no src")
    text = src.strip()
    if text.startswith("//"):
        return _url("https:" + text, article_dir, page_url)
    scheme = _SCHEME.match(text)
    if scheme is not None and not _WINDOWS_DRIVE.match(text):
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            return _url(text, article_dir, page_url)
        if name in _REMOTE_SCHEMES:
            return Resolution("remote", None, f"{name} URL, never fetched")
        if name == "data":
            return Resolution("inline", None, "data: URI, the image is in the page")
        return Resolution("missing", None, f"{name}: URLs are not followed")
    return _path(text, article_dir)


def _url(url: str, article_dir: str, page_url: str | None) -> Resolution:
    mapped = site_path_of_url(url, page_url, site_of(os.path.abspath(article_dir or ".")))
    if mapped is None:
        return Resolution("remote", None, "remote URL, never fetched")
    how, is_file, path = mapped
    if is_file:
        return _look(article_dir, [path], how)
    return _path(path, article_dir, via=how)


def _path(text: str, article_dir: str, via: str | None = None) -> Resolution:
    relative = unquote(text.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not relative or "\x00" in relative:
        return Resolution("missing", None, "not a usable path")
    folder = os.path.abspath(article_dir or ".")
    prefix = f"{via}, then " if via else ""
    if relative.startswith("/"):
        return _look(article_dir, _root_relative(relative.lstrip("/"), folder, article_dir),
                     f"{prefix}root-relative: the site's served folders, then up from the article")
    site = site_of(folder) if relative.startswith(SOURCE_ALIASES) else None
    if site is not None:
        alias = next(name for name in SOURCE_ALIASES if relative.startswith(name))
        rest = relative[len(alias):]
        return _look(article_dir, [os.path.join(site.folder, "src", rest), os.path.join(site.folder, rest)],
                     f"{prefix}import alias {alias} of the {site.generator} site at {site.folder}")
    return _look(article_dir, [os.path.join(article_dir, relative)], f"{prefix}relative to the article's folder",
                 folder)


def _root_relative(relative: str, folder: str, article_dir: str) -> list[str]:
    candidates = []
    site = site_of(folder)
    if site is not None:
        candidates += [os.path.join(served, relative) for served in site.serve_from]
    candidates += [os.path.join(root, relative) for root in audit_roots().site_roots]
    top = top_of(folder)
    here, base = folder, article_dir
    while True:
        candidates.append(os.path.join(base, relative))
        if here == top or os.path.dirname(here) == here:
            break
        here, base = os.path.dirname(here), os.path.join(base, "..")
    return candidates


def _look(article_dir: str, candidates: list[str], how: str, folder: str | None = None) -> Resolution:
    """`folder`: the article's absolute folder, when the caller has it already."""
    if folder is None:
        folder = os.path.abspath(article_dir or ".")
    if not os.path.isabs(article_dir or "."):
        # Site folders are absolute: name their files the way the article is named.
        candidates = [_relative_to_working(c) if os.path.isabs(c) else c for c in candidates]
    lexical, real = root_folders(folder)
    tried: list[str] = []
    refused: str | None = None
    for candidate in dict.fromkeys(os.path.normpath(c) for c in candidates) if len(candidates) > 1 \
            else (os.path.normpath(candidates[0]),):
        # abspath normalises too: an absolute candidate, already normalised, is its own.
        absolute = candidate if os.path.isabs(candidate) else os.path.abspath(candidate)
        if not any(is_within(absolute, root) for root in lexical):
            refused = refused or absolute
            continue
        tried.append(candidate)
        target = _real_file(absolute)
        if target is not None:
            if not any(is_within(target, root) for root in real):
                return Resolution("refused", target, f"{how}: {candidate} links outside the audit's roots", tuple(tried))
            return Resolution("local", candidate, f"{how}: found {candidate}", tuple(tried))
    if refused is not None and not tried:
        return Resolution("refused", refused, f"{how}: {refused} is outside the audit's roots")
    return Resolution("missing", None, f"{how}: no file at {', '.join(tried)}", tuple(tried))


def _real_file(absolute: str) -> str | None:
    """The real path of the regular file at `absolute` (links resolved), or None when
    there is none. One lstat for a plain file: its folder's real path is cached."""
    try:
        status = os.lstat(absolute)
    except (OSError, ValueError):
        return None
    if stat.S_ISLNK(status.st_mode):
        target = os.path.realpath(absolute)
        return target if os.path.isfile(target) else None
    if not stat.S_ISREG(status.st_mode):
        return None
    folder, name = os.path.split(absolute)
    return os.path.join(real_folder(folder), name)


def _relative_to_working(path: str) -> str:
    working = audit_roots().working
    return os.path.relpath(path, working) if is_within(path, working) else path


def page_url_of(fields: dict) -> str | None:
    """The page's own URL as it declares it: `<link rel=canonical>`, else og:url."""
    canonical = fields.get("canonical")
    if isinstance(canonical, str) and canonical.strip():
        return canonical.strip()
    meta = fields.get("meta")
    og_url = meta.get("og:url") if isinstance(meta, dict) else None
    return og_url.strip() if isinstance(og_url, str) and og_url.strip() else None


def resolve_site_urls(article: Article) -> Article:
    """The article with its remote figures that are the site's own images (its host,
    `site_url`, `url_map`) looked up locally; other figures as they were."""
    if not any(figure.status == "remote" for figure in article.figures):
        return article
    page_url = page_url_of(article.fields)
    settings = audit_roots()
    folder = os.path.dirname(article.path)
    site = site_of(os.path.abspath(folder or "."))
    if page_url is None and settings.site_url is None and not settings.url_map and (site is None or not site.base_url):
        return article
    figures = []
    for figure in article.figures:
        if figure.status == "remote":
            resolution = explain_src(figure.src, folder, page_url)
            if resolution.status != "remote":
                figure = figure.model_copy(update={"status": resolution.status, "path": resolution.path})
        figures.append(figure)
    return article.model_copy(update={"figures": tuple(figures)})
