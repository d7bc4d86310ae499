"""A newsroom exchange file (feed, WordPress export, agency delivery) as many
documents: the walk reads its items one by one and makes a task of each, carrying
the item's small JSON payload, so `--jobs` and Dask spread the items of one big
file over workers, and the ledger keys each item on its own content."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..articles.exchange_formats import ItemProblem, read_items
from ..articles.exchange_item import article_of_item, item_key, payload_signature
from ..discover import Found
from ..engine import RuleSet
from ..model import Article, DocumentError, MediaFacts
from .tasks import Outcome, Task, facts_of, file_signature


def exchange_tasks(path: str, exchange_format: str) -> Iterator[Task]:
    """One task per item, in file order; a broken task for where the file stopped
    being readable (its items before that point still audit). Every task is signed
    (its payload's hash): signing costs nothing here, and the ledger needs it."""
    for item in read_items(path, exchange_format):
        if isinstance(item, ItemProblem):
            where = f" (line {item.line})" if item.line else ""
            yield Task(path, "broken", item.message + where)
            continue
        payload = item.payload()
        yield Task(item_key(path, item.ident), "article", signature=payload_signature(payload),
                   item_file=path, payload=payload)


class ItemView:
    """Where an item's article comes from and finds its images: parsed from the
    payload, images resolved against the exchange file's folder and read from disk."""

    def __init__(self, key: str, file_path: str) -> None:
        self.path = key
        self.file_path = file_path
        self.looked_up: list[str] = []

    def parse(self, payload: bytes) -> Article | DocumentError:
        from ..limits import recording_incomplete

        with recording_incomplete() as notes:
            parsed = article_of_item(self.path, self.file_path, payload)
        if notes and isinstance(parsed, Article):
            parsed = parsed.model_copy(update={"incomplete": tuple(parsed.incomplete) + tuple(notes)})
        return parsed

    def locate(self, article: Article) -> Article:
        from ..articles.resolve import local_candidates, page_url_of

        folder = os.path.dirname(self.file_path)
        for figure in article.figures:
            if figure.status == "missing":  # a later run re-audits the item once one appears
                self.looked_up += local_candidates(figure.src, folder, page_url_of(article.fields))
        return article

    def read_media(self, path: str) -> MediaFacts:
        from ..media import read_media

        return read_media(Path(path))


def perform_item(task: Task, ruleset: RuleSet) -> Outcome:
    from ..pipeline import audit_document

    view = ItemView(task.key, task.item_file or "")
    result = audit_document(Found(Path(task.key), "article"), ruleset, task.payload, source=view)
    media = [(p, file_signature(p)) for p in result.media_read]
    needs = [(p, file_signature(p)) for p in dict.fromkeys(view.looked_up)]
    return Outcome(task.key, result.findings, media, True, task.signature, needs=needs, facts=facts_of(result))
