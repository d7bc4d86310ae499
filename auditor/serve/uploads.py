"""A posted story as auditor reads it: the article and its images held in memory as
the members of an archive that exists nowhere else. Figures resolve among the posted
images only, exactly as an archived page resolves among its archive's members, so no
name from a request is ever looked up on the server's disks."""

from __future__ import annotations

import io
import posixpath
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator

from ..batch.archive import Archive, Member, member_role
from ..batch.member_names import normalised_member_name, refused_member_name

# How findings name what was posted: "upload!/story.html", "upload!/lead.jpg".
UPLOAD_NAME = "upload"


class UploadRefused(ValueError):
    """A part the server will not audit (a bad name, a duplicate); answered as 400."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def member_name(name: str) -> str:
    """The posted file name as a member name: relative, forward slashes, no climbing.
    Browsers send a bare file name; a CMS may send "images/lead.jpg", which the
    article's `src` may name, so folders are kept."""
    plain = normalised_member_name(name.replace("\\", "/").strip())
    problem = refused_member_name(plain) if plain else "a part has no file name"
    if problem is None and any(ord(c) < 32 for c in plain):
        problem = "a file name contains a control character"
    if problem is not None:
        raise UploadRefused(problem)
    return posixpath.normpath(plain)


class UploadArchive(Archive):
    """The posted files as members, in memory; `kind` 'upload' for the batch's sake."""

    kind = "upload"

    def __init__(self, uploads: Iterable[Upload]) -> None:
        super().__init__(UPLOAD_NAME)
        self._data: dict[str, bytes] = {}
        for upload in uploads:
            name = member_name(upload.name)
            if name in self._data:
                raise UploadRefused(f"two parts are named '{name}'")
            self._data[name] = upload.data

    def members(self) -> Iterator[Member]:
        for name in self._data:
            role = member_role(name)
            if role is not None:
                yield Member(name, role)

    def has(self, name: str) -> bool:
        return name in self._data

    def open(self, name: str) -> BinaryIO:
        return io.BytesIO(self._data[name])

    def size(self, name: str) -> int:
        return len(self._data[name])

    def signature(self, name: str) -> str | None:
        return None

    def member_names(self) -> Iterable[str]:
        return self._data.keys()
