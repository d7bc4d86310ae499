"""The `auditor` command: arguments, output and exit codes. Nothing below this layer
prints; nothing here audits."""

from __future__ import annotations

import enum
import json
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
    html = "html"
    markdown = "markdown"


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


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Articles, images or folders (searched recursively)."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Report format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that makes the exit code 1 [default: error]."),
    config_file: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file (TOML)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parallel worker processes."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rule codes, prefixes or names."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule codes, prefixes or names."),
) -> None:
    """Audit articles and images; exit 1 when findings reach --fail-on."""
    from .pipeline import audit_paths
    from .report import write_report

    config = _config(config_file, paths, select, ignore)
    threshold = (fail_on.value if fail_on else config.fail_on)
    ruleset = _ruleset(config)
    report = audit_paths(paths, config, ruleset=ruleset)
    with _destination(output) as stream:
        write_report(report, format.value, stream)
    raise typer.Exit(_exit_code(report.findings, threshold))


@app.command()
def inspect(
    images: List[Path] = typer.Argument(..., help="Image files."),
    format: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
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


@app.command("rules")
def list_rules(
    config_file: Optional[Path] = typer.Option(None, "--config", "-c"),
    format: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f"),
) -> None:
    """List the rules that would run, with their codes, names and severities."""
    ruleset = _ruleset(_config(config_file, [Path.cwd()], None, None))
    if format is InspectFormat.json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in ruleset.infos()], indent=2))
        return
    for rule in ruleset.infos():
        typer.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<34} {rule.summary}")


@app.command("rule")
def explain_rule(
    code: str = typer.Argument(..., help="Rule code or name, e.g. AID101 or ai-image-undisclosed."),
    config_file: Optional[Path] = typer.Option(None, "--config", "-c"),
) -> None:
    """Explain one rule: what it checks, why, and examples."""
    from .report.rule_doc import rule_markdown

    ruleset = _ruleset(_config(config_file, [Path.cwd()], None, None))
    for compiled in ruleset.rules:
        if code.upper() == compiled.code or code == compiled.rule.name:
            typer.echo(rule_markdown(compiled))
            return
    raise UsageError(f"unknown rule '{code}' (see `auditor rules`)")


def _config(config_file: Path | None, paths: list[Path], select, ignore) -> Config:
    start = paths[0] if paths else Path.cwd()
    config = load_config(config_file, start=start.resolve() if start.exists() else Path.cwd())
    update = {}
    if select:
        update["select"] = [s for item in select for s in item.split(",") if s]
    if ignore:
        update["ignore"] = list(config.ignore) + [s for item in ignore for s in item.split(",") if s]
    return config.model_copy(update=update) if update else config


def _ruleset(config: Config):
    return load_ruleset(config)


def _exit_code(findings, threshold: str) -> int:
    if threshold == "never":
        return ExitCode.clean
    floor = Severity(threshold).rank
    return ExitCode.findings if any(f.severity.rank >= floor for f in findings) else ExitCode.clean


@contextmanager
def _destination(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8", newline="") as stream:
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
    sys.stderr.write(f"auditor: {message}\n")


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
