"""Article parsers: one module per format, one entry point.

`parse_article(path, data=None)` returns an `Article` or a `DocumentError`; it
never raises, whatever the bytes. `data` lets a caller hand over bytes read from
an archive; the path then only names the document and its folder.
"""

from __future__ import annotations

from pathlib import Path

from auditor.articles.cms_json import parse_cms_json
from auditor.articles.companions import is_sidecar_json
from auditor.articles.html import parse_html_article
from auditor.articles.markdown import parse_markdown_article
from auditor.articles.source_text import decode_text, read_bytes
from auditor.articles.text import parse_text_article
from auditor.model import Article, DocumentError

__all__ = ["ARTICLE_SUFFIXES", "is_article", "parse_article"]

_FORMAT_OF_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
}
ARTICLE_SUFFIXES = frozenset(_FORMAT_OF_SUFFIX)


def is_article(path: Path) -> bool:
    """True for files this package parses; False for a `.json` that is the
    sidecar of a same-stem article or image, so it is not audited twice."""
    if not isinstance(path, Path):
        path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        return False
    return not (suffix == ".json" and is_sidecar_json(path))


def parse_article(path: Path, data: bytes | None = None) -> Article | DocumentError:
    path = Path(path)
    try:
        return _parse(path, data)
    except Exception as error:  # the stage boundary: a bad file is a value, never a crash
        return DocumentError(path=str(path), message=f"could not parse article ({type(error).__name__}: {error})"[:500])


def _parse(path: Path, data: bytes | None) -> Article | DocumentError:
    article_format = _FORMAT_OF_SUFFIX.get(path.suffix.lower())
    if article_format is None:
        return DocumentError(path=str(path), message=f"not an article format ({path.suffix or 'no suffix'})")
    raw = read_bytes(path, data)
    if isinstance(raw, DocumentError):
        return raw
    text = decode_text(path, raw, sniff_html_charset=article_format == "html")
    if isinstance(text, DocumentError):
        return text
    if article_format == "text":
        return parse_text_article(path, text)
    if article_format == "html":
        return parse_html_article(path, text)
    if article_format == "markdown":
        return parse_markdown_article(path, text)
    return parse_cms_json(path, text)
