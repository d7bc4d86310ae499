"""What a remote image says about itself: its head fetched and read by the same
media readers as a local file, and the whole file fetched only when a reader asks
for bytes past the head (metadata at the end, a C2PA hash over the whole file)."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from ..model import MediaFacts
from .cache import Entry
from .client import FetchFailed, Fetcher
from .partial_stream import PartialStream

TAIL_BYTES = 1024


def read_remote(fetcher: Fetcher, url: str) -> MediaFacts | str:
    """The image's facts (reported under `url`), or why it could not be fetched."""
    try:
        entry = fetcher.head(url)
        facts, missed_at = _read(url, entry, fetcher.settings.max_bytes)
        if missed_at is not None and entry.total is not None and missed_at >= entry.total - TAIL_BYTES and not entry.tail:
            # Only the last bytes (a JPEG's end-of-image check): one more small range.
            entry = fetcher.tail(url, entry, TAIL_BYTES)
            facts, missed_at = _read(url, entry, fetcher.settings.max_bytes)
        if missed_at is not None:
            entry = fetcher.whole(url, entry)
            facts, _ = _read(url, entry, fetcher.settings.max_bytes)
        return facts
    except FetchFailed as failure:
        return failure.reason
    except Exception as problem:  # the stage boundary: one URL never stops a document
        return f"{type(problem).__name__}: {problem}"


def _read(url: str, entry: Entry, max_bytes: int) -> tuple[MediaFacts, int | None]:
    """The facts, and the first offset a reader wanted that was not fetched."""
    from ..media import read_media_stream

    size = entry.total if entry.total is not None else (len(entry.body) if entry.complete else max_bytes + 1)
    stream = PartialStream(entry.body, size, entry.tail)
    # The readers see the URL's file name (for the extension check), never a cache path.
    name = PurePosixPath(unquote(urlsplit(url).path)).name or "image"
    facts = read_media_stream(name, stream, size)
    return facts.model_copy(update={"path": url}), (None if entry.complete else stream.missed_at)
