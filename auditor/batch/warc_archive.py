"""WARC and ARC web archives through `warcio`: HTML responses are articles, image
responses are media, and an article's images are the responses whose target URL its
`src` names (relative srcs resolved against the page's URL). Records are read in
place by offset. Members are named by URL with `://` written `:/`, the way paths fold
it, e.g. `crawl.warc.gz!/https:/example.com/news/story`."""

from __future__ import annotations

import contextlib
import io
from typing import BinaryIO, Iterator
from urllib.parse import urljoin, urldefrag

from ..archive_budget import archive_budget
from ..regular_files import open_regular, refusal
from .archive import Archive, Member
from .member_names import refused_member_name

MAX_RECORD_BYTES = 64 * 1024 * 1024
MAX_BAD_RECORDS = 100  # past this the file is not a WARC worth reading on
_RECORD_STARTS = (b"WARC/1.", b"\x1f\x8b\x08")  # a plain record, a gzip member
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
        budget = archive_budget()
        with open_regular(self.open_path) as handle:
            start, bad, seen = 0, 0, 0
            while start is not None and bad <= MAX_BAD_RECORDS:
                failed = self._index_from(handle, start, budget.members - seen)
                seen += failed[2]
                if failed[0] is None:
                    break
                bad += 1
                offset, message = failed[0], failed[1]
                self._order.append(Member(f"record@{offset}", "broken", f"WARC record at byte {offset} cannot be read: {message}"))
                start = _next_record_start(handle, offset + 1)
            if bad > MAX_BAD_RECORDS:
                self._order.append(Member("", "broken", f"more than {MAX_BAD_RECORDS} unreadable WARC records; the rest is not read"))
            if seen > budget.members:
                self._order.append(Member("", "broken", refusal(f"{budget.over('members')}; the records before are audited")))

    def _index_from(self, handle: BinaryIO, start: int, allowed: int) -> tuple[int | None, str, int]:
        """Indexes records from byte `start` on; returns where a record failed (or None
        at the end), why, and how many records were read."""
        from warcio.archiveiterator import ArchiveIterator

        handle.seek(start)
        seen = 0
        warnings = io.StringIO()
        records = ArchiveIterator(handle, arc2warc=True)
        records.offset = start  # offsets count from the file's start, not the resync point
        previous = None
        try:
            # warcio writes multi-line warnings to stderr (a wrong Content-Length);
            # they become this record's finding, and stderr keeps one line per error.
            with contextlib.redirect_stderr(warnings):
                for record in records:
                    self._warned(warnings, previous)
                    seen += 1
                    if seen > allowed:
                        return None, "", seen
                    previous = records.get_record_offset()
                    self._take(record, previous)
                self._warned(warnings, previous)
        except Exception as error:  # one bad record is its own finding; the rest is read
            self._warned(warnings, previous)
            return records.offset, _one_line(f"{type(error).__name__}: {error}"), seen
        return None, "", seen

    def _warned(self, warnings: io.StringIO, offset: int | None) -> None:
        """A warning warcio wrote while finishing the record at `offset`, as its finding."""
        if warnings.getvalue():
            text = _one_line(warnings.getvalue())
            warnings.seek(0)
            warnings.truncate()
            self._order.append(Member(f"record@{offset}", "broken", f"WARC record at byte {offset} is damaged: {text}"))

    def _take(self, record, offset: int) -> None:
        if record.rec_type not in ("response", "resource"):
            return
        url = record.rec_headers.get_header("WARC-Target-URI")
        kind = _content_type(record)
        role = "article" if kind.startswith(_HTML_TYPES) else "image" if kind.startswith("image/") else None
        if not url or role is None:
            return
        name = url_to_name(urldefrag(url)[0])
        problem = refused_member_name(name)
        if problem:  # "..", NUL: refused as zip and tar names are
            self._order.append(Member(name, "broken", problem))
            return
        if name in self._index:
            return
        digest = record.rec_headers.get_header("WARC-Payload-Digest") or record.rec_headers.get_header("WARC-Block-Digest")
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


def _next_record_start(handle: BinaryIO, after: int) -> int | None:
    """Where the next record (plain or gzipped) may begin after byte `after`."""
    handle.seek(after)
    position, tail = after, b""
    while chunk := handle.read(1 << 20):
        window = tail + chunk
        found = [i for i in (window.find(start) for start in _RECORD_STARTS) if i >= 0]
        if found:
            return position - len(tail) + min(found)
        tail = window[-8:]
        position += len(chunk)
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
