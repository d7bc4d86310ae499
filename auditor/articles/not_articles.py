"""Which files under an audited folder are not articles, and why: repository
documents (README, CHANGELOG, LICENSE...), build and tool configs, lock files and
manifests, data files, and templates (Hugo layouts and archetypes, Jekyll
layouts and includes, HTML holding `{{ }}`/`{% %}` template code). Discovery
passes them over quietly: they are counted and listed as skipped, never findings.

Names decide first; a `.json` file is then read and kept only when it has the
shape of a CMS article (`cms_json.looks_like_article`), an `.html` file's head is
read for template code. Anything that cannot be read is kept, so the parser
reports it (fail closed).
"""

from __future__ import annotations

import json
import os
import re
import stat
from functools import lru_cache

from auditor.articles.exchange_formats import EXCHANGE_XML_SUFFIXES

# Stems, lower-cased, of the documents a repository keeps about itself: these in any case...
_REPOSITORY_DOCUMENTS = frozenset({
    "readme", "changelog", "contributing", "license", "licence", "copying", "code_of_conduct", "code-of-conduct",
    "codeowners", "pull_request_template", "issue_template",
})
# ...and these only capitalised as repositories write them (HISTORY.md, History.markdown):
# "news.md" or "history.md" may well be an article.
_CAPITALISED_DOCUMENTS = frozenset({
    "changes", "history", "news", "security", "authors", "contributors", "notice", "support", "releases",
    "funding", "governance", "maintainers",
})
_TOOL_CONFIGS = frozenset({
    "package.json", "composer.json", "bower.json", "deno.json", "lerna.json", "nx.json", "turbo.json",
    "renovate.json", "vercel.json", "now.json", "netlify.json", "firebase.json", "app.json", "manifest.json",
    "components.json", "biome.json", "cspell.json", "lighthouserc.json", "devcontainer.json", "settings.json",
    "launch.json", "extensions.json", "tasks.json", "babel.config.json", "jest.config.json", "tslint.json",
    "angular.json", "project.json", "workspace.json", "dependabot.json", "typedoc.json", "api-extractor.json",
    "theme.json", "site.webmanifest", "browserslist.json",
})
_TOOL_CONFIG_PREFIXES = ("tsconfig", "jsconfig", ".eslintrc", ".prettierrc", ".babelrc", ".stylelintrc", "vscode.")
_LOCK_FILES = re.compile(r"(?:^|[-.])lock(?:file)?\.json$|^npm-shrinkwrap\.json$")
# Folders of templates, whatever the file inside them says.
_TEMPLATE_FOLDERS = frozenset({"layouts", "_layouts", "_includes", "partials", "_partials", "archetypes", "shortcodes"})
_TEMPLATE_CODE = re.compile(r"\{\{-?\s*[^{}\n]{0,200}?\s*-?\}\}|\{%-?\s*[a-z]+\b[^%\n]{0,200}%\}")
_FULL_PAGE = re.compile(rb"<(?:!doctype|html|body)\b", re.IGNORECASE)
MAX_JSON_BYTES = 4 * 1024 * 1024  # a bigger .json is left to the parser, which reports it
HTML_HEAD_BYTES = 16 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)

REPOSITORY_DOCUMENT = "repository document (README, CHANGELOG, LICENSE...)"
TOOL_CONFIG = "build or tool configuration"
LOCK_FILE = "lock file"
DATA_FILE = "data file (JSON that is not an article)"
TEMPLATE = "template"


def skip_reason(path: str, root: str = "", *, look_inside: bool = True) -> str | None:
    """Why the article-suffixed file at `path` (found under the folder `root`) is
    not an article, or None. Only folders below `root` can make it a template.
    Without `look_inside` (an archive member) names alone decide."""
    below = path[len(root):] if root and path.startswith(root) else path
    return skip_reason_in(path, os.path.basename(path), in_template_folder(os.path.dirname(below)), look_inside=look_inside)


def skip_reason_in(path: str, name: str, template_folder: bool, *, look_inside: bool = True) -> str | None:
    """`skip_reason` for a caller that has the file's name and knows whether its
    folder is a template folder (`in_template_folder`): discovery decides that
    once per folder, not once per file."""
    lower = name.lower()
    stem, _, suffix = lower.rpartition(".")
    first = stem.partition(".")[0]
    if first in _REPOSITORY_DOCUMENTS or (first in _CAPITALISED_DOCUMENTS and name[:1].isupper()):
        return REPOSITORY_DOCUMENT
    if template_folder:
        return TEMPLATE
    if "." + suffix in EXCHANGE_XML_SUFFIXES:
        from auditor.articles.exchange_formats import NOT_EXCHANGE_XML, sniff_exchange

        if not look_inside or sniff_exchange(path) or read_head(path, 1) is None:
            return None  # an exchange file, or one that cannot be read: the audit says which
        return NOT_EXCHANGE_XML
    if suffix == "json":
        return _json_reason(path, lower, look_inside)
    if suffix in ("html", "htm", "xhtml") and look_inside:
        return _html_reason(path)
    return None


@lru_cache(maxsize=256)
def in_template_folder(folder: str) -> bool:
    """Whether a folder (below the audited one) is or lies in a template folder."""
    return not _TEMPLATE_FOLDERS.isdisjoint(folder.replace("\\", "/").lower().split("/"))


def _json_reason(path: str, lower: str, look_inside: bool) -> str | None:
    if _LOCK_FILES.search(lower):
        return LOCK_FILE
    if lower in _TOOL_CONFIGS or lower.startswith(_TOOL_CONFIG_PREFIXES) or lower.endswith((".config.json", "rc.json")):
        return TOOL_CONFIG
    if not look_inside:
        return None
    from auditor.articles.exchange_formats import sniff_exchange

    if sniff_exchange(path) is not None:  # a JSON Feed, ANS story or WordPress REST list
        return None
    raw = read_head(path, MAX_JSON_BYTES + 1)
    if raw is None or len(raw) > MAX_JSON_BYTES:
        return None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None  # broken JSON may be a broken article: the parser says so
    from auditor.articles.cms_json import looks_like_article

    if looks_like_article(data):
        return None
    return DATA_FILE


def _html_reason(path: str) -> str | None:
    """A template: HTML with template code that is not a whole page (a partial), or
    that starts with front matter (a Jekyll source page; its built copy is the page)."""
    head = read_head(path, HTML_HEAD_BYTES)
    if not head or (b"{{" not in head and b"{%" not in head):
        return None
    text = head.decode("utf-8", "replace")
    if not _TEMPLATE_CODE.search(text):
        return None
    if text.startswith("---") or _FULL_PAGE.search(head) is None:
        return TEMPLATE
    return None


def read_head(path: str, size: int) -> bytes | None:
    """Up to `size` bytes of a regular file, opened without blocking (a FIFO never
    hangs discovery); None when it is not a regular file or cannot be read."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        chunks = []
        left = size
        while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
            if size - left >= status.st_size:
                break  # the whole file as it stood: no further read to learn where it ends
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)
