"""A seekable read-only stream over the first bytes of a remote file (and maybe its
last few), for the media readers: reads past what was fetched end early (as in a
truncated file) and the first such offset is remembered, so the caller knows the
readers wanted more, and where."""

from __future__ import annotations

import io


class PartialStream(io.RawIOBase):
    def __init__(self, head: bytes, size: int, tail: bytes = b"") -> None:
        self._head = memoryview(head)
        self._size = size
        self._tail = memoryview(tail)
        self._tail_start = size - len(tail)
        self._position = 0
        self.missed_at: int | None = None  # the first offset read that was not fetched

    @property
    def read_past_head(self) -> bool:
        return self.missed_at is not None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer) -> int:
        start = self._position
        wanted = min(len(buffer), max(0, self._size - start))
        if self._tail and start >= self._tail_start:
            part = self._tail[start - self._tail_start:start - self._tail_start + wanted]
        else:
            part = self._head[start:start + wanted] if start < len(self._head) else self._head[:0]
        if len(part) < wanted and self.missed_at is None:
            self.missed_at = start + len(part)
        buffer[:len(part)] = part
        self._position += len(part)
        return len(part)
