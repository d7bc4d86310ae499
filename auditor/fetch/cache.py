"""The on-disk cache of fetched image bytes, keyed by URL and shared by runs and
worker processes: one file per URL (a JSON header, then the bytes), written to a
temporary name and renamed into place, so a reader sees a whole entry or none."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

FORMAT = "v1"
_LENGTH = struct.Struct(">I")
MAX_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Entry:
    """What the cache knows of one URL: the first bytes of the file (all of it when
    `complete`), the file's full size when the server said, and its validators."""

    url: str
    body: bytes
    complete: bool
    total: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    checked_at: float = 0.0  # when the server last confirmed these bytes
    tail: bytes = b""  # the last bytes of the file, when a reader looked there (a JPEG's EOI)

    @property
    def validator(self) -> str:
        """The ledger's signature of the image: the server's validator, or a digest
        of the bytes when the server gives none."""
        if self.etag:
            return f"url:etag:{self.etag}"
        if self.last_modified:
            return f"url:modified:{self.last_modified}:{self.total}"
        return "url:sha256:" + hashlib.sha256(self.body).hexdigest()[:32]

    def confirmed(self) -> "Entry":
        return replace(self, checked_at=time.time())


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / FORMAT

    def _file(self, url: str) -> Path:
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / key[:2] / key

    def load(self, url: str) -> Entry | None:
        try:
            with open(self._file(url), "rb") as fh:
                (length,) = _LENGTH.unpack(fh.read(_LENGTH.size))
                if length > MAX_HEADER_BYTES:
                    return None
                header = json.loads(fh.read(length))
                body = fh.read()
        except (OSError, ValueError, struct.error):
            return None  # absent, or torn by something other than us: fetched again
        if not isinstance(header, dict) or header.get("url") != url:
            return None  # a hash collision or a foreign file
        try:
            header["tail"] = base64.b64decode(header.get("tail", ""))
            return Entry(body=body, **header)
        except (TypeError, ValueError):
            return None

    def store(self, entry: Entry) -> None:
        """Writes `entry`; a cache that cannot be written only costs a re-fetch."""
        target = self._file(entry.url)
        header = asdict(entry)
        del header["body"]
        header["tail"] = base64.b64encode(entry.tail).decode()
        encoded = json.dumps(header).encode()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                with os.fdopen(descriptor, "wb") as fh:
                    fh.write(_LENGTH.pack(len(encoded)) + encoded + entry.body)
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass
