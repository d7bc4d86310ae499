"""Several reports from one run: the terminal format plus any number of files
(``--sarif-output``, ``--junit-output``...), each written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..model import Report
from . import write_report


class OutputError(OSError):
    """A report file that could not be written, in one line."""


def write_report_files(report: Report, targets: dict[str, Path], *, base_path: Path | None = None) -> None:
    """Writes ``report`` once per (format, file). A file is written beside its target
    and renamed into place, so a CI step never uploads a half-written SARIF file."""
    for fmt, target in targets.items():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                    write_report(report, fmt, stream, color=False, base_path=base_path)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise OutputError(f"cannot write {fmt} report {target}: {error.strerror or error}") from None
