"""The `auditor` command: arguments, output and exit codes. Nothing below this layer
prints; nothing here audits."""

from __future__ import annotations

import enum
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional, TextIO

import typer

from . import __version__
from .config import Config, ConfigError, load_config
from .engine import RulePackError, load_ruleset
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


class InspectFormat(str, enum.Enum):
    text = "text"
    json = "json"


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Audit articles and their images for AI-image disclosure and provenance.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class UsageError(Exception):
    """A problem with what the user asked for: one line, exit 2."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    pass


def _examples(*lines: str) -> str:
    # "\b" keeps click from re-wrapping the lines into one paragraph.
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


CHECK_EXAMPLES = _examples(
    "auditor check content/                      audit a folder, text report",
    "auditor check content/ --fail-on warning    fail on warnings too",
    "auditor check . --diff-against origin/main  only what a pull request touched",
    "auditor check . -f sarif -o auditor.sarif   a SARIF file for code scanning",
    "auditor check . --baseline baseline.json    fail only on new findings",
    "auditor check . --statistics                counts per rule",
)
INSPECT_EXAMPLES = _examples("auditor inspect photo.jpg", "auditor inspect -f json images/*.png")
INSPECT_ARTICLE_EXAMPLES = _examples("auditor inspect-article content/posts/storm.md", "auditor inspect-article -f json page.html")
RULES_EXAMPLES = _examples("auditor rules", "auditor rules --pack eu-ai-act -f json")
RULE_EXAMPLES = _examples("auditor rule AID101", "auditor rule ai-image-undisclosed -f json")
FIX_EXAMPLES = _examples(
    "auditor fix content/ --diff                 what would change, nothing written",
    "auditor fix content/                        mark AI images in their XMP",
    "auditor fix content/ --fix-captions         and disclose them in their captions",
)
SERVE_EXAMPLES = _examples(
    "auditor serve                               http://127.0.0.1:8765/, loopback only",
    "auditor serve --host 0.0.0.0 --token-file tokens.txt --workers 2",
)
TREND_EXAMPLES = _examples(
    "auditor check archive/ --ledger audit.sqlite    each run is recorded",
    "auditor trend --ledger audit.sqlite -f html -o trend.html",
)
BASELINE_EXAMPLES = _examples(
    "auditor baseline create content/ -o baseline.json",
    "auditor check content/ --baseline baseline.json",
)


@app.command(epilog=CHECK_EXAMPLES, short_help="Audit articles and images (exit 1 on findings).")
def check(
    paths: List[Path] = typer.Argument(..., metavar="PATH", help="Articles, images or folders (searched recursively)."),
    format: Optional[Format] = typer.Option(None, "--format", "-f", help="Report format [default: text; github when GITHUB_ACTIONS is set]."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the report to this file."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that makes the exit code 1 [default: error]."),
    config_file: Optional[Path] = typer.Option(None, "--config", "-c", metavar="FILE", help="Config file (TOML)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help="Parallel worker processes [default: the number of cores, for runs long enough to gain from them]."),
    select: Optional[List[str]] = typer.Option(None, "--select", metavar="CODE", help="Only these rule codes, prefixes or names."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="CODE", help="Skip these rule codes, prefixes or names."),
    sarif_output: Optional[Path] = typer.Option(None, "--sarif-output", metavar="FILE", help="Also write SARIF 2.1.0 to this file."),
    junit_output: Optional[Path] = typer.Option(None, "--junit-output", metavar="FILE", help="Also write JUnit XML to this file."),
    json_output: Optional[Path] = typer.Option(None, "--json-output", metavar="FILE", help="Also write the JSON report to this file."),
    html_output: Optional[Path] = typer.Option(None, "--html-output", metavar="FILE", help="Also write the HTML report to this file."),
    markdown_output: Optional[Path] = typer.Option(None, "--markdown-output", metavar="FILE", help="Also write a Markdown summary to this file."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings reach --fail-on (usage errors still exit 2)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", metavar="FILE", help="Fail only on findings not in this baseline (see `auditor baseline create`)."),
    diff_against: Optional[str] = typer.Option(None, "--diff-against", metavar="REF", help="Audit only articles changed since this git ref, or using an image changed since it."),
    ledger: Optional[Path] = typer.Option(None, "--ledger", metavar="FILE", help="SQLite ledger: reuse the findings of unchanged documents, record new ones as they finish."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run recorded in --ledger (what it finished is not audited again)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Run on Dask: tcp://HOST:PORT of a scheduler, or 'local' for a local cluster (pip install 'auditor[dask]')."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (there is none unless stderr is a terminal)."),
    no_inline_suppressions: bool = typer.Option(False, "--no-inline-suppressions", help="Ignore suppression comments and front matter in the content (archive audits)."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore every config file (auditor.toml, pyproject.toml): defaults and command-line options only."),
    fetch_remote: bool = typer.Option(False, "--fetch-remote", help="Fetch remote images to read their metadata (SSRF-guarded, cached; config fetch_*)."),
    fix: bool = typer.Option(False, "--fix", help="First mend what can be mended safely (see `auditor fix`), then report what is left."),
    summary: Optional[bool] = typer.Option(None, "--summary/--no-summary", help="End with a summary on stderr: totals by rule, folder and year, the documents with most findings [default: when stderr is a terminal and not --quiet]."),
    group_by: Optional[List[GroupBy]] = typer.Option(None, "--group-by", metavar="TABLE", help="The summary's tables: rule, folder, section, year or month (repeatable) [default: rule, folder, year]."),
    show_suppressed: bool = typer.Option(False, "--show-suppressed", help="List suppressed and baselined findings too (text, Markdown, HTML), marked as not failing."),
    show_source: bool = typer.Option(True, "--show-source/--no-show-source", help="Text format: print the source line of each finding with a caret under it."),
    statistics: bool = typer.Option(False, "--statistics", help="Text format: print the number of findings per rule instead of the findings."),
) -> None:
    """Audit articles and images; exit 1 when findings reach --fail-on."""
    config = _config(config_file, paths, select, ignore, isolated)
    if no_inline_suppressions:
        config = config.model_copy(update={"inline_suppressions": False})
    if fetch_remote:
        config = config.model_copy(update={"fetch_remote": True})
    threshold = (fail_on.value if fail_on else config.fail_on)
    text_options = _text_options(_terminal_format(format), show_source, statistics)
    ruleset = _ruleset(config)
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
        raise typer.Exit(ExitCode.clean if exit_zero else (ExitCode.findings if _reaches(totals, threshold) else ExitCode.clean))
    from .pipeline import audit_paths
    from .report import write_report

    report = audit_paths(targets, config, ruleset=ruleset, batch=batch)
    report = _gate_report(report, ruleset, accepted)
    with _destination(output) as stream:
        write_report(report, _terminal_format(format), stream, show_suppressed=show_suppressed,
                     publication=batch.publication, **text_options)
    _write_files(report, show_suppressed, sarif=sarif_output, junit=junit_output, json=json_output, html=html_output,
                 markdown=markdown_output, publication=batch.publication)
    if shows_summary:
        _print_run_summary(report, groups, batch.publication)
    raise typer.Exit(ExitCode.clean if exit_zero else _exit_code(report.findings, threshold))


@app.command(epilog=INSPECT_EXAMPLES, short_help="Show an image's provenance evidence and signals.")
def inspect(
    images: List[Path] = typer.Argument(..., metavar="IMAGE", help="Image files."),
    format: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file instead of standard output."),
) -> None:
    """Print what image files say about their provenance, and the signals derived from it."""
    from .media import read_media
    from .report.inspect import write_inspection

    facts = [read_media(path) for path in images]
    with _destination(output) as stream:
        if format is InspectFormat.json:
            documents = [f.model_dump(mode="json") for f in facts]
            json.dump(documents[0] if len(documents) == 1 else documents, stream, indent=2, ensure_ascii=False, default=str)
            stream.write("\n")
        else:
            write_inspection(facts, stream)
    raise typer.Exit(ExitCode.findings if any(f.errors for f in facts) else ExitCode.clean)


@app.command("inspect-article", epilog=INSPECT_ARTICLE_EXAMPLES, short_help="Show an article's figures and the images they resolve to.")
def inspect_article_command(
    pages: List[Path] = typer.Argument(..., metavar="ARTICLE", help="Article files (HTML, Markdown, MDX, text, JSON)."),
    format: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file instead of standard output."),
    config_file: Optional[Path] = typer.Option(None, "--config", "-c", metavar="FILE", help="Config file (TOML): site_roots, url_map, site_url."),
) -> None:
    """Show each figure of an article, the image it resolved to (or why none), how, and the audit's roots."""
    from .pipeline import configure_process
    from .report.article_inspection import inspect_article, write_article_inspection

    configure_process(_config(config_file, pages, None, None))
    documents = [inspect_article(page) for page in pages]
    with _destination(output) as stream:
        if format is InspectFormat.json:
            json.dump(documents[0] if len(documents) == 1 else documents, stream, indent=2, ensure_ascii=False)
            stream.write("\n")
        else:
            write_article_inspection(documents, stream)
    raise typer.Exit(ExitCode.findings if any("error" in d for d in documents) else ExitCode.clean)


@app.command("rules", epilog=RULES_EXAMPLES, short_help="List the rules that would run.")
def list_rules(
    config_file: Optional[Path] = typer.Option(None, "--config", "-c", metavar="FILE", help="Config file (TOML)."),
    format: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f", help="Output format."),
    pack: Optional[str] = typer.Option(None, "--pack", "-p", metavar="PACK", help="List this pack's rules (its own and those it enables) instead of the configured run's."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore every config file (auditor.toml, pyproject.toml): defaults and command-line options only."),
) -> None:
    """List the rules that would run, with their codes, names, severities and packs."""
    config = _config(config_file, [Path.cwd()], None, None, isolated)
    if pack:
        config = config.model_copy(update={"packs": [pack], "jurisdictions": [], "select": [], "ignore": []})
    ruleset = _ruleset(config)
    rules = [r for r in ruleset.rules if not pack or pack in r.sources or r.pack == pack]
    if format is InspectFormat.json:
        typer.echo(json.dumps([{**r.info().model_dump(mode="json"), "packs": list(r.sources), "note": r.note} for r in rules], indent=2, ensure_ascii=False))
        return
    for rule in rules:
        packs = ",".join(rule.sources)
        typer.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.rule.name:<40} {packs:<28} {rule.rule.docs.summary}")


@app.command("rule", epilog=RULE_EXAMPLES, short_help="Explain one rule, with examples.")
def explain_rule(
    code: str = typer.Argument(..., metavar="CODE", help="Rule code or name, e.g. AID101 or ai-image-undisclosed."),
    config_file: Optional[Path] = typer.Option(None, "--config", "-c", metavar="FILE", help="Config file (TOML)."),
    format: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f", help="Output format."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore every config file (auditor.toml, pyproject.toml): defaults and command-line options only."),
) -> None:
    """Explain one rule of any bundled pack: what it checks, why, what to do, examples, references."""
    from .engine.rule_docs import find_rule, rule_document
    from .report.rule_doc import rule_markdown

    compiled = find_rule(code, _config(config_file, [Path.cwd()], None, None, isolated))
    if compiled is None:
        raise UsageError(f"unknown rule '{code}' (see `auditor rules`)")
    if format is InspectFormat.json:
        typer.echo(json.dumps(rule_document(compiled), indent=2, ensure_ascii=False, default=str))
        return
    typer.echo(rule_markdown(compiled))


@app.command("fix", epilog=FIX_EXAMPLES, short_help="Mend what a check finds: XMP markings, captions.")
def fix_command(
    paths: List[Path] = typer.Argument(..., help="Articles, images or folders (searched recursively)."),
    diff: bool = typer.Option(False, "--diff", help="Change nothing: print what would change (exit 1 if anything would)."),
    allow_c2pa_break: bool = typer.Option(False, "--allow-c2pa-break", help="Also rewrite images that carry a C2PA manifest (this invalidates the manifest)."),
    fix_captions: bool = typer.Option(False, "--fix-captions", help="Also add the disclosure sentence, in the article's language, to the captions of AI images (AID101; Markdown and HTML)."),
    config_file: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file (TOML)."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only fix findings of these rule codes, prefixes or names."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Do not fix findings of these rule codes, prefixes or names."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore every config file (auditor.toml, pyproject.toml): defaults and command-line options only."),
) -> None:
    """Mend what a check finds, losslessly: write the IPTC digital source type into
    the XMP of AI images (AID102, PRV203); with --fix-captions, disclose AI images in
    their captions (AID101). Exit 1 when a fix was refused."""
    config = _config(config_file, paths, select, ignore, isolated)
    result = _fix(paths, config, _ruleset(config), sys.stdout, diff=diff, allow_c2pa_break=allow_c2pa_break, captions=fix_captions)
    raise typer.Exit(ExitCode.findings if result.refused or (diff and result.changes) else ExitCode.clean)


def _fix(paths, config: Config, ruleset, stream: TextIO, *, diff: bool, allow_c2pa_break: bool, captions: bool = False):
    from .fix.apply import apply_fixes, write_outcomes
    from .pipeline import audit_paths

    report = audit_paths(paths, config, ruleset=ruleset)
    result = apply_fixes(report.findings, dry_run=diff, allow_c2pa_break=allow_c2pa_break, captions=captions)
    write_outcomes(result, stream, diff=diff)
    return result


@app.command("serve", epilog=SERVE_EXAMPLES, short_help="Serve the audit over HTTP, with a page for editors.")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but loopback needs --token-file."),
    port: int = typer.Option(8765, "--port"),
    token_file: Optional[Path] = typer.Option(None, "--token-file", help="Bearer tokens, one a line (16 characters or more) [default: the config's serve_token_file]."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Audit worker processes [default: 1]."),
    queue: Optional[int] = typer.Option(None, "--queue", help="Requests that may wait for a worker before 429 [default: 4]."),
    max_request_bytes: Optional[int] = typer.Option(None, "--max-request-bytes", help="Largest request (413) [default: 32 MiB]."),
    max_image_bytes: Optional[int] = typer.Option(None, "--max-image-bytes", help="Largest image (413) [default: 20 MiB]."),
    request_seconds: Optional[float] = typer.Option(None, "--request-seconds", help="Time budget of one request (503) [default: 30]."),
    cors_origin: Optional[List[str]] = typer.Option(None, "--cors-origin", help="Allow browser calls from this origin (off by default)."),
    config_file: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file (TOML): packs, jurisdictions, fetch_remote …"),
) -> None:
    """Serve the audit over HTTP for CMS hooks, with a page for editors at / (needs auditor[serve])."""
    from .serve.command import ServeUsageError, run_server, serve_settings

    try:
        config = _config(config_file, [Path.cwd()], None, None)
        if token_file is None and config.serve_token_file is not None:
            token_file = config.root / config.serve_token_file
        settings = serve_settings(host, port, token_file, workers=workers, queue=queue, max_request_bytes=max_request_bytes,
                                  max_image_bytes=max_image_bytes, request_seconds=request_seconds,
                                  cors_origins=tuple(cors_origin) if cors_origin else None)
        auth = "bearer token required" if settings.tokens else "no token (loopback only)"
        typer.echo(f"auditor serve: http://{settings.host}:{settings.port}/ ({settings.workers} audit workers, {auth})", err=True)
        run_server(settings, config)
    except ServeUsageError as error:
        raise UsageError(str(error)) from None


class TrendFormat(str, enum.Enum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


@app.command("trend", epilog=TREND_EXAMPLES, short_help="Findings run by run from the ledger.")
def trend(
    ledger: Path = typer.Option(..., "--ledger", help="The SQLite ledger `check --ledger` records its runs in."),
    format: TrendFormat = typer.Option(TrendFormat.text, "--format", "-f"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Findings run by run from the ledger: by severity and rule, and how many are new or fixed."""
    from .report.trend import TrendError, read_trend, write_trend

    try:
        runs = read_trend(ledger)
    except TrendError as error:
        raise UsageError(str(error)) from None
    with _destination(output) as stream:
        write_trend(runs, format.value, stream)


baseline_app = typer.Typer(no_args_is_help=True, help="Record accepted findings so CI fails only on new ones.",
                           rich_markup_mode=None)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create", epilog=BASELINE_EXAMPLES, short_help="Write the current findings to a baseline file.")
def create_baseline(
    paths: Optional[List[Path]] = typer.Argument(None, metavar="PATH", help="Articles, images or folders [default: the current folder]."),
    output: Path = typer.Option(..., "--output", "-o", metavar="FILE", help="The baseline file to write (JSON)."),
    config_file: Optional[Path] = typer.Option(None, "--config", "-c", metavar="FILE", help="Config file (TOML)."),
    select: Optional[List[str]] = typer.Option(None, "--select", metavar="CODE", help="Only these rule codes, prefixes or names."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="CODE", help="Skip these rule codes, prefixes or names."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore every config file (auditor.toml, pyproject.toml): defaults and command-line options only."),
) -> None:
    """Write the current findings' fingerprints to FILE; `check --baseline FILE` then
    fails only on findings not in it. Run both from the same folder (the repository root)."""
    from .gate.baseline import BaselineError, write_baseline
    from .pipeline import audit_paths
    from .report.escaping import escape_controls
    from .report.paths import relative_path

    paths = paths or [Path(".")]
    config = _config(config_file, paths, select, ignore, isolated)
    report = audit_paths(paths, _without_own_files(config, paths, [output]), ruleset=_ruleset(config))
    here = Path.cwd()
    try:
        count = write_baseline(report, output, lambda p: relative_path(p, here))
    except BaselineError as error:
        raise UsageError(str(error)) from None
    sys.stderr.write(f"auditor: baseline {escape_controls(str(output))} records {count} finding{'s' if count != 1 else ''}\n")


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
        formatter = TallyingFormatter(formatter_for(fmt, stream), batch.publication)
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
    return config.model_copy(update=update) if update else config


def _ruleset(config: Config):
    return load_ruleset(config)


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


def _gate_report(report, ruleset, accepted: list[dict] | None):
    """The report as CI sees it: rules with their docs (for SARIF help), and each
    finding marked new or unchanged when there is a baseline."""
    from .gate.baseline import compare_with_baseline
    from .report.rule_doc import documented_rule

    report = report.model_copy(update={"rules": tuple(documented_rule(r) for r in ruleset.rules)})
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


def main(argv: list[str] | None = None) -> int:
    """Entry point: every failure ends as one line on stderr and an exit code."""
    try:
        code = app(args=argv, standalone_mode=False)
        return int(code) if isinstance(code, int) else ExitCode.clean
    except typer.Exit as done:
        return done.exit_code
    except (UsageError, ConfigError, RulePackError) as error:
        _error(str(error))
        return ExitCode.usage
    except typer.Abort:
        _error("aborted")
        return ExitCode.usage
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return ExitCode.clean
    except Exception as error:  # the last line of defence: never a traceback
        if hasattr(error, "format_message") and hasattr(error, "exit_code"):  # typer's usage errors
            _error(" ".join(str(error.format_message()).split()))
            return ExitCode.usage
        _error(f"internal error: {type(error).__name__}: {error}".splitlines()[0])
        return ExitCode.usage


def _error(message: str) -> None:
    from .report.escaping import one_line

    # Paths and values in a message may come from the audited content: one line, no control characters.
    sys.stderr.write(f"auditor: {one_line(message)}\n")


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
