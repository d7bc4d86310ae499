"""The audit of one run: discover documents, read each article and the images it
uses, evaluate the rules, and aggregate a report. `audit_document` is the pure
per-document step that a process pool or a Dask worker can run unchanged."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Callable, Iterable, Protocol

from .config import Config
from .discover import Found
from .engine import RuleSet, evaluate_article, evaluate_document_error, evaluate_media, load_ruleset
from .engine.evaluate import evaluate_document_problem
from .isolation import DocumentTimeout, StepFailed, step_failed, time_budget
from .limits import TIME_BUDGET_KEY, active_limits, configure_limits
from .model import Article, DocumentError, Finding, MediaFacts, Report

if TYPE_CHECKING:
    from .batch import BatchOptions
    from .report.publication import DocumentFacts


@dataclass
class DocumentResult:
    """What auditing one document produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    media_read: list[str] = field(default_factory=list)  # image files this document used
    is_article: bool = True
    # Other files whose presence or content shaped the result: where a missing image
    # was looked for, a sidecar, a folder whose listing supplied companion images.
    looked_up: list[str] = field(default_factory=list)
    missing_images: bool = False  # some figure names a local image that is not there
    facts: "DocumentFacts | None" = None  # publication month, AI images disclosed or not (report.publication)


class MemberSource(Protocol):
    """Where a document that is not a file of its own (an archive member) is named,
    finds its images and reads them; see `auditor.batch.archive.MemberView`."""

    path: str

    def locate(self, article: Article) -> Article: ...

    def read_media(self, path: str) -> MediaFacts: ...


def audit_document(
    found: Found, ruleset: RuleSet, data: bytes | None = None, source: MemberSource | None = None
) -> DocumentResult:
    """Audits one article (with its images), one lone image, or reports a broken entry.
    `data` and `source` are for archive members: their bytes, and where their images are.
    Never raises for one document's sake: a bug in a step is INP004, a document that
    outlasts `limits.document_seconds` is INP005, and the run goes on."""
    return _audited(found, ruleset, data, source, source.path if source else str(found.path))


def audit_image_file(path: str, ruleset: RuleSet) -> DocumentResult:
    """`audit_document` of the lone image file at `path`, a path already as
    `str(Path(path))` writes it (as discovery makes them): a batch of images builds
    no Path per file."""
    return _audited(_LONE_IMAGE, ruleset, None, None, path)


# An image's audit reads `path`, never `found.path`: one Found serves every lone image.
_LONE_IMAGE = Found(Path(), "image")


def _audited(found: Found, ruleset: RuleSet, data: bytes | None, source: MemberSource | None, path: str) -> DocumentResult:
    is_article = found.role == "article"
    seconds = active_limits().document_seconds
    if is_article:
        _load_article_code()  # the run's one-time cost, not this document's budget
    try:
        with time_budget(seconds):
            return _audit_document(found, ruleset, data, source, path)
    except DocumentTimeout:
        message = f"stopped after {seconds:g} s ({TIME_BUDGET_KEY})"
        return DocumentResult(path, evaluate_document_problem(path, "incomplete", message, ruleset), is_article=is_article)
    except StepFailed as failed:
        findings = evaluate_document_problem(path, "internal", failed.describe(), ruleset, step=failed.step)
        return DocumentResult(path, findings, is_article=is_article)


@cache
def _load_article_code() -> None:
    """Imports what auditing an article needs (parsers load on first use). Once
    per process: a function-level import of a loaded package still costs a few
    microseconds per document."""
    from . import articles
    from .articles import suppressions  # noqa: F401
    from .fetch import remote_figures  # noqa: F401

    articles.parse_text_article  # noqa: B018 (loads every parser module)


@cache
def _article_modules() -> tuple[ModuleType, ModuleType, ModuleType, ModuleType]:
    """The modules of the article steps, imported on first use (a batch the ledger
    answers entirely never parses), then kept. Modules, not their functions, so
    that a step is looked up when it runs."""
    from . import articles
    from .articles import suppressions
    from .fetch import remote_figures
    from .report import publication

    return articles, suppressions, remote_figures, publication


def _audit_document(found: Found, ruleset: RuleSet, data: bytes | None, source: MemberSource | None, path: str) -> DocumentResult:
    # Each step runs in a `try` that names it when it raises (`isolation.step_failed`).
    if found.role == "broken":
        error = DocumentError(path=path, message=found.problem or "cannot be read")
        return DocumentResult(path, evaluate_document_error(error, ruleset), is_article=False)
    read = source.read_media if source else _read_file
    if found.role == "image":
        try:
            media = read(path)
        except Exception as error:
            raise step_failed("reading the image", error)
        try:
            return DocumentResult(path, evaluate_media(media, ruleset), [media.path], is_article=False)
        except Exception as error:
            raise step_failed("evaluating the rules", error)
    articles, suppressions, remote_figures, publication = _article_modules()

    try:
        # An exchange file's item parses its own payload (`batch.exchange_tasks.ItemView`).
        parse = getattr(source, "parse", None)
        parsed = parse(data) if parse is not None else articles.parse_article_unguarded(found.path, data)
    except Exception as error:
        raise step_failed("parsing the article", error)
    if isinstance(parsed, DocumentError):
        error = parsed.model_copy(update={"path": path}) if source else parsed
        return DocumentResult(path, evaluate_document_error(error, ruleset))
    if source:
        try:
            parsed = source.locate(parsed)
        except Exception as error:
            raise step_failed("locating the images", error)
    try:
        remote = remote_figures.fetch_remote_figures(parsed)  # None unless the run fetches (--fetch-remote)
    except Exception as error:
        raise step_failed("fetching remote images", error)
    if remote is not None:
        parsed = remote.article
    media: dict[str, MediaFacts] = dict(remote.media) if remote is not None else {}
    try:
        for figure in parsed.figures:
            if figure.status == "local" and figure.path and figure.path not in media:
                media[figure.path] = read(figure.path)
    except Exception as error:
        raise step_failed("reading the images", error)
    try:
        figures: list[dict] = []
        evaluated = evaluate_article(parsed, media, ruleset, figures)
    except Exception as error:
        raise step_failed("evaluating the rules", error)
    try:
        findings = suppressions.apply_suppressions(evaluated, parsed, ruleset, data)
    except Exception as error:
        raise step_failed("applying suppressions", error)
    missing = [figure for figure in parsed.figures if figure.status == "missing"]
    try:
        looked_up = [] if source else _looked_up(found.path, missing, parsed.fields)
    except Exception as error:
        raise step_failed("recording what the audit looked up", error)
    if remote is not None:
        findings = remote.explain(findings)
        looked_up += remote.failed_urls  # a later run tries them again once they answer
    facts = publication.document_facts(parsed.published, figures)
    return DocumentResult(path, findings, list(media), looked_up=looked_up, missing_images=bool(missing), facts=facts)


def _looked_up(article: Path, missing: list, fields: dict | None = None) -> list[str]:
    path = str(article)
    paths = _companions().companion_dependencies(path)
    if not missing:
        return paths  # a list of distinct paths already: a sidecar, and maybe the folder
    from .articles.resolve import local_candidates, page_url_of

    folder = os.path.dirname(path)
    for figure in missing:
        paths += local_candidates(figure.src, folder, page_url_of(fields or {}))  # the site's own URLs too
    return list(dict.fromkeys(paths))


@cache
def _companions() -> ModuleType:
    """Loaded on first use, then kept: an import statement per document costs ~10k instructions."""
    from .articles import companions

    return companions


def configure_process(config: Config) -> None:
    """Per-process reader settings from the config, for this process and every worker:
    C2PA trust anchors (`c2pa_trust_anchors`; without them manifests validate as
    "Valid", never "Trusted") and the user's extra generator names (`generators`)."""
    from .config import read_trust_anchors
    from .media.c2pa_manifest import configure_trust
    from .media.generators import extend_catalogue, reset_catalogue

    configure_limits(config.limits)
    reset_catalogue()
    if config.generators:
        extend_catalogue(config.generators)

    configure_trust(read_trust_anchors(config))
    from .fetch import configure_fetch

    configure_fetch(config)

    from .articles.site_roots import configure_site_roots

    configure_site_roots(config)  # which folders figures may be read from, and URL maps

    from .media.watermark import configure_watermarks

    configure_watermarks(config.watermarks)  # opt-in pixel decoding (auditor.media.watermark)


def _read_file(path: str) -> MediaFacts:
    # A str, not a Path: read_media names the file as str(Path(path)) does, without building one.
    return _media_module().read_media(path)


@cache
def _media_module() -> ModuleType:
    from . import media

    return media


def audit_paths(
    paths: Iterable[Path],
    config: Config | None = None,
    *,
    ruleset: RuleSet | None = None,
    on_finding: Callable[[Finding], None] | None = None,
    batch: "BatchOptions | None" = None,
) -> Report:
    """Audits every article and image under `paths` (folders, globs, zip/tar/WARC
    archives). Images used by an article are audited with it; the remaining images
    are audited on their own afterwards. `batch` chooses jobs, ledger and scheduler;
    the findings are the same whichever runs them, sorted by file and position."""
    from .batch import BatchOptions, run_batch

    config = config or Config()
    ruleset = ruleset or load_ruleset(config)
    configure_process(config)
    findings: list[Finding] = []

    def keep(finding: Finding) -> None:
        findings.append(finding)
        if on_finding:
            on_finding(finding)

    outcome = run_batch(list(paths), config, ruleset, batch or BatchOptions(), on_finding=keep)
    findings.sort(key=_order)
    return Report(findings=tuple(findings), summary=outcome.summary, rules=tuple(ruleset.infos()),
                  skipped=outcome.skipped_files)


def _order(finding: Finding) -> tuple:
    return (finding.path, finding.line or 0, finding.column or 0, finding.rule, finding.media or "")
