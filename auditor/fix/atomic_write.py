"""Replace a file's content all at once: a temporary file next to it, flushed to
disk, then renamed over it, so a reader (or a crash) never sees half a file.

mtime policy: the fixed file gets the time of the fix, as any edit would; build
tools, rsync and CDN syncs rely on it to notice the change. Permission bits are
kept. A file that changed since it was read is not overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class ChangedUnderneath(Exception):
    """The file changed between reading it and writing the fix."""


def signature(path: Path) -> tuple[int, int, int]:
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns, status.st_ino


def replace_content(path: Path, content: bytes, read_as: tuple[int, int, int]) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".auditor-fix", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        shutil.copymode(path, temporary)
        if signature(path) != read_as:
            raise ChangedUnderneath(f"{path} changed while it was being fixed; run fix again")
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
