"""One batch run: stream tasks from the sources, take unchanged documents from the
ledger, run the rest on the chosen runner, and hand every outcome, in order, to the
caller's callbacks while the summary is counted on the fly."""

from __future__ import annotations

import gc
import itertools
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..archive_budget import set_archive_budget
from ..clean_paths import is_clean
from ..config import Config
from ..config_tree import ConfigTree, config_tree
from ..engine import RuleSet
from ..model import Finding, Summary
from ..path_set import PathSet
from ..report.publication import PublicationLog
from .progress import Progress, counted_paths
from .runners import Item, run_dask, run_pool, run_serial

if TYPE_CHECKING:  # loaded by a run with a ledger only (start-up of the others)
    from .ledger import Ledger
    from .manifest import RunManifest
from .sources import Sources, count_skip
from .tasks import Outcome, Task

# Findings that mean a file was not (wholly) audited: counted as "could not be read".
UNREADABLE = frozenset({"INP001", "INP003", "INP004", "INP006"})
SERIAL_BEFORE_POOL = 256  # documents audited in-process before --jobs (default) starts a pool
LEDGER_BATCH = 256  # tasks looked up in the ledger together


@dataclass(frozen=True)
class BatchOptions:
    jobs: int | None = 1  # None: all cores, once the run proves big enough to need them
    ledger: Path | None = None
    resume: bool = False
    scheduler: str | None = None  # "local" or a Dask scheduler address
    progress: bool = False
    # Filled as documents finish: each article's publication month and its AI images
    # disclosed or not, for the summaries and charts of the reports written after.
    publication: PublicationLog | None = None


@dataclass
class BatchOutcome:
    summary: Summary
    reused: int = 0  # documents whose findings came from the ledger
    resumed: bool = False  # the ledger held an interrupted run of the same audit
    replayed: bool = False  # nothing had changed: an earlier run's findings, read back in order
    skipped_files: tuple[tuple[str, str], ...] = ()  # (path, reason) of files that are not articles


def run_batch(
    paths: list[Path],
    config: Config,
    ruleset: RuleSet,
    options: BatchOptions = BatchOptions(),
    *,
    on_finding: Callable[[Finding], None] | None = None,
    on_document: Callable[[str], None] | None = None,
) -> BatchOutcome:
    """Audits `paths`; every finding goes to `on_finding` as soon as its document is
    done (documents in a stable order, findings within one in report order)."""
    started = time.perf_counter()
    config = _with_inputs(config, paths)
    set_archive_budget(config.archive_budget)
    ledger: Ledger | None = None
    manifest: RunManifest | None = None
    if options.ledger:
        from .ledger import Ledger
        from .manifest import RunManifest

        ledger = Ledger(options.ledger, ruleset.digest)
        manifest = RunManifest(ledger)
    sources = Sources(paths, config.exclude, signatures=ledger is not None,
                      on_folder=manifest.folder if manifest is not None else None,
                      on_skipped=manifest.skipped if manifest is not None else None)
    progress = Progress(options.progress, counted_paths(paths, config.exclude) if options.progress else None)
    tree = config_tree(config, paths, manifest.depends_on if manifest is not None else None)
    if ledger is not None:  # per-run counts for `auditor trend`
        from .run_history import RunHistory

        history = RunHistory(ledger.connection, [str(p) for p in paths])
        on_finding = history.watching(on_finding, lambda: ledger.run_id)
    tally = _Tally(on_finding, on_document, ledger, progress)
    tally.publication = options.publication
    resumed = False
    # Everything alive now (modules, the compiled rule set) outlives the run: frozen,
    # the collector stops re-scanning it on every full collection the run's own
    # short-lived objects trigger (a tenth of a cached re-run). Thawed at the end.
    gc.freeze()
    try:
        run_paths = [str(p) for p in paths]
        replay = None
        if ledger is not None:
            resumed = ledger.interrupted_run(run_paths)
            replay = None if resumed else _replay(manifest, manifest.replayable(run_paths))
            ledger.start_run(run_paths)
        if replay is not None:  # nothing changed since that run: its findings, in its order
            outcomes, tally.media_total, skipped = replay
            for outcome in outcomes:
                tally.take(outcome)
            for key, reason in skipped:
                count_skip(sources.skipped, sources.skipped_files, key, reason)
        else:
            tally.manifest = manifest
            articles = _with_configs(sources.articles(), tree)
            for outcome in _run(_with_ledger(articles, ledger, sources), config, ruleset, options):
                tally.take(outcome)
            lone = _with_configs(sources.lone_images(tally.used, tally.absolute), tree)
            for outcome in _run(_with_ledger(lone, ledger, sources), config, ruleset, options):
                tally.take(outcome)
            if manifest is not None:
                manifest.complete &= sources.plain_files_only
                manifest.finish(run_paths, tally.media())
        if ledger is not None:
            history.finish(ledger.run_id, tally.documents)
            ledger.finish_run()
    finally:
        gc.unfreeze()
        progress.close()
        sources.close()
        tally.used.close()
        if ledger is not None:
            ledger.close()
    summary = tally.summary(time.perf_counter() - started).model_copy(update={"skipped": dict(sources.skipped)})
    return BatchOutcome(summary, tally.reused, resumed, replay is not None, tuple(sources.skipped_files))


def _with_inputs(config: Config, paths: list[Path]) -> Config:
    """The config carrying the run's paths: the folders they name are roots images
    may be read from, here and in every worker (`articles.site_roots`)."""
    from ..articles.site_roots import configure_site_roots

    config = config.model_copy(update={"audit_inputs": tuple(Path(p) for p in paths)})
    configure_site_roots(config)
    return config


class _Tally:
    """Takes a run's outcomes in order: counts them for the summary, hands findings
    to the caller, records new outcomes in the ledger and every outcome in the run's
    manifest (when one is being written), and moves the progress bar."""

    def __init__(self, on_finding, on_document, ledger: Ledger | None, progress: Progress) -> None:
        self.on_finding = on_finding
        self.on_document = on_document
        self.ledger = ledger
        self.manifest: RunManifest | None = None
        self.progress = progress
        self.used = PathSet()  # the images articles used: lone images are the others
        self.absolute = _Absolute()
        self.counts: Counter = Counter()
        self.documents = self.errors = self.reused = self.lone_media = 0
        self.media_total: int | None = None  # a replayed run's, as recorded
        self.publication: PublicationLog | None = None

    def take(self, outcome: Outcome) -> None:
        self.documents += 1
        if outcome.is_article:
            for path, _ in outcome.media:
                self.used.add(self.absolute(path))
        else:
            self.lone_media += len(outcome.media)
        if outcome.cached:
            self.reused += 1
        elif outcome.findings:  # the ledger keeps them in this order
            outcome.findings = sorted(outcome.findings, key=report_order)
        if self.publication is not None:  # before the findings: a streamed summary groups them by it
            self.publication.note(outcome.key, outcome.facts, outcome.findings)
        for finding in outcome.findings:
            if not finding.suppressed:  # suppressed findings are reported, not counted
                self.counts[finding.severity.value] += 1
            self.errors += finding.rule in UNREADABLE
            if self.on_finding:
                self.on_finding(finding)
        if self.on_document:
            self.on_document(outcome.key)
        if self.ledger is not None and not outcome.cached:
            self.ledger.record(outcome)
        if self.manifest is not None:
            self.manifest.document(outcome)
        self.progress.advance(outcome)

    def media(self) -> int:
        return self.media_total if self.media_total is not None else len(self.used) + self.lone_media

    def summary(self, elapsed: float) -> Summary:
        return Summary(
            documents=self.documents,
            media=self.media(),
            findings={level: self.counts.get(level, 0) for level in ("error", "warning", "info")},
            errors=self.errors,
            elapsed=round(elapsed, 3),
        )


def _replay(manifest: RunManifest, run: int | None):
    """The outcomes and media count of `run` when nothing it depended on changed."""
    if run is None or not manifest.unchanged(run):
        return None
    return manifest.replay(run)


def report_order(finding: Finding) -> tuple:
    return (finding.path, finding.line or 0, finding.column or 0, finding.rule, finding.media or "")


def _with_configs(tasks: Iterable[Task], tree: ConfigTree | None) -> Iterable[Task]:
    """Each task marked with the nearer config that applies to it, if any."""
    # Without a tree, the tasks themselves: no generator to pass each one through.
    return tasks if tree is None else _marked(tasks, tree)


def _marked(tasks: Iterable[Task], tree: ConfigTree) -> Iterator[Task]:
    config_of = tree.config_of
    for task in tasks:
        near = config_of(task.archive_path or task.item_file or task.key)
        if near is not None:
            task.config_file, task.config_digest = near.file, near.digest
        yield task


def _with_ledger(tasks: Iterable[Task], ledger: Ledger | None, sources: Sources) -> Iterable[Item]:
    # Without a ledger, the tasks themselves: no generator to pass each one through.
    return tasks if ledger is None else _reused(tasks, ledger, sources)


def _reused(tasks: Iterable[Task], ledger: Ledger, sources: Sources) -> Iterator[Item]:
    tasks = iter(tasks)
    while batch := list(itertools.islice(tasks, LEDGER_BATCH)):
        for task, outcome in zip(batch, ledger.reuse_all(batch, sources.signature_reader())):
            yield task if outcome is None else outcome


class _Absolute:
    """`os.path.abspath`, without its getcwd and normpath for a path that is already
    clean (no "//", "/.", leading "." or trailing "/"), which every path discovery
    builds is: the batch makes one per image, twice."""

    def __init__(self) -> None:
        cwd = os.getcwd()
        self._prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep

    def __call__(self, path: str) -> str:
        if not is_clean(path):  # and never on Windows: drive letters, backslashes
            return os.path.abspath(path)
        return path if path[0] == "/" else self._prefix + path


def _run(items: Iterable[Item], config: Config, ruleset: RuleSet, options: BatchOptions) -> Iterator[Outcome]:
    if options.scheduler:
        return run_dask(items, config, options.scheduler, options.jobs or os.cpu_count() or 1)
    if options.jobs is None:
        return _run_auto(iter(items), config, ruleset)
    if options.jobs > 1:
        return run_pool(items, config, options.jobs, ruleset)
    return run_serial(items, ruleset)


def _run_auto(items: Iterator[Item], config: Config, ruleset: RuleSet) -> Iterator[Outcome]:
    # Starting worker processes costs more than auditing one article: begin here,
    # and move the rest of the stream to a pool of all cores only when it is long.
    yield from run_serial(itertools.islice(items, SERIAL_BEFORE_POOL), ruleset)
    cores = os.cpu_count() or 1
    rest = _peeked(items)
    if rest is not None:
        yield from run_pool(rest, config, cores, ruleset) if cores > 1 else run_serial(rest, ruleset)


def _peeked(items: Iterator[Item]) -> Iterator[Item] | None:
    for first in items:
        return itertools.chain([first], items)
    return None
