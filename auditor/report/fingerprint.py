"""Line-independent identities for findings, so a baseline survives edits that only
move text around (semgrep's match-based id, not bandit's line equality).

A fingerprint is the SHA-256, in hex, of these parts joined by NUL bytes:

1. the scheme tag ``auditor-fingerprint/v1`` (bump it if any rule below changes);
2. the rule code, stripped and upper-cased;
3. the path of the file the finding is reported against, relative to the current
   directory when it lies inside it (the project root, when run from there), with
   forward slashes, ``.`` and ``..`` folded and no leading ``./``;
4. the anchor: what makes this finding distinct within its file (the figure's
   ``src``, the image's content hash, the matched text...), Unicode-NFC
   normalised, case-folded, with runs of whitespace collapsed to one space;
5. the occurrence index, only when it is above zero, for identical anchors in one
   file.

No line or column numbers, no absolute paths, no timestamps: the same finding on
another machine or after an unrelated edit has the same fingerprint.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import unicodedata
from functools import lru_cache

SCHEME = "auditor-fingerprint/v1"
_WHITESPACE = re.compile(r"\s+")


def fingerprint_of(rule: str, path: str, anchor: str, *, occurrence: int = 0) -> str:
    parts = [SCHEME, rule.strip().upper(), normalised_path(path), normalised_anchor(anchor)]
    if occurrence > 0:
        parts.append(str(occurrence))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def normalised_path(path: str) -> str:
    return _normalised_path(path, os.getcwd() if os.path.isabs(path) else "")


@lru_cache(maxsize=1024)
def _normalised_path(path: str, here: str) -> str:
    """Remembered: every finding of a document names the same path (batch hot path);
    the working directory is part of the key, so a chdir is honoured."""
    if here:
        try:
            if os.path.commonpath([os.path.abspath(path), here]) == here:
                path = os.path.relpath(path, here)
        except ValueError:  # another drive on Windows: keep it absolute
            pass
    # Backslashes are separators only where the OS says so; on POSIX they are
    # legal file-name characters and must stay.
    if os.sep == "\\":
        path = path.replace("\\", "/")
    path = posixpath.normpath(path) if path else path
    return path[2:] if path.startswith("./") else path


def normalised_anchor(anchor: str) -> str:
    text = unicodedata.normalize("NFC", anchor).casefold()
    return _WHITESPACE.sub(" ", text).strip()
