"""Several reports from one run: the terminal format plus any number of files
(``--sarif-output``, ``--junit-output``...), each written whole or not at all,
with the permissions the user's umask gives any new file (colleagues and web
servers read CI reports)."""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, TextIO

from ..model import Report
from . import write_report

if TYPE_CHECKING:
    from .publication import PublicationLog


class OutputError(OSError):
    """A report file that could not be written, in one line."""


def write_report_files(
    report: Report, targets: dict[str, Path], *, base_path: Path | None = None, show_suppressed: bool = False,
    publication: PublicationLog | None = None,
) -> None:
    """Writes ``report`` once per (format, file), each atomically (see ``atomic_text_file``)."""
    for fmt, target in targets.items():
        try:
            with atomic_text_file(target) as stream:
                write_report(report, fmt, stream, color=False, base_path=base_path, show_suppressed=show_suppressed,
                             publication=publication)
        except OSError as error:
            raise OutputError(f"cannot write {fmt} report {target}: {error.strerror or error}") from None


@contextmanager
def atomic_text_file(target: Path) -> Iterator[TextIO]:
    """A UTF-8 text stream that becomes ``target`` only when the block ends without
    an error: written beside it and renamed into place, so a CI step never uploads
    a half-written SARIF file. The temporary file is created with mode 0666, which
    the kernel narrows by the umask, as for any file a program creates (mkstemp's
    0600 would make reports private). A target that exists and is not a regular
    file (``/dev/stdout``, a pipe) is written in place: renaming over it would
    replace the device."""
    if _exists_not_regular(target):
        with target.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _exists_not_regular(target: Path) -> bool:
    try:
        return not stat.S_ISREG(target.stat().st_mode)
    except OSError:  # absent (or unreadable: the write will say so)
        return False
