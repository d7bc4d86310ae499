"""Zip archives, read in place through the central directory."""

from __future__ import annotations

import zipfile
from typing import BinaryIO, Iterator

from .archive import Archive, Member, member_role
from .member_names import refused_member_name


class ZipArchive(Archive):
    kind = "zip"

    def __init__(self, path: str, open_path: str | None = None) -> None:
        super().__init__(path, open_path)
        self._zip = zipfile.ZipFile(self.open_path)

    def members(self) -> Iterator[Member]:
        for info in self._zip.infolist():
            if info.is_dir():
                continue
            problem = refused_member_name(info.orig_filename)
            if problem:
                yield Member(info.orig_filename, "broken", problem)
                continue
            role = member_role(info.filename)
            if role:
                yield Member(info.filename, role)

    def has(self, name: str) -> bool:
        return name in self._zip.NameToInfo and refused_member_name(name) is None

    def open(self, name: str) -> BinaryIO:
        return self._zip.open(name)

    def size(self, name: str) -> int:
        return self._zip.getinfo(name).file_size

    def signature(self, name: str) -> str | None:
        info = self._zip.NameToInfo.get(name)
        return f"zip:{info.CRC:08x}:{info.file_size}" if info else None

    def close(self) -> None:
        self._zip.close()
