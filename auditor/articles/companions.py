"""Files that travel with an article in its folder: images named after it
(`story.txt` → `story.jpg`, `story-2.png`, `story_3.webp`) and a sidecar
`story.json` with its metadata.

Each folder is listed once per process and indexed by stem (cached against the
folder's mtime), so a folder of ten thousand articles costs one listing, not ten
thousand. Inside an archive the same holds for the archive's member folders, given
by the archive (`archive_neighbours`) while one of its members is parsed.
"""

from __future__ import annotations

import json
import os
import re
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Protocol

from auditor.articles.declared import declare
from auditor.articles.figure_draft import FigureDraft
from auditor.discover import IMAGE_SUFFIXES  # the images a run audits are the ones an article can use
from auditor.model import TextBlock
from auditor.regular_files import NotRegularFile, open_regular

TEXT_SUFFIXES = frozenset({".txt"})  # articles whose figures are their companion images
# Suffixes whose same-stem `.json` is a sidecar, not an article of its own.
SIDECAR_OWNER_SUFFIXES = frozenset({".txt", ".md", ".markdown"}) | IMAGE_SUFFIXES
MAX_SIDECAR_BYTES = 1024 * 1024
MAX_SIDECAR_IMAGES = 500

_NUMBERED = re.compile(r"^(?P<stem>.+?)[-_](?P<number>\d{1,4})$")


@dataclass
class FolderIndex:
    # stem → [(number, file name)]: number 0 for "story.jpg", N for "story-N.jpg".
    images_by_stem: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    sidecar_owner_stems: set[str] = field(default_factory=set)
    json_stems: set[str] = field(default_factory=set)


@dataclass
class Sidecar:
    values: dict[str, Any] | None
    error: str | None = None


class Neighbours(Protocol):
    """An archive's members seen as folders (see `auditor.batch.archive.Archive`)."""

    @property
    def prefix(self) -> str: ...  # "news.zip!/": how member paths begin

    def names_in(self, folder: str) -> list[str]: ...  # base names of the members in a member folder

    def read_member(self, name: str, limit: int) -> bytes | None: ...


_neighbours: ContextVar[Neighbours | None] = ContextVar("archive_neighbours", default=None)
_archive_indexes: OrderedDict[tuple[int, str, str], FolderIndex] = OrderedDict()


@contextmanager
def archive_neighbours(archive: Neighbours) -> Iterator[None]:
    """While parsing a member of `archive`: its companions and sidecar are members too."""
    token = _neighbours.set(archive)
    try:
        yield
    finally:
        _neighbours.reset(token)


def companion_images(article_path: Path) -> list[str]:
    """File names (relative to the article) of the images named after it, unnumbered
    first, then by number: they are the figures' `src`, resolved like any other."""
    index = _index_of(article_path.parent)
    found = sorted(index.images_by_stem.get(article_path.stem, ()))
    return [name for _, name in found]


def companion_dependencies(article_path: str) -> list[str]:
    """What an article's companions depend on beyond the images it read: its
    sidecar's path (present or not), and for a text article, whose images are
    whatever its folder holds under its name, the folder itself (its listing)."""
    stem, suffix = os.path.splitext(article_path)
    suffix = suffix.lower()
    if suffix not in SIDECAR_OWNER_SUFFIXES or suffix in IMAGE_SUFFIXES:
        return []
    paths = [stem + ".json"]
    if suffix in TEXT_SUFFIXES:
        paths.append(os.path.dirname(article_path) or ".")
    return paths


def is_sidecar_json(path: Path) -> bool:
    """A `.json` whose stem is shared by an article text or an image beside it."""
    return path.stem in _index_of(path.parent).sidecar_owner_stems


def read_sidecar(article_path: Path) -> Sidecar | None:
    """The `story.json` next to `story.txt`, or None when there is none."""
    # The stem and folder as Path gives them, from the path's text (no Path built).
    text = str(article_path)
    folder, name = os.path.split(text)
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name
    if stem not in _index_named(folder or ".").json_stems:
        return None
    sidecar_path = article_path.with_suffix(".json")
    try:
        archived = _read_member(str(sidecar_path))
        if archived is not None:
            raw = archived
        else:
            with open_regular(sidecar_path) as handle:
                raw = handle.read(MAX_SIDECAR_BYTES + 1)
    except NotRegularFile:
        raise  # the article is refused (INP006), not audited without its sidecar
    except OSError as error:
        return Sidecar(None, f"cannot read {sidecar_path.name}: {error.strerror or error}")
    if len(raw) > MAX_SIDECAR_BYTES:
        return Sidecar(None, f"{sidecar_path.name} is larger than {MAX_SIDECAR_BYTES // 1024} KB")
    try:
        values = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:
        return Sidecar(None, f"{sidecar_path.name} is not valid JSON: {_first_line(error)}")
    if not isinstance(values, dict):
        return Sidecar(None, f"{sidecar_path.name} is not a JSON object")
    return Sidecar(values)


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _index_of(folder: Path) -> FolderIndex:
    return _index_named(str(folder) or ".")


def _index_named(name: str) -> FolderIndex:
    archive = _neighbours.get()
    if archive is not None and (name + "/").startswith(archive.prefix):
        return _archive_index(archive, name[len(archive.prefix):])
    try:
        mtime = os.stat(name).st_mtime_ns
    except OSError:
        return FolderIndex()
    return _build_index(name, mtime)


# Articles arrive folder by folder, so a few indexes cover a run; each holds a whole
# listing, so more would make memory grow with the archive's largest folders.
@lru_cache(maxsize=4)
def _build_index(folder: str, mtime_ns: int) -> FolderIndex:
    try:
        names = [entry.name for entry in os.scandir(folder) if not entry.name.startswith(".")]
    except OSError:
        return FolderIndex()
    return index_of_names(names)


def _archive_index(archive: Neighbours, folder: str) -> FolderIndex:
    # Like _build_index: a few member folders per process, not one index per article.
    key = (id(archive), archive.prefix, folder)
    if key not in _archive_indexes:
        _archive_indexes[key] = index_of_names([n for n in archive.names_in(folder) if not n.startswith(".")])
        while len(_archive_indexes) > 4:
            _archive_indexes.popitem(last=False)
    return _archive_indexes[key]


def _read_member(path: str) -> bytes | None:
    archive = _neighbours.get()
    if archive is None or not path.startswith(archive.prefix):
        return None
    return archive.read_member(path[len(archive.prefix):], MAX_SIDECAR_BYTES + 1)


def index_of_names(names: list[str]) -> FolderIndex:
    """The stems of one folder's file names: images, sidecar owners, sidecars."""
    index = FolderIndex()
    images: list[tuple[str, str]] = []
    for name in names:
        stem, suffix = os.path.splitext(name)
        suffix = suffix.lower()
        if suffix in SIDECAR_OWNER_SUFFIXES:
            index.sidecar_owner_stems.add(stem)
        if suffix == ".json":
            index.json_stems.add(stem)
        if suffix in IMAGE_SUFFIXES:
            images.append((stem, name))
    article_stems = {os.path.splitext(n)[0] for n in names if os.path.splitext(n)[1].lower() in (".txt", ".md", ".markdown")}
    for stem, name in images:
        index.images_by_stem.setdefault(stem, []).append((0, name))
        numbered = _NUMBERED.match(stem)
        # "story-2.png" belongs to "story", unless "story-2" is an article itself.
        if numbered is not None and stem not in article_stems:
            index.images_by_stem.setdefault(numbered["stem"], []).append((int(numbered["number"]), name))
    return index


def sidecar_figures(values: dict[str, Any] | None) -> list[FigureDraft]:
    """Figure drafts for the sidecar's `images` list (strings or objects)."""
    if not values or not isinstance(values.get("images"), list):
        return []
    drafts = []
    for number, entry in enumerate(values["images"][:MAX_SIDECAR_IMAGES]):
        if isinstance(entry, str):
            drafts.append(FigureDraft(src=entry, order=number))
            continue
        if not isinstance(entry, dict):
            continue
        src = entry.get("src") or entry.get("url") or entry.get("path")
        draft = FigureDraft(src=src if isinstance(src, str) else None, order=number)
        for kind, key in (("caption", "caption"), ("credit", "credit"), ("alt", "alt"), ("title", "title")):
            value = entry.get(key)
            if isinstance(value, str) and value.strip():
                setattr(draft, kind, TextBlock(kind=kind, text=value.strip()))  # type: ignore[arg-type]
        where = f"sidecar:images[{number}]"
        declare(
            draft,
            source_type=entry.get("digital_source_type") or entry.get("digitalSourceType"),
            source_type_by=f"{where}.digital_source_type",
            ai_flag=entry.get("ai_generated"),
            ai_flag_by=f"{where}.ai_generated",
        )
        drafts.append(draft)
    return drafts
