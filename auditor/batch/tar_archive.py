"""Tar archives: an index of member offsets built from the headers, members read
in place by offset. A compressed tar is first streamed, once, through a budget
(`decompressed_copy`): only the members an audit reads (articles and images within
the member budget) are written to a plain .tar in the run's private folder, and
the stream stops at the archive's budgets (bytes out, ratio, members). gzip cannot
seek, and no member is ever written out as a file of its own."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import tarfile
import tempfile
from typing import BinaryIO, Iterator

from ..archive_budget import RATIO_FLOOR_BYTES, ArchiveBudget, archive_budget
from ..regular_files import open_regular, refusal
from .archive import Archive, Member, MemberSlice, member_role
from .member_names import normalised_member_name, refused_member_name

_OPENERS = {b"\x1f\x8b": gzip.open, b"BZ": bz2.open, b"\xfd7zXZ": lzma.open}


def compression_of(path: str) -> str | None:
    with open_regular(path) as handle:
        head = handle.read(6)
    for magic, opener in _OPENERS.items():
        if head.startswith(magic):
            return opener.__module__
    return None


class BudgetExceeded(Exception):
    """The stream went past one budget; `key` names it (archive_bytes, ratio, members)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _Counted:
    """A read-only stream that counts what passes through it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.count += len(data)
        return data


class _Budgeted(_Counted):
    """The decompressed stream, stopped by the archive's byte and ratio budgets."""

    def __init__(self, stream: BinaryIO, compressed: _Counted, budget: ArchiveBudget) -> None:
        super().__init__(stream)
        self._compressed, self._budget = compressed, budget

    def read(self, size: int = -1) -> bytes:
        # Never more than a megabyte at once: a bomb is stopped within a chunk of its budget.
        data = super().read(1 << 20 if size < 0 else min(size, 1 << 20))
        if self.count > self._budget.archive_bytes:
            raise BudgetExceeded("archive_bytes")
        if self.count > RATIO_FLOOR_BYTES and self.count > self._budget.ratio * max(self._compressed.count, 1):
            raise BudgetExceeded("ratio")
        return data


def decompressed_copy(path: str, folder: str) -> tuple[str, list[Member]]:
    """A plain .tar in `folder` holding the members of a compressed tar that an audit
    reads, streamed once under the archive budget; and the entries refused on the
    way (a refusal of the archive itself has the name "")."""
    budget = archive_budget()
    opener = next(o for magic, o in _OPENERS.items() if compression_of(path) == o.__module__)
    handle, copy = tempfile.mkstemp(prefix="tar-", suffix=".tar", dir=folder)
    os.close(handle)
    refused: list[Member] = []
    seen = 0
    with open_regular(path) as raw, tarfile.open(copy, "w", format=tarfile.PAX_FORMAT) as out:
        compressed = _Counted(raw)
        with opener(compressed, "rb") as inflated:
            try:
                with tarfile.open(fileobj=_Budgeted(inflated, compressed, budget), mode="r|") as source:
                    for info in source:
                        source.members = []  # nothing of the stream is kept
                        seen += 1
                        if seen > budget.members:
                            raise BudgetExceeded("members")
                        member = _member_of(info, budget)
                        if member is None:
                            continue
                        if member.role == "broken":
                            refused.append(member)
                            continue
                        info.name = member.name  # "./story.html" is "story.html", as in a folder
                        out.addfile(info, source.extractfile(info))
            except BudgetExceeded as stop:
                refused.append(Member("", "broken", refusal(f"{budget.over(stop.key)}; the members before are audited")))
    return copy, refused


def _member_of(info: tarfile.TarInfo, budget: ArchiveBudget) -> Member | None:
    """What the batch makes of one tar entry: an article or image to copy, a refused
    entry (role 'broken'), or None for what no audit reads (folders, other files)."""
    if info.isdir():
        return None
    problem = refused_member_name(info.name)
    if problem:
        return Member(info.name, "broken", problem)
    name = normalised_member_name(info.name)
    role = member_role(name)
    if role is None:
        return None
    if not info.isfile():
        return Member(name, "broken", "a link inside the archive; not followed")
    if info.size > budget.member_bytes:
        return Member(name, "broken", refusal(budget.over("member_bytes")))
    return Member(name, role)


_HIDDEN = "a second entry of the same name comes later in the archive; that one is audited, this one is not"


class TarArchive(Archive):
    kind = "tar"

    def __init__(self, path: str, open_path: str | None = None) -> None:
        super().__init__(path, open_path)
        self._index: dict[str, tuple[int, int, int]] = {}  # name -> (offset, size, mtime)
        self._order: list[Member] = []
        budget = archive_budget()
        with open_regular(self.open_path) as handle, tarfile.open(fileobj=handle, mode="r:") as tar:
            for count, info in enumerate(tar, 1):
                tar.members = []  # the index below is all we keep
                if count > budget.members:
                    self._order.append(Member("", "broken", refusal(f"{budget.over('members')}; the members before are audited")))
                    break
                self._take(_member_of(info, budget), info)

    def _take(self, member: Member | None, info: tarfile.TarInfo) -> None:
        if member is None:
            return
        if member.role == "broken":
            self._order.append(member)
            return
        if member.name in self._index:
            # Unpacking keeps the last entry of a name: that one is audited, and the
            # one it hides is reported rather than silently skipped.
            self._order.append(Member(member.name, "broken", refusal(_HIDDEN)))
        else:
            self._order.append(member)
        self._index[member.name] = (info.offset_data, info.size, int(info.mtime))

    def members(self) -> Iterator[Member]:
        return iter(self._order)

    def member_names(self):
        return self._index.keys()

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
