"""Tar archives: an index of member offsets built from the headers, members read
in place by offset. A compressed tar is first decompressed, as one stream, into a
private temporary .tar (`decompressed_copy`): gzip cannot seek, and no member is
ever written out as a file of its own."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import shutil
import tarfile
import tempfile
from typing import BinaryIO, Iterator

from .archive import Archive, Member, MemberSlice, member_role
from .member_names import refused_member_name

_OPENERS = {b"\x1f\x8b": gzip.open, b"BZ": bz2.open, b"\xfd7zXZ": lzma.open}


def compression_of(path: str) -> str | None:
    with open(path, "rb") as handle:
        head = handle.read(6)
    for magic, opener in _OPENERS.items():
        if head.startswith(magic):
            return opener.__module__
    return None


def decompressed_copy(path: str, folder: str) -> str:
    """A plain .tar copy of a compressed tar in `folder`, streamed in chunks."""
    opener = next(o for magic, o in _OPENERS.items() if compression_of(path) == o.__module__)
    handle, copy = tempfile.mkstemp(prefix="auditor-", suffix=".tar", dir=folder)
    with os.fdopen(handle, "wb") as out, opener(path, "rb") as source:
        shutil.copyfileobj(source, out, 1 << 20)
    return copy


class TarArchive(Archive):
    kind = "tar"

    def __init__(self, path: str, open_path: str | None = None) -> None:
        super().__init__(path, open_path)
        self._index: dict[str, tuple[int, int, int]] = {}  # name -> (offset, size, mtime)
        self._order: list[Member] = []
        with tarfile.open(self.open_path, mode="r:") as tar:
            for info in tar:
                tar.members = []  # the index below is all we keep
                self._take(info)

    def _take(self, info: tarfile.TarInfo) -> None:
        if info.isdir():
            return
        problem = refused_member_name(info.name)
        if problem:
            self._order.append(Member(info.name, "broken", problem))
            return
        role = member_role(info.name)
        if role is None:
            return
        if not info.isfile():
            self._order.append(Member(info.name, "broken", "a link inside the archive; not followed"))
            return
        if info.name not in self._index:
            self._index[info.name] = (info.offset_data, info.size, int(info.mtime))
            self._order.append(Member(info.name, role))

    def members(self) -> Iterator[Member]:
        return iter(self._order)

    def has(self, name: str) -> bool:
        return name in self._index

    def open(self, name: str) -> BinaryIO:
        offset, size, _ = self._index[name]
        return MemberSlice(self.open_path, offset, size)

    def size(self, name: str) -> int:
        return self._index[name][1]

    def signature(self, name: str) -> str | None:
        entry = self._index.get(name)
        return f"tar:{entry[0]}:{entry[1]}:{entry[2]}" if entry else None
