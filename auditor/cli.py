"""The `auditor` command: arguments, output and exit codes. Nothing below this layer
prints; nothing here audits."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .cli_check import (ExitCode, FailOn, Format, GroupBy, UsageError, _config, _destination, _error, _fix, _ruleset,
                        _without_own_files, failed, run_check)


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
INSPECT_EXAMPLES = _examples("auditor inspect photo.jpg", "auditor inspect -f json images/*.png", "auditor inspect -f json -o media.json content/images/")
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


# Path arguments take parser=Path: without it typer builds a validator for every path
# given (0.3 s per 4,000 paths, which a pre-commit hook's file list pays on each run).
@app.command(epilog=CHECK_EXAMPLES, short_help="Audit articles and images (exit 1 on findings).")
def check(
    paths: List[Path] = typer.Argument(..., metavar="PATH", parser=Path, help="Articles, images or folders (searched recursively)."),
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
    # The work is in cli_check, which `cli_fast` runs without typer for a plain command line.
    raise typer.Exit(run_check(
        paths=paths, format=format, output=output, fail_on=fail_on, config_file=config_file, jobs=jobs, select=select,
        ignore=ignore, sarif_output=sarif_output, junit_output=junit_output, json_output=json_output,
        html_output=html_output, markdown_output=markdown_output, exit_zero=exit_zero, baseline=baseline,
        diff_against=diff_against, ledger=ledger, resume=resume, scheduler=scheduler, quiet=quiet,
        no_inline_suppressions=no_inline_suppressions, isolated=isolated, fetch_remote=fetch_remote, fix=fix,
        summary=summary, group_by=group_by, show_suppressed=show_suppressed, show_source=show_source,
        statistics=statistics))


@app.command(epilog=INSPECT_EXAMPLES, short_help="Show an image's provenance evidence and signals.")
def inspect(
    images: List[Path] = typer.Argument(..., metavar="IMAGE", parser=Path, help="Image files, or folders (searched recursively for images)."),
    format: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file instead of standard output."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help="Parallel worker processes [default: the number of cores, for folders long enough to gain from them]."),
) -> None:
    """Print what image files say about their provenance, and the signals derived from it."""
    from .batch.media_reading import image_paths, read_images

    found = image_paths(images)
    with _destination(output) as stream:
        if format is InspectFormat.json:
            from .report.inspect_json import inspection_json, write_inspection_json

            failed = write_inspection_json(read_images(found, inspection_json, jobs), stream)
        else:
            from .report.inspect import as_read, write_inspection

            failed = write_inspection(read_images(found, as_read, jobs), stream)
    raise typer.Exit(ExitCode.findings if failed else ExitCode.clean)


@app.command("inspect-article", epilog=INSPECT_ARTICLE_EXAMPLES, short_help="Show an article's figures and the images they resolve to.")
def inspect_article_command(
    pages: List[Path] = typer.Argument(..., metavar="ARTICLE", parser=Path, help="Article files (HTML, Markdown, MDX, text, JSON)."),
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

    from .report.rule_pages import rule_page_url

    config = _config(config_file, [Path.cwd()], None, None, isolated)
    compiled = find_rule(code, config)
    if compiled is None:
        raise UsageError(f"unknown rule '{code}' (see `auditor rules`)")
    page = rule_page_url(compiled.code, config.docs_url)
    if format is InspectFormat.json:
        typer.echo(json.dumps({**rule_document(compiled), "help_uri": page}, indent=2, ensure_ascii=False, default=str))
        return
    typer.echo(rule_markdown(compiled) + (f"\nOnline: {page}\n" if page else ""))


@app.command("fix", epilog=FIX_EXAMPLES, short_help="Mend what a check finds: XMP markings, captions.")
def fix_command(
    paths: List[Path] = typer.Argument(..., parser=Path, help="Articles, images or folders (searched recursively)."),
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
    paths: Optional[List[Path]] = typer.Argument(None, metavar="PATH", parser=Path, help="Articles, images or folders [default: the current folder]."),
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


def main(argv: list[str] | None = None) -> int:
    """Entry point: every failure ends as one line on stderr and an exit code."""
    from .cli_fast import run_plain_check

    fast = run_plain_check(sys.argv[1:] if argv is None else list(argv), whole_process=argv is None)  # skips typer
    if fast is not None:
        return fast
    try:
        code = app(args=argv, standalone_mode=False)
        return int(code) if isinstance(code, int) else ExitCode.clean
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        _error("aborted")
        return ExitCode.usage
    except (Exception, KeyboardInterrupt) as error:
        return failed(error)


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
