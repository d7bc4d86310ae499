"""The unit of batch work and the function that performs it. A `Task` is a few
strings, cheap to pickle to a worker process or a Dask worker; `perform` opens what
it names (a file, or an archive member read in place), runs
`pipeline.audit_document` and returns an `Outcome`: the findings plus the
signatures of everything it read, which the ledger keys on."""

from __future__ import annotations

import operator
import os
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal

from ..clean_paths import is_clean
from ..discover import Found
from ..engine import RuleSet
from ..fetch import REMOTE_PREFIXES, remote_signature
from ..model import Finding
from ..report.publication import DocumentFacts

if TYPE_CHECKING:
    from .archive import Archive

Role = Literal["article", "image", "broken"]


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs a setattr call per field, per document
class Task:
    key: str  # the path findings are reported against
    role: Role
    problem: str | None = None
    archive_kind: str | None = None  # zip | tar | warc, for archive members
    archive_path: str | None = None  # the archive as the user named it
    archive_open: str | None = None  # the file to open (a decompressed copy of a .tar.gz)
    member: str | None = None
    signature: str = ""  # of the document itself, for the ledger
    # An item of a newsroom exchange file (`batch.exchange_tasks`): the file, and the
    # item's JSON payload, read once by the walk.
    item_file: str | None = None
    payload: bytes | None = None
    # A nearer config than the run's applies (auditor.config_tree): its file and digest.
    config_file: str | None = None
    config_digest: str = ""

    def __reduce__(self):
        return Task, _task_values(self)


@dataclass(slots=True)
class Outcome:
    key: str
    findings: list[Finding]
    media: list[tuple[str, str]] = field(default_factory=list)  # (path, signature) of images read
    is_article: bool = True
    signature: str = ""
    cached: bool = False
    # Other (path, signature) pairs the findings depend on, "absent" ones included:
    # not images it read, so not counted as media; see DocumentResult.looked_up.
    needs: list[tuple[str, str]] = field(default_factory=list)
    findings_json: str | None = None  # the findings as the ledger stores them, once known
    config: str = ""  # the digest of the nearer config that applied ("": the run's)
    # An article's publication month and AI images disclosed or not, for summaries and
    # charts (`report.publication`); None for images and entries that are not articles.
    facts: DocumentFacts | None = None

    def __reduce__(self):
        return Outcome, _outcome_values(self)


# Tasks go to worker processes and outcomes come back pickled: as the tuple of their
# fields, built in C, and revived by the class itself. A slotted dataclass's own
# __getstate__/__setstate__ walk `fields()` in Python, for every one.
_task_values = operator.attrgetter(*(f.name for f in fields(Task)))
_outcome_values = operator.attrgetter(*(f.name for f in fields(Outcome)))


def file_signature(path: str) -> str:
    """Size and modification time, the way make and git decide a file changed; for
    a fetched image (a URL), its cache validator."""
    if path.startswith(REMOTE_PREFIXES):
        return remote_signature(path)
    try:
        status = os.stat(path)
    except OSError:
        return "absent"
    return f"file:{status.st_size}:{status.st_mtime_ns}"


@dataclass(frozen=True)
class _NameAsWritten:
    """A refused member keeps its name exactly as the archive wrote it ("/etc/x")."""

    path: str


def perform(task: Task, ruleset: RuleSet) -> Outcome:
    """The task's outcome, under the rule set of the config that applies to it."""
    if task.config_file is None:
        return _perform_guarded(task, ruleset)
    try:
        from ..config_tree import ruleset_of

        nearer = ruleset_of(task.config_file, task.config_digest)
    except Exception as error:  # noqa: BLE001 - a config edited mid-run: this document's INP004
        outcome = _failed(task, ruleset, error, "reading its config")
    else:
        outcome = _perform_guarded(task, nearer)
    outcome.config = task.config_digest
    return outcome


def _perform_guarded(task: Task, ruleset: RuleSet) -> Outcome:
    """An unexpected exception outside the per-document steps (opening an archive
    member, signing what was read) is the document's INP004, so the run, the ledger
    and --resume go on."""
    try:
        return _perform(task, ruleset)
    except Exception as error:  # noqa: BLE001 - one document's failure stays its own
        return _failed(task, ruleset, error, "opening the document")


def _failed(task: Task, ruleset: RuleSet, error: Exception, step: str) -> Outcome:
    from ..engine.evaluate import evaluate_document_problem
    from ..isolation import StepFailed

    problem = StepFailed(step, error).describe()
    findings = evaluate_document_problem(task.key, "internal", problem, ruleset, step=step)
    return Outcome(task.key, findings, is_article=task.role == "article", signature=task.signature)


@cache
def _pipeline() -> ModuleType:
    """Imported on first use, not above: the parsers, readers and evaluators load in
    the processes that audit, never in a run the ledger answers entirely. Kept, not
    imported per document: an import statement of a loaded module costs ~10k
    instructions, a cached call a tenth of that."""
    from .. import pipeline

    return pipeline


def _perform(task: Task, ruleset: RuleSet) -> Outcome:
    pipeline = _pipeline()
    if task.payload is not None:
        from .exchange_tasks import perform_item

        return perform_item(task, ruleset)
    if task.archive_kind is None or task.role == "broken":
        if task.role == "image" and is_clean(task.key):  # as Path writes it (a user may name "./a.jpg")
            result = pipeline.audit_image_file(task.key, ruleset)
        else:
            found = Found(Path(task.key), task.role, task.problem)
            result = pipeline.audit_document(found, ruleset, source=_NameAsWritten(task.key) if task.role == "broken" else None)
        signed = bool(task.signature)  # signatures serve the ledger only: without one, no stats
        media = [(p, file_signature(p) if signed else "") for p in result.media_read]
        needs = [(p, file_signature(p)) for p in result.looked_up] if signed else []
        return Outcome(task.key, result.findings, media, result.is_article, task.signature, needs=needs,
                       facts=facts_of(result))
    from ..articles.companions import archive_neighbours, companion_dependencies
    from .archive import MemberView  # archive members only: a run over folders never loads it

    archive = open_archive(task.archive_kind, task.archive_path, task.archive_open)
    view = MemberView(archive, task.member)
    data = archive.read(task.member) if task.role == "article" else None
    found = Found(Path(archive.virtual(archive.parse_name(task.member))), task.role)
    with archive_neighbours(archive):  # companions and sidecars are members, as in a folder
        result = pipeline.audit_document(found, ruleset, data, source=view)
    media = [(p, archive.signature(archive.name_of(p) or "") or "absent") for p in result.media_read]
    # A missing image, or a text article's companion images, may be added to the
    # archive later without changing this member: such an article depends on the
    # whole archive file. A sidecar (present or not) is a member of its own.
    needs: list[tuple[str, str]] = []
    whole = result.missing_images
    for name in companion_dependencies(task.member) if task.role == "article" else ():
        if name.endswith(".json"):
            needs.append((archive.virtual(name), archive.signature(name) or "absent"))
        else:
            whole = True
    if whole:
        needs.append((task.archive_path, file_signature(task.archive_path)))
    return Outcome(task.key, result.findings, media, result.is_article, task.signature, needs=needs,
                   facts=facts_of(result))


def facts_of(result) -> DocumentFacts | None:
    """The document's publication facts as the pipeline stated them.
    `DocumentResult.facts` is the pipeline's to fill (`report.publication.document_facts`
    over the figures' facts the engine computed); a result without it counts as an
    article that gave no date and whose AI images were not counted."""
    return getattr(result, "facts", None)


def perform_all(tasks: list[Task], ruleset: RuleSet) -> list[Outcome]:
    return [perform(task, ruleset) for task in tasks]


_OPEN: OrderedDict[tuple, Archive] = OrderedDict()
_KEEP_OPEN = 4


def forget_parent_files() -> None:
    """In a forked worker: drop the archive readers inherited from the parent
    without using them (their file offsets are shared with the parent's)."""
    _OPEN.clear()


def open_archive(kind: str, path: str, open_path: str | None) -> Archive:
    """The reader for an archive, kept open per process: members of one archive
    arrive one after another. Keyed on the archive's signature too: a process that
    outlives a run (a Dask worker, a caller of `auditor.audit`) sees a rewritten
    archive as new."""
    key = (kind, path, open_path, file_signature(open_path or path))
    if key in _OPEN:
        _OPEN.move_to_end(key)
        return _OPEN[key]
    from .archive_kinds import READERS

    archive = READERS[kind](path, open_path)
    _OPEN[key] = archive
    while len(_OPEN) > _KEEP_OPEN:
        _OPEN.popitem(last=False)[1].close()
    return archive
