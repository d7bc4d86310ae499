"""Where a site keeps its images, and which folders an audit may read at all.

A site generator serves `/images/x.jpg` from a folder of its own: Hugo from
`static/` (and `assets/`), Jekyll from the site folder (its build in `_site/`),
Astro and Next from `public/`. `site_of(folder)` finds the nearest such site
above an article by its generator's config file. The audit's roots (the
repository, the config's folder, the working folder, the folders the run was
asked to audit, configured site roots) are
per process settings, installed by `configure_site_roots` from the run's config
(`auditor.pipeline.configure_process`), so pool and Dask workers share them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from auditor.config import Config

# (generator, files that mark its site folder, folders a root-relative URL is served from)
_GENERATORS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("hugo", ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config/_default", "theme.toml"), ("static", "assets")),
    ("jekyll", ("_config.yml", "_config.yaml", "_config.toml"), (".", "_site")),
    ("astro", ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs"),
     ("public", "src/assets")),
    ("next", ("next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"), ("public",)),
)
# Hugo's older config names say "hugo" only next to folders only Hugo makes
# (`content/` and `layouts/` alone are an Astro `src/` as well).
_HUGO_LEGACY = ("config.toml", "config.yaml", "config.yml")
_HUGO_FOLDERS = ("archetypes", "themes", "static")
# Import aliases Astro and Next starters use for their `src/` folder (`~/assets/x.png`).
SOURCE_ALIASES = ("~/", "@/")


@dataclass(frozen=True)
class Site:
    """A generator's site: its folder, the file that told us, and where its
    root-relative URLs are served from (existing folders only, in lookup order)."""

    generator: str
    folder: str
    marker: str
    serve_from: tuple[str, ...]
    base_url: str | None = None  # where the generator's config says the site is served


@dataclass(frozen=True)
class AuditRoots:
    """The folders an audit may read, and how URLs map onto them (all absolute)."""

    working: str
    config_folder: str | None = None
    inputs: tuple[str, ...] = ()  # folders the run was asked to audit (a file's: its folder)
    site_roots: tuple[str, ...] = ()
    url_map: tuple[tuple[str, str], ...] = ()  # (URL prefix, folder), longest prefix first
    site_url: str | None = None

    def fixed(self) -> tuple[str, ...]:
        """The roots that do not depend on the article: working and config folders,
        configured site roots and url_map targets."""
        folders = [self.working, *([self.config_folder] if self.config_folder else []), *self.inputs, *self.site_roots]
        folders += [folder for _, folder in self.url_map]
        return tuple(dict.fromkeys(folders))


_settings: AuditRoots | None = None


def configure_site_roots(config: "Config | None") -> None:
    """Installs the audit's roots for this process from `config` (None: defaults)."""
    global _settings
    working = os.path.realpath(os.getcwd())
    if config is None:
        _settings = AuditRoots(working=working)
    else:
        base = os.path.realpath(str(config.root))
        mapped = [(prefix, os.path.normpath(os.path.join(base, str(folder)))) for prefix, folder in config.url_map.items()]
        _settings = AuditRoots(
            working=working,
            config_folder=base if config.source is not None else None,
            inputs=tuple(_input_folder(path) for path in config.audit_inputs if os.path.exists(path)),
            site_roots=tuple(os.path.normpath(os.path.join(base, str(folder))) for folder in config.site_roots),
            url_map=tuple(sorted(mapped, key=lambda item: -len(item[0]))),
            site_url=config.site_url,
        )
    _cached_clear()


def _input_folder(path) -> str:
    absolute = os.path.abspath(path)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


def audit_roots() -> AuditRoots:
    if _settings is None:
        configure_site_roots(None)
    assert _settings is not None
    return _settings


def _cached_clear() -> None:
    for cached in (site_of, repository_of, roots_for, root_folders, real_folder):
        cached.cache_clear()


@lru_cache(maxsize=1024)
def repository_of(folder: str) -> str | None:
    """The nearest folder at or above `folder` (absolute) holding `.git`."""
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


@lru_cache(maxsize=1024)
def site_of(folder: str) -> Site | None:
    """The nearest generator site at or above `folder` (absolute), not above its
    repository, or without one, not above the outermost fixed root holding it (a
    stray `/tmp/hugo.toml` makes no site of everything below it)."""
    holding = [root for root in audit_roots().fixed() if is_within(folder, root)]
    ceiling = repository_of(folder) or (min(holding, key=len) if holding else folder)
    while True:
        site = _site_here(folder)
        if site is not None:
            return site
        parent = os.path.dirname(folder)
        if folder == ceiling or parent == folder:
            return None
        folder = parent


def _site_here(folder: str) -> Site | None:
    for generator, markers, served in _GENERATORS:
        for marker in markers:
            if os.path.exists(os.path.join(folder, marker)):
                return _site(generator, folder, marker, served)
    for marker in _HUGO_LEGACY:
        if os.path.isfile(os.path.join(folder, marker)) and any(
            os.path.isdir(os.path.join(folder, name)) for name in _HUGO_FOLDERS
        ):
            return _site("hugo", folder, marker, _GENERATORS[0][2])
    return None


def _site(generator: str, folder: str, marker: str, served: tuple[str, ...]) -> Site:
    serve_from = tuple(
        os.path.normpath(os.path.join(folder, name)) for name in served if os.path.isdir(os.path.join(folder, name))
    )
    return Site(generator, folder, marker, serve_from, _base_url(generator, folder))


def _base_url(generator: str, folder: str) -> str | None:
    """Hugo's `baseURL` or Jekyll's `url` + `baseurl`, from the site's config file."""
    names = {"hugo": ("hugo.toml", "config.toml", "hugo.yaml", "hugo.yml", "config.yaml", "config.yml"),
             "jekyll": ("_config.yml", "_config.yaml")}.get(generator, ())
    for name in names:
        values = _config_values(os.path.join(folder, name))
        if values is None:
            continue
        if generator == "hugo":
            url = values.get("baseURL") or values.get("baseurl")
        else:
            url = values.get("url")
            url = url.rstrip("/") + "/" + str(values.get("baseurl") or "").strip("/") if isinstance(url, str) else None
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            return url if url.endswith("/") else url + "/"
        return None
    return None


def _config_values(path: str) -> dict | None:
    """A site config file's top-level values (at most 256 KB, safe loaders), or None."""
    from auditor.articles.not_articles import read_head

    raw = read_head(path, 256 * 1024 + 1)  # regular files only, never blocking on a FIFO
    if raw is None or len(raw) > 256 * 1024:
        return None
    text = raw.decode("utf-8", "replace")
    try:
        if path.endswith(".toml"):
            import tomllib

            values = tomllib.loads(text)
        else:
            from auditor.safe_yaml import load_safe

            values = load_safe(text)
    except Exception:  # a broken site config only means no base URL
        return None
    return values if isinstance(values, dict) else None


@lru_cache(maxsize=1024)
def roots_for(folder: str) -> tuple[str, ...]:
    """Every root an article in `folder` (absolute) may read under: the fixed ones,
    its repository and its site; the article's own folder when none holds it."""
    settings = audit_roots()
    roots = list(settings.fixed())
    repository = repository_of(folder)
    if repository:
        roots.append(repository)
    site = site_of(folder)
    if site is not None:
        roots.append(site.folder)
    if not any(is_within(folder, root) for root in roots):
        roots.append(folder)
    return tuple(dict.fromkeys(roots))


@lru_cache(maxsize=4096)
def real_folder(folder: str) -> str:
    """`os.path.realpath(folder)`, once per folder and run."""
    return os.path.realpath(folder)


def may_read(path: str, folder: str) -> bool:
    """True when the file at `path`, its links resolved, lies inside the roots of an
    article in `folder`: what any reader of figures (reports too) checks first."""
    lexical, real = root_folders(os.path.abspath(folder or "."))
    return any(is_within(os.path.abspath(path), root) for root in lexical) and any(
        is_within(os.path.realpath(path), root) for root in real
    )


@lru_cache(maxsize=1024)
def root_folders(folder: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`roots_for(folder)` as written, and with symbolic links resolved."""
    roots = roots_for(folder)
    return roots, tuple(dict.fromkeys(os.path.realpath(root) for root in roots))


def top_of(folder: str) -> str:
    """The highest folder a root-relative URL is looked for in, walking up from an
    article in `folder`: the innermost root holding it (a site, a repository, the
    config or working folder), so a built site's pages at any depth find its top;
    an audited folder held by none of those: the outermost one."""
    holding = [root for root in roots_for(folder) if is_within(folder, root)]
    # The folders named on the command line are roots only so that they may be read:
    # auditing `content/posts/` must still find `/images/x.jpg` at the site's top.
    inputs = set(audit_roots().inputs)
    placed = [root for root in holding if root not in inputs]
    return max(placed, key=len) if placed else min(holding, key=len)


def is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def own_site_urls(page_url: str | None, site: Site | None = None) -> list[tuple[str, str]]:
    """(how, base URL) of every URL the site is served at: the configured
    `site_url`, the page's own scheme and host (canonical or og:url), and the base
    URL in the generator's config (Hugo `baseURL`, Jekyll `url` + `baseurl`)."""
    settings = audit_roots()
    bases = [("site_url", settings.site_url)] if settings.site_url else []
    parts = urlsplit(page_url.strip()) if page_url else None
    if parts is not None and parts.scheme in ("http", "https") and parts.netloc:
        bases.append(("the page's own host", f"{parts.scheme}://{parts.netloc}/"))
    if site is not None and site.base_url:
        bases.append((f"{site.generator} base URL", site.base_url))
    return bases


def site_path_of_url(url: str, page_url: str | None, site: Site | None = None) -> tuple[str, bool, str] | None:
    """For an http(s) URL the site serves itself, (how, is a file path, path): a
    `url_map` prefix gives a file path; the site's own URL gives the path part,
    to be looked up like "/images/x.jpg". None for another host."""
    settings = audit_roots()
    for prefix, folder in settings.url_map:
        if url.startswith(prefix):
            rest = url[len(prefix):].split("#", 1)[0].split("?", 1)[0]
            return f"url_map {prefix}", True, os.path.join(folder, unquote(rest))
    given = urlsplit(url)
    if given.scheme not in ("http", "https"):
        return None
    for how, base in own_site_urls(page_url, site):
        wanted = urlsplit(base)
        if given.netloc.lower() != wanted.netloc.lower():
            continue
        prefix = wanted.path.rstrip("/")
        if prefix and not (given.path == prefix or given.path.startswith(prefix + "/")):
            continue
        return f"{how} {base}", False, given.path[len(prefix):] or "/"
    return None
