"""Article parsers: one module per format, one entry point.

`parse_article(path, data=None)` returns an `Article` or a `DocumentError`; it
never raises, whatever the bytes. `data` lets a caller hand over bytes read from
an archive; the path then only names the document and its folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.limits import recording_incomplete
from auditor.model import Article, DocumentError
from auditor.regular_files import NotRegularFile, refusal  # loaded with discovery already

if TYPE_CHECKING:
    from auditor.articles.cms_json import parse_cms_json
    from auditor.articles.html import parse_html_article
    from auditor.articles.markdown import parse_markdown_article
    from auditor.articles.source_text import decode_text, read_bytes
    from auditor.articles.text import parse_text_article
    from auditor.articles.resolve import resolve_site_urls

# The parsers (selectolax, markdown-it, YAML) load on the first parse, not on import:
# discovery and a run the ledger answers entirely only need the suffix table below.
_PARSERS = {
    "parse_cms_json": "auditor.articles.cms_json",
    "parse_html_article": "auditor.articles.html",
    "parse_markdown_article": "auditor.articles.markdown",
    "parse_text_article": "auditor.articles.text",
    "decode_text": "auditor.articles.source_text",
    "read_bytes": "auditor.articles.source_text",
    "resolve_site_urls": "auditor.articles.resolve",
}

__all__ = ["ARTICLE_SUFFIXES", "is_article", "parse_article"]

_FORMAT_OF_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
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
    if suffix != ".json":
        return True
    from auditor.articles.companions import is_sidecar_json

    return not is_sidecar_json(path)


def _load_parsers(*names: str) -> None:
    """Imports the parsers named (all of them when none is): an HTML article's audit
    never loads markdown-it, a Markdown one never loads selectolax."""
    loaded = globals()
    for name in names or _PARSERS:
        # A name already set here (a test's stand-in) is left as it is.
        if name not in loaded:
            import importlib  # here, not per call: an import statement costs more than this loop

            loaded[name] = getattr(importlib.import_module(_PARSERS[name]), name)


def __getattr__(name: str):
    if name in _PARSERS:
        _load_parsers(name)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_article(path: Path, data: bytes | None = None) -> Article | DocumentError:
    path = Path(path)
    try:
        return parse_article_unguarded(path, data)
    except Exception as error:  # the stage boundary: a bad file is a value, never a crash
        return DocumentError(path=str(path), message=f"could not parse article ({type(error).__name__}: {error})"[:500])


def parse_article_unguarded(path: Path, data: bytes | None = None) -> Article | DocumentError:
    """As `parse_article`, but an unexpected exception (a bug) propagates, for the
    pipeline to report as INP004. A parser that stopped at a cap leaves the reason
    in `Article.incomplete` (INP005)."""
    with recording_incomplete() as notes:
        try:
            parsed = _parse(path if isinstance(path, Path) else Path(path), data)  # the pipeline's is one
        except NotRegularFile as error:  # the article or its sidecar is a FIFO or a device: nothing of it was read
            return DocumentError(path=str(path), message=refusal(f"{os.path.basename(error.filename)}: {error.strerror}"))
    if notes and isinstance(parsed, Article):
        parsed = parsed.model_copy(update={"incomplete": tuple(notes)})
    return parsed


_PARSER_OF_FORMAT = {"text": "parse_text_article", "html": "parse_html_article", "markdown": "parse_markdown_article",
                     "json": "parse_cms_json"}


def _parse(path: Path, data: bytes | None) -> Article | DocumentError:
    article_format = _FORMAT_OF_SUFFIX.get(path.suffix.lower())
    # Names, not a function-level `from ... import`: an import statement of a loaded
    # module still costs ~10k instructions, per document.
    _load_parsers("read_bytes", "decode_text", "resolve_site_urls", *([_PARSER_OF_FORMAT[article_format]] if article_format else ()))
    if article_format is None:
        from auditor.articles.exchange_formats import EXCHANGE_XML_SUFFIXES

        if path.suffix.lower() in EXCHANGE_XML_SUFFIXES:
            # An exchange file's items are audited one by one (batch.exchange_tasks);
            # one that reaches here could not be read as one (a FIFO, no permission).
            raw = read_bytes(path, data)
            if isinstance(raw, DocumentError):
                return raw
            return DocumentError(path=str(path), message="could not be read as a news exchange file (feed, export)")
        return DocumentError(path=str(path), message=f"not an article format ({path.suffix or 'no suffix'})")
    raw = read_bytes(path, data)
    if isinstance(raw, DocumentError):
        return raw
    text = decode_text(path, raw, sniff_html_charset=article_format == "html")
    if isinstance(text, DocumentError):
        return text
    if article_format == "text":
        parsed = parse_text_article(path, text)
    elif article_format == "html":
        parsed = parse_html_article(path, text)
    elif article_format == "markdown":
        parsed = parse_markdown_article(path, text)
    else:
        parsed = parse_cms_json(path, text)
    if isinstance(parsed, DocumentError):
        return parsed
    return resolve_site_urls(parsed)  # the site's own absolute URLs are local files
