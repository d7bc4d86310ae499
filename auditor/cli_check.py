"""The `check` command's work, and what other commands share with it (config, rule
set, output files, one-line errors), without typer: `cli_fast` runs a plain `check`
from here at start-up cost, and `cli` wraps the same functions in its typer app."""

from __future__ import annotations

import enum
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional, TextIO

from .cli_fast import start_up_done
from .config import Config, load_config
from .model import Severity


class ExitCode(enum.IntEnum):
    clean = 0
    findings = 1
    usage = 2


class Format(str, enum.Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    gitlab = "gitlab"
    html = "html"
    markdown = "markdown"
    csv = "csv"


class GroupBy(str, enum.Enum):
    rule = "rule"
    folder = "folder"
    section = "section"
    year = "year"
    month = "month"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"



class UsageError(Exception):
    """A problem with what the user asked for: one line, exit 2."""



def run_check(
    paths: List[Path],
    format: Optional[Format] = None,
    output: Optional[Path] = None,
    fail_on: Optional[FailOn] = None,
    config_file: Optional[Path] = None,
    jobs: Optional[int] = None,
    select: Optional[List[str]] = None,
    ignore: Optional[List[str]] = None,
    sarif_output: Optional[Path] = None,
    junit_output: Optional[Path] = None,
    json_output: Optional[Path] = None,
    html_output: Optional[Path] = None,
    markdown_output: Optional[Path] = None,
    exit_zero: bool = False,
    baseline: Optional[Path] = None,
    diff_against: Optional[str] = None,
    ledger: Optional[Path] = None,
    resume: bool = False,
    scheduler: Optional[str] = None,
    quiet: bool = False,
    no_inline_suppressions: bool = False,
    isolated: bool = False,
    fetch_remote: bool = False,
    fix: bool = False,
    summary: Optional[bool] = None,
    group_by: Optional[List[GroupBy]] = None,
    show_suppressed: bool = False,
    show_source: bool = True,
    statistics: bool = False,
) -> int:
    """`auditor check`: audit, report, and the exit code (findings reaching --fail-on: 1)."""
    config = _config(config_file, paths, select, ignore, isolated)
    if no_inline_suppressions:
        config = config.model_copy(update={"inline_suppressions": False})
    if fetch_remote:
        config = config.model_copy(update={"fetch_remote": True})
    threshold = (fail_on.value if fail_on else config.fail_on)
    text_options = _text_options(_terminal_format(format), show_source, statistics)
    ruleset = _ruleset(config)
    start_up_done()
    accepted = _read_baseline(baseline) if baseline else None
    config = _without_own_files(config, paths, [baseline, output, sarif_output, junit_output, json_output, html_output, markdown_output])
    targets = _changed(paths, diff_against, config) if diff_against else paths
    batch = _batch_options(jobs, ledger, resume, scheduler, quiet)
    if fix:  # on stderr: stdout carries the report
        _fix(targets, config, ruleset, sys.stderr, diff=False, allow_c2pa_break=False)
    groups = [g.value for g in group_by] if group_by else None
    shows_summary = summary if summary is not None else (not quiet and sys.stderr.isatty())
    if _terminal_format(format) in ("jsonl", "csv") and accepted is None and not any([sarif_output, junit_output, json_output, html_output, markdown_output]):
        totals = _stream(targets, config, ruleset, batch, output, _terminal_format(format), groups if shows_summary else ())
        return ExitCode.clean if exit_zero else (ExitCode.findings if _reaches(totals, threshold) else ExitCode.clean)
    from .pipeline import audit_paths
    from .report import write_report

    report = audit_paths(targets, config, ruleset=ruleset, batch=batch)
    # Only SARIF and HTML describe the rules (their docs take a while to render).
    documented = _terminal_format(format) in ("sarif", "html") or bool(sarif_output or html_output)
    report = _gate_report(report, ruleset, accepted, documented, config.docs_url)
    with _destination(output) as stream:
        write_report(report, _terminal_format(format), stream, show_suppressed=show_suppressed,
                     publication=batch.publication, **text_options)
    _write_files(report, show_suppressed, sarif=sarif_output, junit=junit_output, json=json_output, html=html_output,
                 markdown=markdown_output, publication=batch.publication)
    if shows_summary:
        _print_run_summary(report, groups, batch.publication)
    return ExitCode.clean if exit_zero else _exit_code(report.findings, threshold)


def _fix(paths, config: Config, ruleset, stream: TextIO, *, diff: bool, allow_c2pa_break: bool, captions: bool = False):
    from .fix.apply import apply_fixes, write_outcomes
    from .pipeline import audit_paths

    report = audit_paths(paths, config, ruleset=ruleset)
    result = apply_fixes(report.findings, dry_run=diff, allow_c2pa_break=allow_c2pa_break, captions=captions)
    write_outcomes(result, stream, diff=diff)
    return result

def _text_options(fmt: str, show_source: bool, statistics: bool) -> dict[str, bool]:
    """The text format's own options; asking for them with another format is a usage error."""
    if fmt != Format.text.value:
        if statistics:
            raise UsageError(f"--statistics works with the text format, not {fmt}")
        return {}
    return {"show_source": show_source, "statistics": statistics}


def _batch_options(jobs, ledger, resume, scheduler, quiet):
    from .batch import BatchOptions
    from .report.publication import PublicationLog

    if resume and ledger is None:
        raise UsageError("--resume needs --ledger FILE: the ledger is what a run resumes from")
    return BatchOptions(jobs=jobs, ledger=ledger, resume=resume, scheduler=scheduler,
                        progress=not quiet and sys.stderr.isatty(), publication=PublicationLog())


def _stream(targets, config, ruleset, batch, output, fmt="jsonl", groups=()):
    """`groups` None: the summary's default tables; empty: no summary."""
    import dataclasses

    from .batch.streaming import stream_report
    from .pipeline import configure_process
    from .report import formatter_for
    from .report.publication import PublicationLog
    from .report.run_summary import DEFAULT_GROUPS, TallyingFormatter, write_run_summary

    configure_process(config)  # this process audits too (serial runs, the first documents)
    batch = dataclasses.replace(batch, publication=PublicationLog(keep=False))  # streamed: memory stays flat
    with _destination(output) as stream:
        formatter = TallyingFormatter(formatter_for(fmt, stream), batch.publication, tallies=groups != ())
        totals = stream_report(list(targets), config, ruleset, batch, formatter)
    if groups != ():
        write_run_summary(sys.stderr, totals, formatter.tally, groups or DEFAULT_GROUPS)
    return totals


def _print_run_summary(report, groups, publication=None) -> None:
    from .report.run_summary import DEFAULT_GROUPS, tally_report, write_run_summary

    write_run_summary(sys.stderr, report.summary, tally_report(report, publication=publication), groups or DEFAULT_GROUPS)


def _reaches(summary, threshold: str) -> bool:
    from .batch.streaming import reaches

    return reaches(summary, threshold)


def _config(config_file: Path | None, paths: list[Path], select, ignore, isolated: bool = False) -> Config:
    if isolated and config_file is not None:
        raise UsageError("--isolated ignores every config file: drop --config, or --isolated")
    start = paths[0] if paths else Path.cwd()
    config = Config() if isolated else load_config(config_file, start=start.resolve() if start.exists() else Path.cwd())
    update = {}
    if select:
        update["select"] = [s for item in select for s in item.split(",") if s]
    if ignore:
        update["ignore"] = list(config.ignore) + [s for item in ignore for s in item.split(",") if s]
    if update:  # on top of every nearer config too (auditor.config_tree)
        given = {"select": update.get("select"), "ignore": update.get("ignore", [])[len(config.ignore):]}
        update["command_line"] = {key: tuple(value) for key, value in given.items() if value}
    return config.model_copy(update=update) if update else config


def _ruleset(config: Config):
    from .engine import load_ruleset

    return load_ruleset(config, cache=True)  # AUDITOR_NO_CACHE=1 bypasses the on-disk cache


def _exit_code(findings, threshold: str) -> int:
    from .gate.baseline import gating_findings

    if threshold == "never":
        return ExitCode.clean
    floor = Severity(threshold).rank
    return ExitCode.findings if any(f.severity.rank >= floor for f in gating_findings(findings)) else ExitCode.clean


def _terminal_format(chosen: "Format | None") -> str:
    """GitHub Actions turns workflow commands into annotations, so that is the
    default there; anywhere else, text."""
    if chosen is not None:
        return chosen.value
    return Format.github.value if os.environ.get("GITHUB_ACTIONS") == "true" else Format.text.value


def _changed(paths: list[Path], ref: str, config: Config) -> list[Path]:
    from .gate.changed_files import DiffError, documents_to_audit
    from .pipeline import configure_process

    configure_process(config)  # articles are parsed to learn their images: with this run's site roots
    try:
        return documents_to_audit(paths, ref, config.exclude)
    except DiffError as error:
        raise UsageError(f"--diff-against: {error}") from None


def _without_own_files(config: Config, paths: list[Path], files: list[Path | None]) -> Config:
    """A baseline or report written inside the audited folder (a JSON file, an HTML
    page) would otherwise be audited as an article on the next run."""
    patterns = []
    for file in filter(None, files):
        for root in paths:
            try:
                relative = file.resolve().relative_to(root.resolve())
            except (ValueError, OSError):
                continue
            escaped = "".join("\\" + c if c in "[]*?!#\\" else c for c in relative.as_posix())
            patterns.append("/" + escaped)
    return config.model_copy(update={"exclude": list(config.exclude) + patterns}) if patterns else config


def _read_baseline(path: Path) -> list[dict]:
    from .gate.baseline import BaselineError, read_baseline

    try:
        return read_baseline(path)
    except BaselineError as error:
        raise UsageError(str(error)) from None


def _gate_report(report, ruleset, accepted: list[dict] | None, documented: bool = True, docs_url: str | None = None):
    """The report as CI sees it: rules with their docs (for SARIF help, when
    `documented`), and each finding marked new or unchanged when there is a baseline."""
    from .gate.baseline import compare_with_baseline

    if documented:
        from .report.rule_doc import documented_rule

        report = report.model_copy(update={"rules": tuple(documented_rule(r, docs_url) for r in ruleset.rules)})
    return report if accepted is None else compare_with_baseline(report, accepted)


def _write_files(report, show_suppressed: bool, publication=None, **targets: Path | None) -> None:
    from .report.outputs import OutputError, write_report_files

    try:
        write_report_files(report, {fmt: path for fmt, path in targets.items() if path is not None},
                           show_suppressed=show_suppressed, publication=publication)
    except OutputError as error:
        raise UsageError(str(error)) from None


@contextmanager
def _destination(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    from .report.outputs import atomic_text_file

    try:
        with atomic_text_file(output) as stream:
            yield stream
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None


def failed(error: BaseException) -> int:
    """How a command that raised ends, whichever parser ran it: one line on stderr and
    an exit code (never a traceback)."""
    from .config import ConfigError
    from .engine.ruleset import RulePackError

    if isinstance(error, (UsageError, ConfigError, RulePackError)):
        _error(str(error))
        return ExitCode.usage
    if isinstance(error, KeyboardInterrupt):
        _error("interrupted")
        return 130
    if isinstance(error, BrokenPipeError):
        return ExitCode.clean
    if hasattr(error, "format_message") and hasattr(error, "exit_code"):  # typer's usage errors
        _error(" ".join(str(error.format_message()).split()))
        return ExitCode.usage
    _error(f"internal error: {type(error).__name__}: {error}".splitlines()[0])
    return ExitCode.usage


def _error(message: str) -> None:
    from .report.escaping import one_line

    # Paths and values in a message may come from the audited content: one line, no control characters.
    sys.stderr.write(f"auditor: {one_line(message)}\n")
