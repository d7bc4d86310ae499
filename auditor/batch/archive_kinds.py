"""Which reader opens which archive file, decided by its first bytes and name."""

from __future__ import annotations

import zipfile

from .archive import Archive
from .tar_archive import TarArchive, compression_of
from .warc_archive import WarcArchive
from .zip_archive import ZipArchive

READERS: dict[str, type[Archive]] = {"zip": ZipArchive, "tar": TarArchive, "warc": WarcArchive}

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz",
                    ".warc", ".warc.gz", ".arc", ".arc.gz")


def archive_kind(path: str) -> str | None:
    """zip, tar, warc, or None for a file that is not an archive we read."""
    lower = path.lower()
    if not lower.endswith(ARCHIVE_SUFFIXES):
        return None
    if lower.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc"
    if lower.endswith(".zip"):
        return "zip" if zipfile.is_zipfile(path) else None
    return "tar"


def needs_decompressing(kind: str, path: str) -> bool:
    return kind == "tar" and compression_of(path) is not None
