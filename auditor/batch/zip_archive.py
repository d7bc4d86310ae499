"""Zip archives, read in place through the central directory. Every member is
checked against the archive budget (its declared size, its ratio, the running
total) before a byte of it is inflated, and is opened as a stream that inflates
once, forward, into a spool: a TIFF reader seeking back and forth costs one pass,
not one re-inflation per seek."""

from __future__ import annotations

import io
import tempfile
import zipfile
from typing import BinaryIO, Iterator

from ..archive_budget import RATIO_FLOOR_BYTES, ArchiveBudget, archive_budget
from ..regular_files import open_regular, refusal
from .archive import Archive, Member, SizedView, member_role
from .member_names import normalised_member_name, refused_member_name
from .scratch import scratch_folder

# A member's inflated bytes stay in memory up to this, then roll over to a file in
# the run's private folder (never past the member budget: the size is checked first).
SPOOL_IN_MEMORY = 8 * 1024 * 1024
_HIDDEN = "an earlier entry of the same name; the last one is audited, as unpacking keeps it"


class ZipArchive(Archive):
    kind = "zip"

    def __init__(self, path: str, open_path: str | None = None) -> None:
        super().__init__(path, open_path)
        self._file = open_regular(self.open_path)
        try:
            self._zip = zipfile.ZipFile(self._file)
        except BaseException:
            self._file.close()
            raise
        self._budget = archive_budget()
        # name as audited ("./a.html" is "a.html") -> the entry read for it: the last
        # of a name, as zipfile and unzip both keep.
        self._entries: dict[str, zipfile.ZipInfo] = {}
        self._refused: dict[int, str] = {}  # id of an entry -> why it is not read
        self._check_budget()

    def _check_budget(self) -> None:
        budget, total = self._budget, 0
        for info in self._listed():
            name = normalised_member_name(info.filename)
            if info.is_dir() or refused_member_name(info.orig_filename):
                continue
            problem = _over_budget(info, budget)
            if member_role(name) is not None:  # only what an audit reads counts
                total += info.file_size
                if problem is None and total > budget.archive_bytes:
                    problem = f"{budget.over('archive_bytes')}; the members before are audited"
            if problem is not None:
                self._refused[id(info)] = problem
                continue
            earlier = self._entries.get(name)
            if earlier is not None:
                self._refused[id(earlier)] = _HIDDEN
            self._entries[name] = info

    def _listed(self) -> list[zipfile.ZipInfo]:
        return self._zip.infolist()[: self._budget.members]

    def members(self) -> Iterator[Member]:
        for info in self._listed():
            if info.is_dir():
                continue
            problem = refused_member_name(info.orig_filename)
            if problem:
                yield Member(info.orig_filename, "broken", problem)
                continue
            name = normalised_member_name(info.filename)
            role = member_role(name)
            if role is None:
                continue
            if id(info) in self._refused:
                yield Member(name, "broken", refusal(self._refused[id(info)]))
            else:
                yield Member(name, role)
        if len(self._zip.infolist()) > self._budget.members:
            yield Member("", "broken", refusal(f"{self._budget.over('members')}; the members before are audited"))

    def member_names(self):
        return self._entries.keys()

    def has(self, name: str) -> bool:
        return name in self._entries

    def open(self, name: str) -> BinaryIO:
        info = self._entries[name]
        return io.BufferedReader(_SpooledMember(self._zip.open(info), info.file_size), 64 * 1024)  # type: ignore[return-value]

    def size(self, name: str) -> int:
        return self._entries[name].file_size

    def signature(self, name: str) -> str | None:
        info = self._entries.get(name)
        return f"zip:{info.CRC:08x}:{info.file_size}" if info else None

    def close(self) -> None:
        self._zip.close()
        self._file.close()


def _over_budget(info: zipfile.ZipInfo, budget: ArchiveBudget) -> str | None:
    if info.file_size > budget.member_bytes:
        return budget.over("member_bytes")
    if info.file_size > RATIO_FLOOR_BYTES and info.file_size > budget.ratio * max(info.compress_size, 1):
        return budget.over("ratio")
    return None


class _SpooledMember(SizedView):
    """A seekable view of a forward-only inflating stream: what has been inflated is
    kept in a spool, so seeking back is free and seeking ahead inflates only the gap."""

    def __init__(self, source: BinaryIO, size: int) -> None:
        super().__init__(size)
        self._source = source
        self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY, dir=scratch_folder())
        self._have = 0

    def _read_at(self, position: int, count: int) -> bytes:
        self._inflate_to(position + count)
        self._spool.seek(position)
        return self._spool.read(min(count, self._have - position))

    def _inflate_to(self, end: int) -> None:
        if end <= self._have:
            return
        self._spool.seek(self._have)
        while self._have < end:
            chunk = self._source.read(min(1 << 20, max(end - self._have, 64 * 1024)))
            if not chunk:
                self._size = self._have  # shorter than declared: what is there is all
                break
            self._spool.write(chunk)
            self._have += len(chunk)

    def close(self) -> None:
        if not self.closed:
            self._source.close()
            self._spool.close()
        super().close()
