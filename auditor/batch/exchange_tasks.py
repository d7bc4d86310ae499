"""A newsroom exchange file (feed, WordPress export, agency delivery) as many
documents: the walk reads its items one by one and makes a task of each, carrying
the item's small JSON payload, so `--jobs` and Dask spread the items of one big
file over workers, and the ledger keys each item on its own content."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ..articles.exchange_formats import HEAD_BYTES, ItemProblem, read_items, sniff_opened
from ..articles.exchange_item import article_of_item, item_key, payload_signature
from ..discover import Found
from ..engine import RuleSet
from ..limits import recording_incomplete
from ..model import Article, DocumentError, MediaFacts
from .tasks import Outcome, Task, facts_of, file_signature

if TYPE_CHECKING:
    from .archive import Archive


def exchange_tasks(path: str, exchange_format: str) -> Iterator[Task]:
    """One task per item, in file order; a broken task for where the file stopped
    being readable (its items before that point still audit). Every task is signed
    (its payload's hash): signing costs nothing here, and the ledger needs it."""
    for item in read_items(path, exchange_format):
        if isinstance(item, ItemProblem):
            where = f" (line {item.line})" if item.line else ""
            yield Task(path, "broken", item.message + where)
            continue
        yield _item_task(item, path)


def member_exchange_format(archive: "Archive", member: str) -> str | None:
    """The exchange format of an archive member, sniffed by content as a file's is."""
    with archive.open(member) as stream:
        head = stream.read(HEAD_BYTES)
    return sniff_opened(head, lambda: archive.open(member), archive.size(member)) if head else None


def exchange_member_tasks(archive: "Archive", open_path: str, member: str, exchange_format: str) -> Iterator[Task]:
    """`exchange_tasks` for a feed or export packed in a zip or tar: its items are
    named `news.zip!/feed.xml!/item/ID` and find their images among the archive's
    members, as the member itself would."""
    virtual = archive.virtual(member)
    where = {"archive_kind": archive.kind, "archive_path": archive.path, "archive_open": open_path, "member": member}
    for item in read_items(virtual, exchange_format, lambda: archive.open(member)):
        if isinstance(item, ItemProblem):
            line = f" (line {item.line})" if item.line else ""
            yield Task(virtual, "broken", item.message + line)
            continue
        yield _item_task(item, virtual, **where)


class ItemView:
    """Where an item's article comes from and finds its images: parsed from the
    payload, images resolved against the exchange file's folder and read from disk."""

    def __init__(self, key: str, file_path: str) -> None:
        self.path = key
        self.file_path = file_path
        self.looked_up: list[str] = []

    def parse(self, payload: bytes) -> Article | DocumentError:
        with recording_incomplete() as notes:
            parsed = article_of_item(self.path, self.file_path, payload)
        if notes and isinstance(parsed, Article):
            parsed = parsed.model_copy(update={"incomplete": tuple(parsed.incomplete) + tuple(notes)})
        return parsed

    def locate(self, article: Article) -> Article:
        local_candidates, page_url_of = _resolve_functions()
        folder = os.path.dirname(self.file_path)
        for figure in article.figures:
            if figure.status == "missing":  # a later run re-audits the item once one appears
                self.looked_up += local_candidates(figure.src, folder, page_url_of(article.fields))
        return article

    def read_media(self, path: str) -> MediaFacts:
        return _media_reader()(Path(path))


class MemberItemView(ItemView):
    """An item of a feed packed in an archive: its images are the archive's members,
    found from the feed member's folder, as that member's own figures would be."""

    def __init__(self, key: str, archive: "Archive", member: str) -> None:
        super().__init__(key, archive.virtual(member))
        self.archive = archive
        self.member = member

    def locate(self, article: Article) -> Article:
        located = self.archive.locate(article.model_copy(update={"path": self.file_path}))
        return located.model_copy(update={"path": self.path})

    def read_media(self, path: str) -> MediaFacts:
        return self.archive.read_media(path)


def perform_item(task: Task, ruleset: RuleSet) -> Outcome:
    if task.archive_kind is not None:
        return _perform_member_item(task, ruleset)
    view = ItemView(task.key, task.item_file or "")
    result = _audit_document()(Found(Path(task.key), "article"), ruleset, task.payload, source=view)
    media = [(p, file_signature(p)) for p in result.media_read]
    needs = [(p, file_signature(p)) for p in dict.fromkeys(view.looked_up)]
    return Outcome(task.key, result.findings, media, True, task.signature, needs=needs, facts=facts_of(result))


# The auditing side, imported in the processes that audit (never by a walk the
# ledger answers entirely), once: an import statement in a function costs
# microseconds per item.
@cache
def _audit_document():
    from ..pipeline import audit_document

    return audit_document


@cache
def _resolve_functions():
    from ..articles.resolve import local_candidates, page_url_of

    return local_candidates, page_url_of


@cache
def _media_reader():
    from ..media import read_media

    return read_media


def _perform_member_item(task: Task, ruleset: RuleSet) -> Outcome:
    from ..pipeline import audit_document
    from .tasks import open_archive

    archive = open_archive(task.archive_kind, task.archive_path, task.archive_open)
    view = MemberItemView(task.key, archive, task.member or "")
    result = audit_document(Found(Path(task.key), "article"), ruleset, task.payload, source=view)
    media = [(p, archive.signature(archive.name_of(p) or "") or "absent") for p in result.media_read]
    # An image the item names may be added to the archive later without changing
    # the item: then the item depends on the whole archive file, as a member does.
    needs = [(task.archive_path, file_signature(task.archive_path))] if result.missing_images else []
    return Outcome(task.key, result.findings, media, True, task.signature, needs=needs, facts=facts_of(result))


def _item_task(item, path: str, **where) -> Task:
    """The task auditing one item; a broken one (INP003, that item only) when its text
    cannot be encoded: a lone surrogate ("\\ud800" in a JSON feed) is no Unicode text."""
    key = item_key(path, item.ident)
    try:
        payload = item.payload()
    except UnicodeEncodeError as error:
        return Task(key, "broken", f"the item's text holds {error.object[error.start:error.end]!a}, "
                                   "which is not Unicode text (a lone surrogate)")
    return Task(key, "article", signature=payload_signature(payload), item_file=path, payload=payload, **where)
