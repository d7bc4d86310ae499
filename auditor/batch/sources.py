"""What a batch audits, as a stream of tasks: the paths a user gives (files,
folders, globs, zip/tar/WARC archives) turned into articles first, then the images
no article used. Images met on the first pass are spilled to a temporary file, not
held in memory, and read back for the second."""

from __future__ import annotations

import glob
import itertools
import json
import os
import shutil
import stat
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Container, Iterator

from ..articles.exchange_formats import EXCHANGE_XML_SUFFIXES, NOT_EXCHANGE_XML, sniff_exchange
from ..articles.not_articles import skip_reason
from ..discover import MAYBE_ARCHIVE_SUFFIXES, discover_names, suffix_of
from ..regular_files import NotRegularFile, refusal, why_refused
from .scratch import scratch_folder
from .tasks import Task, file_signature, open_archive

if TYPE_CHECKING:
    from .archive import Member

_GLOB_CHARACTERS = frozenset("*?[")
# What a path ends with when it may be a feed or export (`_exchange_format` decides):
# a cheap first look for the usual article, which ends otherwise.
_MAYBE_EXCHANGE = EXCHANGE_XML_SUFFIXES | {".json"}
MAX_LISTED_SKIPS = 1000  # skipped files listed by path; all of them are counted


class Sources:
    def __init__(self, paths: list[Path], exclude: list[str], *, signatures: bool,
                 on_folder: Callable[[str], None] | None = None,
                 on_skipped: Callable[[str, str], None] | None = None) -> None:
        self.paths = [Path(p) for p in paths]
        self.exclude = exclude
        self.signatures = signatures  # only a ledger needs them; they cost a stat each
        self.on_folder = on_folder  # told of every folder the walk lists
        self.on_skipped = on_skipped  # told of every file passed over as not an article
        self._globbed = False
        self._workdir = tempfile.mkdtemp(prefix="batch-", dir=scratch_folder())
        self._spill = open(os.path.join(self._workdir, "images.jsonl"), "w+", encoding="utf-8")
        self._archives: list[tuple[str, str, str]] = []  # (kind, path, open path)
        self.skipped: Counter[str] = Counter()  # files that are not articles, by reason
        self.skipped_files: list[tuple[str, str]] = []  # (path, reason), the first MAX_LISTED_SKIPS

    def articles(self) -> Iterator[Task]:
        """Articles and unreadable entries, in a stable order; images are set aside."""
        plain: list[Path] = []
        for path in self._expanded():
            kind = _archive_kind(str(path)) if path.is_file() else None
            if kind is None:
                plain.append(path)
                continue
            yield from self._flush(plain)
            plain = []
            yield from self._archive_articles(kind, str(path))
        yield from self._flush(plain)
        self._spill.flush()

    def lone_images(self, used: Container[str], absolute: Callable[[str], str] = os.path.abspath) -> Iterator[Task]:
        """Images no article used (`used`: their `absolute` paths), in the order they were found."""
        self._spill.seek(0)
        for line in self._spill:
            index, key, member = _spilled(line)
            if absolute(key) in used:
                continue
            if index < 0:
                yield Task(key, "image", signature=file_signature(key) if self.signatures else "")
            else:
                kind, path, open_path = self._archives[index]
                archive = open_archive(kind, path, open_path)
                yield Task(key, "image", archive_kind=kind, archive_path=path, archive_open=open_path,
                           member=member, signature=archive.signature(member) or "")

    def signature_reader(self) -> Callable[[str], str]:
        """What gives the current signature of an image an earlier run read: a stat
        for a run over folders only (once per image, so kept to that), else a
        look into the archives first."""
        return self.signature if self._archives else file_signature

    def signature(self, path: str) -> str:
        """The current signature of an image an earlier run read (a file or a member)."""
        for kind, archive_path, open_path in self._archives:
            archive = open_archive(kind, archive_path, open_path)
            name = archive.name_of(path)
            if name is not None:
                return archive.signature(name) or "absent"
        return file_signature(path)

    @property
    def plain_files_only(self) -> bool:
        """True when everything came from files and folders named as such: no
        archive and no glob (whose matches a folder signature does not cover)."""
        return not self._archives and not self._globbed

    def close(self) -> None:
        self._spill.close()
        shutil.rmtree(self._workdir, ignore_errors=True)

    # ------------------------------------------------------------------------------
    def _expanded(self) -> Iterator[Path]:
        for path in self.paths:
            text = str(path)
            if not os.path.lexists(path) and _GLOB_CHARACTERS & set(text):
                self._globbed = True
                matches = sorted(glob.glob(text, recursive=True))
                yield from (Path(m) for m in matches) if matches else [path]
            else:
                yield path

    def _flush(self, plain: list[Path]) -> Iterator[Task]:
        if not plain:
            return
        for key, role, problem in discover_names(plain, self.exclude, archives=True, on_folder=self.on_folder):
            if role == "image":
                self._spill.write(_spill_line(-1, key, None))
                continue
            if role == "skipped":  # not an article: counted and listed, never audited
                self._skip(key, problem or "not an article")
                continue
            if role == "archive":  # found inside a folder: its members are audited in its place
                if not _is_regular(key):  # a FIFO named news.zip would block the first read
                    yield Task(key, "broken", refusal("not a regular file"))
                    continue
                kind = _archive_kind(key)
                if kind is not None:
                    yield from self._archive_articles(kind, key)
                continue
            if role == "article" and key[key.rfind("."):].lower() in _MAYBE_EXCHANGE \
                    and (exchange := _exchange_format(key)) is not None:
                from .exchange_tasks import exchange_tasks

                yield from exchange_tasks(key, exchange)  # one task per item of a feed or export
                continue
            signature = file_signature(key) if self.signatures and role == "article" else ""
            yield Task(key, role, problem, signature=signature)

    def _skip(self, key: str, reason: str) -> None:
        count_skip(self.skipped, self.skipped_files, key, reason)
        if self.on_skipped is not None:
            self.on_skipped(key, reason)

    def _archive_articles(self, kind: str, path: str) -> Iterator[Task]:
        from .archive_kinds import needs_decompressing
        from .tar_archive import decompressed_copy

        refused: list[Member] = []
        try:
            if needs_decompressing(kind, path):
                open_path, refused = decompressed_copy(path, self._workdir)
            else:
                open_path = path
            archive = open_archive(kind, path, open_path)
        except NotRegularFile as error:
            yield Task(path, "broken", refusal(why_refused(error)))
            return
        except Exception as error:  # a corrupt or unreadable archive is one finding
            yield Task(path, "broken", f"cannot read archive: {_one_line(error)}")
            return
        index = len(self._archives)
        self._archives.append((kind, path, open_path))
        for member in itertools.chain(archive.members(), refused):
            key = archive.virtual(member.name) if member.name else path  # "": the archive itself
            if member.role == "image":
                self._spill.write(_spill_line(index, key, member.name))
            elif member.role == "broken":
                yield Task(key, "broken", member.problem)
            elif archive.is_sidecar(member.name):
                continue  # read with the article it belongs to, as in a folder
            elif (reason := skip_reason(member.name, look_inside=False)) is not None:
                self._skip(key, reason)  # a README or package.json packed with the articles
            elif (exchange := _member_exchange(archive, member.name)) is not None:
                if exchange == NOT_EXCHANGE:
                    self._skip(key, NOT_EXCHANGE_XML)
                    continue
                from .exchange_tasks import exchange_member_tasks

                yield from exchange_member_tasks(archive, open_path, member.name, exchange)  # one task per item
            else:
                yield Task(key, "article", archive_kind=kind, archive_path=path, archive_open=open_path,
                           member=member.name, signature=archive.signature(member.name) or "")


def count_skip(counts: Counter, listed: list[tuple[str, str]], key: str, reason: str) -> None:
    """Counts a skipped file by reason, and lists the first MAX_LISTED_SKIPS."""
    counts[reason] += 1
    if len(listed) < MAX_LISTED_SKIPS:
        listed.append((key, reason))


def _one_line(error: Exception) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:300]


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # gone or unreadable: the archive reader says so in its own words


def _archive_kind(path: str) -> str | None:
    # The archive readers (zipfile, tarfile, lzma, bz2, WARC) load only when a path
    # might be an archive: a run over folders never needs them.
    if suffix_of(path) not in MAYBE_ARCHIVE_SUFFIXES:
        return None
    from .archive_kinds import archive_kind

    return archive_kind(path)




def _exchange_format(path: str) -> str | None:
    """The exchange format (RSS, WXR, JSON Feed...) of an article-suffixed file, or None."""
    suffix = suffix_of(path)
    return sniff_exchange(path) if suffix == ".json" or suffix in EXCHANGE_XML_SUFFIXES else None


NOT_EXCHANGE = ""  # an XML member that is no exchange format: skipped, as such a file is


def _member_exchange(archive, name: str) -> str | None:
    """The exchange format of an archive member named like XML or JSON; NOT_EXCHANGE
    for XML that is none (a sitemap, an SVG font); None for anything else."""
    from .exchange_tasks import member_exchange_format

    suffix = suffix_of(name)
    if suffix != ".json" and suffix not in EXCHANGE_XML_SUFFIXES:
        return None
    try:
        found = member_exchange_format(archive, name)
    except Exception:  # noqa: BLE001 - an unreadable member is audited, and its reading says why
        return None
    if found is None and suffix in EXCHANGE_XML_SUFFIXES:
        return NOT_EXCHANGE
    return found


def _spill_line(index: int, key: str, member: str | None) -> str:
    # Tab-separated (cheap both ways) for the usual plain-ASCII name; JSON, which
    # escapes anything, for the rest (tabs, line breaks, non-ASCII, undecodable bytes).
    text = key + (member or "")
    if text.isascii() and "\t" not in text and "\n" not in text and "\r" not in text:
        return f"{index}\t{key}\t{member or ''}\n"
    return json.dumps([index, key, member]) + "\n"


def _spilled(line: str) -> tuple[int, str, str | None]:
    if line.startswith("["):
        index, key, member = json.loads(line)
        return index, key, member
    index, key, member = line.rstrip("\n").split("\t")
    return int(index), key, member or None
