"""What an editor sees about a figure in the HTML report: the caption, alt text and
credit around it, the image's provenance signals and a preview.

Findings carry only the evidence that triggered them; the editor's view needs the
whole figure, so the HTML report reads it back through the public readers (the
article parser, the header-only media reader). Each article and image is read once
per report, and any failure simply leaves that part of the view empty.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .paths import is_url
from .thumbnail import thumbnail_data_uri


@dataclass
class FigureView:
    caption: str | None = None
    alt: str | None = None
    credit: str | None = None
    signals: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, source, value)
    thumbnail: str | None = None  # data: URI
    why_no_thumbnail: str = "no image"


class FigureViews:
    """Reads and remembers figure views for one report, with a cap on previews so
    a huge run still yields a page a browser can open."""

    def __init__(self, max_thumbnails: int = 400) -> None:
        self.max_thumbnails = max_thumbnails
        self._articles: dict[str, dict[int, object]] = {}
        self._media: dict[str, tuple[list[tuple[str, str, str]], str | None, str]] = {}

    def view(self, article_path: str, figure: int | None, media: str | None) -> FigureView:
        view = FigureView()
        if figure is not None:
            found = self._figures(article_path).get(figure)
            if found is not None:
                view.caption = _text(getattr(found, "caption", None))
                view.alt = _text(getattr(found, "alt", None))
                view.credit = _text(getattr(found, "credit", None))
        if media and not is_url(media) and os.path.isfile(media) and not _may_read(media, article_path):
            view.why_no_thumbnail = "outside the audit's roots, not read"
        elif media:
            view.signals, view.thumbnail, view.why_no_thumbnail = self._media_view(media)
        return view

    def _figures(self, path: str) -> dict[int, object]:
        if path not in self._articles:
            figures: dict[int, object] = {}
            try:
                from ..articles import parse_article

                parsed = parse_article(Path(path))
                figures = {f.index: f for f in getattr(parsed, "figures", ())}
            except Exception:  # the view is a courtesy; the findings stand on their own
                figures = {}
            self._articles[path] = figures
        return self._articles[path]

    def _media_view(self, media: str) -> tuple[list[tuple[str, str, str]], str | None, str]:
        if media in self._media:
            return self._media[media]
        signals: list[tuple[str, str, str]] = []
        thumbnail = None
        if is_url(media):
            reason = "remote image, not fetched"
        elif not Path(media).is_file():
            reason = "image file not found"
        else:
            try:
                from ..media import read_media

                facts = read_media(Path(media))
                signals = [(s.kind, s.source, s.value) for s in facts.signals]
            except Exception:
                signals = []
            if len(self._media) >= self.max_thumbnails:
                reason = "preview limit reached"
            else:
                thumbnail = thumbnail_data_uri(media)
                reason = "" if thumbnail else "no preview (unreadable or too large)"
        self._media[media] = (signals, thumbnail, reason)
        return self._media[media]


def _may_read(media: str, article_path: str) -> bool:
    from ..articles.site_roots import may_read

    return may_read(media, os.path.dirname(article_path))


def _text(block) -> str | None:
    return getattr(block, "text", None) if block is not None else None
