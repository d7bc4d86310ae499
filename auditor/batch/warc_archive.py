"""WARC and ARC web archives through `warcio`: HTML responses are articles, image
responses are media, and an article's images are the responses whose target URL its
`src` names (relative srcs resolved against the page's URL). Records are read in
place by offset. Members are named by URL with `://` written `:/`, the way paths fold
it, e.g. `crawl.warc.gz!/https:/example.com/news/story`."""

from __future__ import annotations

import io
from typing import BinaryIO, Iterator
from urllib.parse import urljoin, urldefrag

from .archive import Archive, Member

MAX_RECORD_BYTES = 64 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def url_to_name(url: str) -> str:
    return url.replace("://", ":/", 1)


def name_to_url(name: str) -> str:
    return name.replace(":/", "://", 1)


class WarcArchive(Archive):
    kind = "warc"

    def __init__(self, path: str, open_path: str | None = None) -> None:
        super().__init__(path, open_path)
        # name -> (offset, signature); first capture of a URL wins.
        self._index: dict[str, tuple[int, str]] = {}
        self._order: list[Member] = []
        self._sizes: dict[str, int] = {}
        from warcio.archiveiterator import ArchiveIterator

        with open(self.open_path, "rb") as handle:
            records = ArchiveIterator(handle, arc2warc=True)
            for record in records:
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                kind = _content_type(record)
                role = "article" if kind.startswith(_HTML_TYPES) else "image" if kind.startswith("image/") else None
                if not url or role is None:
                    continue
                name = url_to_name(urldefrag(url)[0])
                digest = record.rec_headers.get_header("WARC-Payload-Digest") or record.rec_headers.get_header("WARC-Block-Digest")
                offset = records.get_record_offset()
                if name in self._index:
                    continue
                self._index[name] = (offset, f"warc:{digest or offset}")
                self._order.append(Member(name, role))

    def members(self) -> Iterator[Member]:
        return iter(self._order)

    def has(self, name: str) -> bool:
        return name in self._index

    def open(self, name: str) -> BinaryIO:
        return io.BytesIO(self._payload(name))

    def size(self, name: str) -> int:
        if name not in self._sizes:
            self._sizes[name] = len(self._payload(name))
        return self._sizes[name]

    def signature(self, name: str) -> str | None:
        entry = self._index.get(name)
        return entry[1] if entry else None

    def find(self, src: str, folder: str) -> str | None:
        if src.startswith("data:"):
            return None
        page_folder = name_to_url(folder) + "/"
        name = url_to_name(urldefrag(urljoin(page_folder, src))[0])
        return name if name in self._index else None

    def parse_name(self, name: str) -> str:
        # A URL need not end in .html; the parser picks its format by suffix.
        return name if name.lower().endswith(_HTML_SUFFIXES) else name + "#.html"

    def _payload(self, name: str) -> bytes:
        from warcio.archiveiterator import ArchiveIterator

        offset, _ = self._index[name]
        with open(self.open_path, "rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle, arc2warc=True)))
            return record.content_stream().read(MAX_RECORD_BYTES)


def _content_type(record) -> str:
    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers is not None else record.rec_headers.get_header("Content-Type")
    return (value or "").split(";", 1)[0].strip().lower()
