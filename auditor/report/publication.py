"""What a run counts of each article besides its findings: the month it was published
and its AI-signalled images, disclosed or not. The pipeline states them per document
(`DocumentFacts`, from facts the engine computed anyway), the ledger keeps them, and a
`PublicationLog` gathers them for the summary, the timeline and the disclosure chart.

An AI image that is properly disclosed makes no finding: without these counts a
report could say how many images went undisclosed, never out of how many.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, NamedTuple, Sequence

from .groups import month_of
from .paths import relative_path

if TYPE_CHECKING:
    from ..model import Finding

# A publication date outside these years is a parser's or a CMS's placeholder
# (0001-01-01, 9999-12-31), not a date: the path is asked instead.
FIRST_YEAR, LAST_YEAR = 1900, 2099


class DocumentFacts(NamedTuple):
    """One article's counts; a tuple so a worker pickles it and the ledger stores it cheaply."""

    published: str | None  # "2019-05", from Article.published; None when the article gives no date
    ai_disclosed: int = 0  # figures with an AI signal and an explicit disclosure beside them
    ai_undisclosed: int = 0  # an AI signal, and no disclosure, a negated one or an ambiguous one


def document_facts(published: datetime | None, figures: Iterable[Mapping[str, Any]]) -> DocumentFacts:
    """The counts from the article's published date and its figures' facts as the
    engine computed them (`figure.ai_signalled`, `figure.disclosure`): a loop over
    dictionaries already built, nothing parsed or scanned again."""
    disclosed = undisclosed = 0
    for figure in figures:
        if figure.get("ai_signalled"):
            if figure.get("disclosure") == "explicit":
                disclosed += 1
            else:
                undisclosed += 1
    return DocumentFacts(publication_month(published), disclosed, undisclosed)


def publication_month(published: datetime | None) -> str | None:
    if published is None or not FIRST_YEAR <= published.year <= LAST_YEAR:
        return None
    return f"{published.year:04}-{published.month:02}"


def encode_facts(facts: DocumentFacts | None) -> str:
    """The ledger's text for a document's facts: "" for none (an image, a broken entry)."""
    if facts is None:
        return ""
    published = "null" if facts.published is None else json.dumps(facts.published)
    return f"[{published},{facts.ai_disclosed},{facts.ai_undisclosed}]"  # no encoder built per document


def decode_facts(text: str | None) -> DocumentFacts | None:
    """None for "" and for text that does not decode: the document counts as undated."""
    if not text:
        return None
    try:
        published, disclosed, undisclosed = json.loads(text)
    except (ValueError, TypeError):
        return None
    if not (published is None or isinstance(published, str)) or not all(
            isinstance(n, int) and n >= 0 for n in (disclosed, undisclosed)):
        return None
    return DocumentFacts(published, disclosed, undisclosed)


class PublicationLog:
    """A run's publication facts, gathered as documents finish (in the main process).

    Findings are grouped by their document's month: the log answers
    `published(path)` for every document that had findings when `keep` (a report
    that holds its findings holds this too), or only for the document that finished
    last when not (a streamed run, whose findings follow their document's facts
    and whose memory must stay flat). AI images are counted by month as they come,
    a few integers per month."""

    def __init__(self, keep: bool = True, base_path: Path | None = None) -> None:
        self.keep = keep
        base = Path(base_path) if base_path is not None else Path.cwd()
        self._shown: Callable[[str], str] = lambda path: relative_path(path, base)
        self._published: dict[str, str] = {}
        self.ai_by_month: dict[str, list[int]] = {}  # month key -> [disclosed, undisclosed]
        self.counted = 0  # articles whose facts were stated

    def note(self, path: str, facts: DocumentFacts | None, findings: Sequence[Finding] = ()) -> None:
        """One document's facts, with its findings: they are what will ask for its date,
        by the path they name (the task's "./a.md" is the finding's "a.md")."""
        if facts is None:
            return
        self.counted += 1
        if facts.published is not None and findings:
            if not self.keep:
                self._published.clear()
            for named in {finding.path for finding in findings}:
                self._published[named] = facts.published
        if facts.ai_disclosed or facts.ai_undisclosed:
            month = facts.published or month_of(self._shown(path))  # the path only when the article has no date
            counts = self.ai_by_month.setdefault(month, [0, 0])
            counts[0] += facts.ai_disclosed
            counts[1] += facts.ai_undisclosed

    def published(self, path: str) -> str | None:
        """The document's publication month, when it stated one."""
        return self._published.get(path)

    def ai_rows(self) -> list[tuple[str, int, int]]:
        """(month, disclosed, undisclosed), months in order, "unknown" last."""
        ordered = sorted(self.ai_by_month, key=_month_order)
        return [(month, self.ai_by_month[month][0], self.ai_by_month[month][1]) for month in ordered]

    def record(self) -> dict[str, dict[str, int]]:
        """The JSON summary's ``ai_images_by_month``."""
        return {month: {"disclosed": disclosed, "undisclosed": undisclosed}
                for month, disclosed, undisclosed in self.ai_rows()}


def _month_order(key: str) -> tuple[bool, str]:
    return (not key[:1].isdigit(), key)
