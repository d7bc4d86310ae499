"""What every archive reader offers the batch: its members in order, their bytes,
a cheap signature for the ledger, and how an article's `src` finds a member.

Members are read in place (zip, tar, WARC records by offset); nothing is extracted,
except a member image (within the C2PA size limit) copied to the run's private
folder when C2PA validation needs a real file."""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterable, Iterator

from ..articles import ARTICLE_SUFFIXES
from ..articles.exchange_formats import EXCHANGE_XML_SUFFIXES
from ..articles.source_text import MAX_ARTICLE_BYTES
from ..discover import IMAGE_SUFFIXES, Role
from ..media import read_media, read_media_stream
from ..media.c2pa_manifest import MAX_C2PA_BYTES
from ..model import Article, MediaFacts
from .member_names import MEMBER_SEPARATOR, join_member, member_path
from .scratch import scratch_folder

@dataclass(frozen=True)
class Member:
    name: str
    role: Role
    problem: str | None = None


class Archive:
    """Base of the zip, tar and WARC readers. `path` is the archive as the user named
    it; `members()` yields what to audit, refused names as role 'broken'."""

    kind = ""

    def __init__(self, path: str, open_path: str | None = None) -> None:
        self.path = path
        self.open_path = open_path or path
        self._folders: dict[str, list[str]] | None = None  # member folder -> base names, once asked
        self._sidecar_owners: tuple[str, set[str]] | None = None  # the last folder asked about

    # --- what each reader implements -------------------------------------------------
    def members(self) -> Iterator[Member]:
        raise NotImplementedError

    def has(self, name: str) -> bool:
        raise NotImplementedError

    def open(self, name: str) -> BinaryIO:
        """A seekable stream of the member's bytes."""
        raise NotImplementedError

    def size(self, name: str) -> int:
        raise NotImplementedError

    def signature(self, name: str) -> str | None:
        """Changes whenever the member's content does (a CRC, a digest)."""
        raise NotImplementedError

    def find(self, src: str, folder: str) -> str | None:
        """The member an article in `folder` means by `src`, or None."""
        if "://" in src or src.startswith(("//", "data:")):
            return None
        name = join_member(folder, src.split("#", 1)[0].split("?", 1)[0])
        return name if name is not None and self.has(name) else None

    def parse_name(self, name: str) -> str:
        """The name whose suffix tells the article parser the format."""
        return name

    def close(self) -> None:
        pass

    def member_names(self) -> Iterable[str]:
        """Every member a figure or a companion may name (WARC: none by folder)."""
        return ()

    # --- shared --------------------------------------------------------------------
    @property
    def prefix(self) -> str:
        """How a member's path begins once parsed (as a Path: "./a.zip" is "a.zip")."""
        return str(Path(self.path)) + MEMBER_SEPARATOR

    def names_in(self, folder: str) -> list[str]:
        """Base names of the members in a member folder ("" for the top): what an
        article's companions and sidecar are looked up in, as a folder listing."""
        if self._folders is None:
            folders: dict[str, list[str]] = {}
            for name in self.member_names():
                parent, _, base = name.rpartition("/")
                folders.setdefault(parent, []).append(base)
            self._folders = folders
        return self._folders.get(folder, [])

    def read_member(self, name: str, limit: int) -> bytes | None:
        return self.read(name, limit) if self.has(name) else None

    def is_sidecar(self, name: str) -> bool:
        """A `story.json` beside `story.txt`/`story.md`/an image: metadata, not an article."""
        if not name.lower().endswith(".json"):
            return False
        from ..articles.companions import index_of_names

        folder, _, base = name.rpartition("/")
        if self._sidecar_owners is None or self._sidecar_owners[0] != folder:
            self._sidecar_owners = (folder, index_of_names(self.names_in(folder)).sidecar_owner_stems)
        return base[: -len(".json")] in self._sidecar_owners[1]

    def virtual(self, name: str) -> str:
        return member_path(self.path, name)

    def name_of(self, virtual: str) -> str | None:
        prefix = self.path + MEMBER_SEPARATOR
        return virtual[len(prefix):] if virtual.startswith(prefix) else None

    def read(self, name: str, limit: int = MAX_ARTICLE_BYTES) -> bytes:
        with self.open(name) as stream:
            return stream.read(limit + 1)

    def locate(self, article: Article) -> Article:
        """The article with every figure resolved among the archive's members only:
        an archived page never reaches a file outside its archive."""
        member = self.name_of(article.path)
        folder = str(PurePosixPath(member).parent) if member else ""
        folder = "" if folder == "." else folder
        figures = []
        for figure in article.figures:
            name = self.find(figure.src.strip(), folder) if figure.src else None
            if name is not None:
                figure = figure.model_copy(update={"status": "local", "path": self.virtual(name)})
            elif figure.status == "local":
                figure = figure.model_copy(update={"status": "missing", "path": None})
            figures.append(figure)
        return article.model_copy(update={"figures": tuple(figures)})

    def read_media(self, virtual: str) -> MediaFacts:
        name = self.name_of(virtual)
        if name is None or not self.has(name):
            return read_media_stream(virtual, None, 0)
        with self.open(name) as stream:
            facts = read_media_stream(virtual, stream, self.size(name))
        # Past the C2PA size limit the reader has said so already; a copy would only
        # fill the disk to be told the same.
        if facts.c2pa.get("present") is None and "error" in facts.c2pa and self.size(name) <= MAX_C2PA_BYTES:
            facts = self._read_c2pa_from_copy(name, virtual, facts)
        return facts

    def _read_c2pa_from_copy(self, name: str, virtual: str, facts: MediaFacts) -> MediaFacts:
        # The C2PA SDK validates files, not streams: a copy in the run's private
        # folder, removed at once (and with the folder, however the run ends).
        suffix = PurePosixPath(name).suffix
        handle, temporary = tempfile.mkstemp(prefix="member-", suffix=suffix, dir=scratch_folder())
        try:
            with os.fdopen(handle, "wb") as copy, self.open(name) as stream:
                while (chunk := stream.read(1 << 20)) and copy.tell() <= MAX_C2PA_BYTES:
                    copy.write(chunk)
            return read_media(temporary).model_copy(update={"path": virtual})
        finally:
            os.unlink(temporary)


def member_role(name: str) -> Role | None:
    """Articles and images by suffix, like files in a folder; other members are
    skipped. XML members are articles here: the batch opens them to see whether
    they are feeds or exports (`batch.sources`), and skips those that are not."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in ARTICLE_SUFFIXES or suffix in EXCHANGE_XML_SUFFIXES:
        return "article"
    return None


class SizedView(io.RawIOBase):
    """A seekable, read-only view of `size` bytes; a subclass says where the bytes
    between the position and the end come from (`_read_at`)."""

    def __init__(self, size: int) -> None:
        self._size, self._at = size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, position: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._at, 2: self._size}[whence]
        self._at = max(0, base + position)
        return self._at

    def tell(self) -> int:
        return self._at

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self._size - self._at)
        if want <= 0:
            return 0
        data = self._read_at(self._at, want)
        buffer[: len(data)] = data
        self._at += len(data)
        return len(data)

    def _read_at(self, position: int, count: int) -> bytes:
        raise NotImplementedError


class MemberSlice(SizedView):
    """A seekable window of `size` bytes at `offset` in an open file (a tar member)."""

    def __init__(self, path: str, offset: int, size: int) -> None:
        super().__init__(size)
        self._file = open(path, "rb")
        self._offset = offset

    def _read_at(self, position: int, count: int) -> bytes:
        self._file.seek(self._offset + position)
        return self._file.read(count)

    def close(self) -> None:
        self._file.close()
        super().close()


@dataclass(frozen=True)
class MemberView:
    """One member as `audit_document` sees it: its name in findings, how its
    figures resolve, and how its images are read."""

    archive: Archive
    name: str

    @property
    def path(self) -> str:
        return self.archive.virtual(self.name)

    def locate(self, article: Article) -> Article:
        return self.archive.locate(article.model_copy(update={"path": self.path}))

    def read_media(self, path: str) -> MediaFacts:
        return self.archive.read_media(path)
