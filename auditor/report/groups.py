"""Where a finding belongs in a summary: its top-level folder or archive, its section,
and the year and month of publication.

Folders and sections are read from the document's shown path. The month is the
article's own published date when it states one (front matter, meta tags, JSON-LD,
an exchange item's date: `report.publication`); else the date in the path, where news
archives and static-site generators put it (``2019/05/story.html``,
``_posts/2019-05-01-story.md``, ``news.zip!/2024/…``); else ``unknown``.
"""

from __future__ import annotations

import re

GROUPINGS = ("rule", "severity", "folder", "section", "year", "month")
UNKNOWN = "unknown"  # no published date, no date in the path
TOP_LEVEL = "."  # a document given by itself, not inside a folder

# A year folder (1900-2099) optionally followed by a month folder, or a file or
# folder name that starts with an ISO date (Jekyll posts, Hugo bundles).
_YEAR_FOLDER = re.compile(r"(?:^|/)((?:19|20)\d\d)/(?:(0[1-9]|1[0-2])/)?")
_DATED_NAME = re.compile(r"(?:^|/)((?:19|20)\d\d)-(0[1-9]|1[0-2])-\d\d[^/]*$|(?:^|/)((?:19|20)\d\d)-(0[1-9]|1[0-2])-\d\d[-_]")
# Date folders, and a page bundle named by its date ("2022-11-30_launch/index.md").
_DATE_SEGMENT = re.compile(r"^(?:(?:19|20)\d\d|0[1-9]|1[0-2]|[0-3]\d)$|^(?:19|20)\d\d-[01]\d-[0-3]\d")
_ARCHIVE_MEMBER = "!/"


def folder_of(shown: str) -> str:
    """The first folder of the path, or the archive a member is read from. A path
    outside the working folder is shown absolute: its own folder stands in."""
    if _ARCHIVE_MEMBER in shown:
        return shown.split(_ARCHIVE_MEMBER, 1)[0]
    if shown.startswith("/"):
        return shown.rsplit("/", 1)[0] or "/"
    head, slash, _ = shown.partition("/")
    return head if slash and head not in ("", ".", "..") else TOP_LEVEL


def section_of(shown: str) -> str:
    """The folder the document sits in, with its date folders (and date-named
    page bundles) left out, so
    ``news/politics/2019/05/a.html`` and ``news/politics/2020/01/b.html`` are one
    section, ``news/politics``."""
    folder = shown.rsplit("/", 1)[0] if "/" in shown else ""
    parts = [p for p in folder.replace(_ARCHIVE_MEMBER, "/").split("/") if p and not _DATE_SEGMENT.match(p)]
    return "/".join(parts) or TOP_LEVEL


def month_of(shown: str) -> str:
    """From the path alone: ``2019-05``, ``2019`` when only the year is in the path,
    or ``unknown``."""
    dated = _DATED_NAME.search(shown)
    if dated:
        year, month = (dated.group(1), dated.group(2)) if dated.group(1) else (dated.group(3), dated.group(4))
        return f"{year}-{month}"
    folder = _YEAR_FOLDER.search(shown.replace(_ARCHIVE_MEMBER, "/"))
    if folder:
        return f"{folder.group(1)}-{folder.group(2)}" if folder.group(2) else folder.group(1)
    return UNKNOWN


def month_key(published: str | None, shown: str) -> str:
    """The month a document counts under: its published month, else its path's."""
    return published or month_of(shown)


def year_of(shown: str, published: str | None = None) -> str:
    month = month_key(published, shown)
    return month if month == UNKNOWN else month[:4]


def groups_of(shown: str, published: str | None = None) -> tuple[str, str, str, str]:
    """(folder, section, year, month) of a document, worked out once for all its findings."""
    month = month_key(published, shown)
    return folder_of(shown), section_of(shown), month if month == UNKNOWN else month[:4], month
