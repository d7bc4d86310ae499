"""How reports show file paths: relative to a base folder when the file is inside
it, with forward slashes, so reports read the same on every machine."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..clean_paths import POSIX

# A scheme of two or more letters: "https:", "data:"; not a Windows drive "C:".
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def is_url(path: str) -> bool:
    """Figures may point at remote or inline images; those are shown as written."""
    return bool(_URL.match(path))


def relative_path(path: str, base: Path) -> str:
    """``path`` relative to ``base`` when it lies inside it, else ``path`` as given;
    always with forward slashes. Relative inputs are taken as relative to the
    current directory, which is how the command line received them."""
    if not path or is_url(path):
        return path
    absolute = os.path.abspath(path)
    root = os.path.abspath(base)
    if POSIX:  # abspath has normalised both: inside is a prefix test
        prefix = root if root.endswith("/") else root + "/"
        if absolute.startswith(prefix):
            return absolute[len(prefix):]
        return "." if absolute == root else to_posix(path)
    try:
        inside = os.path.commonpath([absolute, root]) == root
    except ValueError:  # different drives on Windows
        inside = False
    if inside:
        shown = os.path.relpath(absolute, root)
    else:
        shown = path
    return to_posix(shown)


def to_posix(path: str) -> str:
    if "\\" in path and os.sep == "\\":
        return PureWindowsPath(path).as_posix()
    if POSIX and "//" not in path and "/./" not in path and not path.startswith("./") and not path.endswith(("/", "/.")):
        return path  # already what PurePosixPath would print
    return str(PurePosixPath(path)) if path not in ("", ".") else path
