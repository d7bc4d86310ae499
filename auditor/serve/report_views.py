"""The HTML report's figure views for a posted story: captions from the posted
article, signals and previews from the posted image bytes. The report's own views
read files by path, which a server must never do with names from a request."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from ..report.figure_view import FigureView, FigureViews
from ..report.thumbnail import MAX_SOURCE_BYTES, MAX_SOURCE_PIXELS, THUMBNAIL_BOX, _encoded
from .uploads import UploadArchive


class UploadFigureViews(FigureViews):
    def __init__(self, archive: UploadArchive, articles: dict[str, bytes]) -> None:
        super().__init__()
        self.archive = archive
        self.articles = articles

    def view(self, article_path: str, figure: int | None, media: str | None) -> FigureView:
        view = FigureView()
        if figure is not None:
            found = self._figures(article_path).get(figure)
            if found is not None:
                for name in ("caption", "alt", "credit"):
                    setattr(view, name, getattr(getattr(found, name, None), "text", None))
        if media:
            view.signals, view.thumbnail, view.why_no_thumbnail = self._media_view(media)
        return view

    def _figures(self, path: str) -> dict[int, object]:
        if path not in self._articles:
            figures: dict[int, object] = {}
            if path in self.articles:
                try:
                    from ..articles import parse_article_unguarded
                    from ..articles.companions import archive_neighbours

                    with archive_neighbours(self.archive):
                        parsed = parse_article_unguarded(Path(path), self.articles[path])
                    figures = {f.index: f for f in getattr(parsed, "figures", ())}
                except Exception:  # the view is a courtesy; the findings stand on their own
                    figures = {}
            self._articles[path] = figures
        return self._articles[path]

    def _media_view(self, media: str) -> tuple[list[tuple[str, str, str]], str | None, str]:
        if media in self._media:
            return self._media[media]
        name = self.archive.name_of(media)
        if name is None or not self.archive.has(name):
            answer: tuple[list[tuple[str, str, str]], str | None, str] = ([], None, "image not posted")
        else:
            facts = self.archive.read_media(media)
            signals = [(s.kind, s.source, s.value) for s in facts.signals]
            thumbnail = preview_of(self.archive.read(name, MAX_SOURCE_BYTES))
            answer = (signals, thumbnail, "" if thumbnail else "no preview (unreadable or too large)")
        self._media[media] = answer
        return answer


def preview_of(data: bytes) -> str | None:
    """As `report.thumbnail.thumbnail_data_uri`, for bytes in memory. Never raises."""
    if len(data) > MAX_SOURCE_BYTES:
        return None
    try:
        from PIL import Image

        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width < 1 or height < 1 or width * height > min(MAX_SOURCE_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_SOURCE_PIXELS):
                    return None
                image.draft("RGB", THUMBNAIL_BOX)
                image.thumbnail(THUMBNAIL_BOX)
                return _encoded(image)
    except Exception:  # a preview is optional: any failure becomes the placeholder
        return None
