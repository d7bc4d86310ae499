"""Which archive member names may be read: a name that climbs out of the archive
(`..`) or is absolute is refused and reported, never followed."""

from __future__ import annotations

import posixpath

MEMBER_SEPARATOR = "!/"  # "news.zip!/2024/story.html": the member of an archive


def refused_member_name(name: str) -> str | None:
    """Why `name` must not be read, or None when it is an ordinary relative name."""
    plain = name.replace("\\", "/")
    if "\x00" in plain:
        return "member name contains a NUL byte"
    if plain.startswith("/") or (len(plain) > 1 and plain[1] == ":" and plain[0].isalpha()):
        return f"member name is an absolute path ('{name}'); refused, not read"
    if ".." in plain.split("/"):
        return f"member name climbs out of the archive ('{name}'); refused, not read"
    return None


def normalised_member_name(name: str) -> str:
    """The name as a folder would have it: `tar -C site .` writes "./story.html"."""
    while name.startswith("./"):
        name = name[2:].lstrip("/")
    return name


def member_path(archive: str, name: str) -> str:
    """How findings name a member: the archive path, `!/`, the member name."""
    return f"{archive}{MEMBER_SEPARATOR}{name}"


def join_member(folder: str, src: str) -> str | None:
    """The member a relative or site-absolute `src` names from a member folder, or
    None when it would leave the archive."""
    joined = posixpath.normpath(src.lstrip("/") if src.startswith("/") else posixpath.join(folder, src))
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        return None
    return joined
