"""What `auditor inspect-article PAGE` shows: each figure of one article, the
image it resolved to (or why none), how and why, and the roots the audit may read."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, TextIO

from ..model import Article, DocumentError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def inspect_article(path: Path) -> dict[str, Any]:
    """The article's figures and their resolution, as plain values (the JSON form).
    The process's site roots must be configured first (`pipeline.configure_process`)."""
    from ..articles import parse_article
    from ..articles.resolve import explain_src, page_url_of
    from ..articles.site_roots import audit_roots, repository_of, site_of

    parsed = parse_article(path)
    if isinstance(parsed, DocumentError):
        return {"path": str(path), "error": parsed.message}
    article: Article = parsed
    folder = os.path.dirname(article.path)
    absolute = os.path.abspath(folder or ".")
    page_url = page_url_of(article.fields)
    site = site_of(absolute)
    settings = audit_roots()
    figures = []
    for figure in article.figures:
        resolution = explain_src(figure.src, folder, page_url)
        figures.append({
            "index": figure.index,
            "line": figure.span.line if figure.span else None,
            "src": figure.src,
            "status": figure.status,
            "path": figure.path,
            "how": resolution.how,
            "tried": list(resolution.tried),
            "caption": figure.caption.text if figure.caption else None,
            "credit": figure.credit.text if figure.credit else None,
            "alt": figure.alt.text if figure.alt else None,
            "declared_ai": figure.declared_ai,
            "declared_by": figure.declared_by,
        })
    return {
        "path": article.path,
        "format": article.format,
        "page_url": page_url,
        "site": None if site is None else {"generator": site.generator, "folder": site.folder, "marker": site.marker,
                                           "serves_from": list(site.serve_from)},
        "roots": {"repository": repository_of(absolute), "config_folder": settings.config_folder,
                  "working_folder": settings.working, "site_roots": list(settings.site_roots),
                  "url_map": dict(settings.url_map), "site_url": settings.site_url},
        "figures": figures,
    }


def write_article_inspection(documents: list[dict[str, Any]], stream: TextIO) -> None:
    """Plain text, one block per article; control characters from the content are
    shown escaped, never sent to the terminal."""
    for document in documents:
        stream.write(f"{_safe(document['path'])}\n")
        if "error" in document:
            stream.write(f"  cannot be read: {_safe(document['error'])}\n")
            continue
        site = document["site"]
        stream.write(f"  site: {site['generator']} at {_safe(site['folder'])} ({site['marker']}); root-relative URLs from "
                     f"{', '.join(_safe(f) for f in site['serves_from']) or 'the site folder'}\n" if site else "  site: none detected\n")
        roots = document["roots"]
        stream.write(f"  repository: {_safe(roots['repository'] or 'none')}; working folder: {_safe(roots['working_folder'])}\n")
        if document["page_url"]:
            stream.write(f"  page URL: {_safe(document['page_url'])}\n")
        if not document["figures"]:
            stream.write("  no figures\n")
        for figure in document["figures"]:
            where = f" (line {figure['line']})" if figure["line"] else ""
            stream.write(f"  figure {figure['index']}{where}: {_safe(figure['src'] or '(no src)')}\n")
            stream.write(f"    {figure['status']}" + (f": {_safe(figure['path'])}" if figure["path"] else "") + "\n")
            stream.write(f"    how: {_safe(figure['how'])}\n")
            if figure["status"] == "missing" and figure["tried"]:
                stream.write(f"    looked for: {', '.join(_safe(t) for t in figure['tried'])}\n")
            for key in ("caption", "credit", "alt"):
                if figure[key]:
                    stream.write(f"    {key}: {_safe(figure[key])}\n")


def _safe(text: Any) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group(0)):02x}", str(text))
