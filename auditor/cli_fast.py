"""The `auditor` entry point. A plain `auditor check PATH… [options]` command line is
parsed here and run without loading typer, click or rich (an editor's save hook
pays start-up on every call); anything else (help, a typo, an unusual spelling, any
other command) goes to the typer app in `cli`, which owns every message and error."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

# check's options, as `cli.check` declares them: option -> (parameter, kind). Kinds:
# "path", "text", "jobs" (an integer >= 1), "format", "fail_on", "group_by" (their
# enum's values), "flag"/"unflag" (True/False). A test holds this table to typer's.
OPTIONS: dict[str, tuple[str, str]] = {
    "--format": ("format", "format"), "-f": ("format", "format"),
    "--output": ("output", "path"), "-o": ("output", "path"),
    "--fail-on": ("fail_on", "fail_on"),
    "--config": ("config_file", "path"), "-c": ("config_file", "path"),
    "--jobs": ("jobs", "jobs"), "-j": ("jobs", "jobs"),
    "--select": ("select", "text"),
    "--ignore": ("ignore", "text"),
    "--sarif-output": ("sarif_output", "path"),
    "--junit-output": ("junit_output", "path"),
    "--json-output": ("json_output", "path"),
    "--html-output": ("html_output", "path"),
    "--markdown-output": ("markdown_output", "path"),
    "--exit-zero": ("exit_zero", "flag"),
    "--baseline": ("baseline", "path"),
    "--diff-against": ("diff_against", "text"),
    "--ledger": ("ledger", "path"),
    "--resume": ("resume", "flag"),
    "--scheduler": ("scheduler", "text"),
    "--quiet": ("quiet", "flag"), "-q": ("quiet", "flag"),
    "--no-inline-suppressions": ("no_inline_suppressions", "flag"),
    "--isolated": ("isolated", "flag"),
    "--fetch-remote": ("fetch_remote", "flag"),
    "--fix": ("fix", "flag"),
    "--summary": ("summary", "flag"), "--no-summary": ("summary", "unflag"),
    "--group-by": ("group_by", "group_by"),
    "--show-suppressed": ("show_suppressed", "flag"),
    "--show-source": ("show_source", "flag"), "--no-show-source": ("show_source", "unflag"),
    "--statistics": ("statistics", "flag"),
}
# click expands wildcards in the command line itself on Windows (the shell does elsewhere).
_EXPANDS_WILDCARDS = sys.platform == "win32"
REPEATABLE = frozenset({"select", "ignore", "group_by"})
DEFAULTS: dict[str, Any] = {
    "format": None, "output": None, "fail_on": None, "config_file": None, "jobs": None, "select": (), "ignore": (),
    "sarif_output": None, "junit_output": None, "json_output": None, "html_output": None, "markdown_output": None,
    "exit_zero": False, "baseline": None, "diff_against": None, "ledger": None, "resume": False, "scheduler": None,
    "quiet": False, "no_inline_suppressions": False, "isolated": False, "fetch_remote": False, "fix": False,
    "summary": None, "group_by": (), "show_suppressed": False, "show_source": True, "statistics": False,
}


def plain_check(args: list[str]) -> dict[str, Any] | None:
    """The parameters of `cli.check` for `args` (the words after `auditor`), or None
    when they are not a plain, valid check command line: typer then parses them, and
    words its own help and errors."""
    if len(args) < 2 or args[0] != "check":
        return None
    from .cli_check import FailOn, Format, GroupBy

    choices = {"format": Format, "fail_on": FailOn, "group_by": GroupBy}
    params: dict[str, Any] = {"paths": []}
    words = iter(args[1:])
    for word in words:
        if word and not word.startswith("-"):
            if _EXPANDS_WILDCARDS and any(c in word for c in "*?["):
                return None  # click expands it first on Windows
            params["paths"].append(Path(word))
            continue
        name, equals, attached = word.partition("=")
        if equals and not name.startswith("--"):
            return None  # "-f=json": click reads it as "=json"
        option = OPTIONS.get(name)
        if option is None:
            return None  # --help, "--", clustered short flags, "", a typo: typer's to answer
        parameter, kind = option
        if kind in ("flag", "unflag"):
            if equals:
                return None
            params[parameter] = kind == "flag"
            continue
        value = attached if equals else next(words, None)
        if not value or value.startswith("-"):
            return None  # missing, empty or option-like: typer words the error (or takes it)
        if kind == "jobs":
            if not (value.isascii() and value.isdigit()) or int(value) < 1:
                return None
            converted: Any = int(value)
        elif kind in choices:
            if value not in choices[kind]._value2member_map_:
                return None
            converted = choices[kind](value)
        else:
            converted = Path(value) if kind == "path" else value
        if parameter in REPEATABLE:
            params[parameter] = [*params.get(parameter, ()), converted]
        else:
            params[parameter] = converted
    if not params["paths"]:
        return None
    return {**DEFAULTS, **params}


def run_plain_check(args: list[str], *, whole_process: bool = False) -> int | None:
    """Runs `args` when they are a plain check command line; None otherwise. Errors
    end as `cli.main` ends them: one line on stderr and an exit code. A process that
    is only this command (`whole_process`) collects no garbage during start-up."""
    params = plain_check(args)
    if params is None:
        return None
    if whole_process:
        pause_collection_for_start_up()
    from .cli_check import failed, run_check

    try:
        return int(run_check(**params))
    except (Exception, KeyboardInterrupt) as error:
        return failed(error)
    finally:
        start_up_done()  # a run that ended early (a usage error) in this process


_paused_collection = False


def pause_collection_for_start_up() -> None:
    """Start-up (imports, models, the rule set) makes hundreds of thousands of objects
    that live as long as the run and none that are garbage: the cyclic collector
    only slows it down (5-10 % of a one-article run)."""
    global _paused_collection
    if gc.isenabled():
        gc.disable()
        _paused_collection = True


def start_up_done() -> None:
    """Collection back on; what start-up made is frozen out of later collections."""
    global _paused_collection
    if _paused_collection:
        _paused_collection = False
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    """Runs the command line `argv` (the process's own when None, which then also
    uses the compiled-regex cache) and returns its exit code."""
    whole_process = argv is None
    if whole_process:
        # pydantic looks up plugins through every installed package's metadata when
        # it builds the first model (~25 ms, most of it importlib.metadata): the
        # command wants none. A process that only calls main(argv) keeps its plugins.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        skip_pydantic_plugin_loader()
        from . import code_cache, regex_cache

        regex_cache.preload()  # before the imports that compile them
        code_cache.preload()  # after it: it imports dataclasses (and inspect, tokenize: their regexes)
    try:
        args = sys.argv[1:] if argv is None else list(argv)
        code = run_plain_check(args, whole_process=whole_process)
        if code is not None:
            return code
        from .cli import main as typer_main

        return typer_main(argv)  # None, not sys.argv[1:]: click expands wildcards itself on Windows
    finally:
        if whole_process:
            regex_cache.store()
            code_cache.store()


def skip_pydantic_plugin_loader() -> None:
    """With every plugin off, pydantic's plugin loader only answers "no plugins", yet
    importing it imports `importlib.metadata` (email, zipfile, socket: ~6 % of a
    one-article check). A stand-in module that gives the same answer takes its place.
    Left alone when plugins may run, when the loader is already imported, or when
    pydantic no longer has the loader this stands in for."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__" or _PYDANTIC_LOADER in sys.modules:
        return
    from importlib.util import find_spec

    try:  # the top-level spec only: importing pydantic now would come before the regex cache
        spec = find_spec("pydantic")
        folders = list(spec.submodule_search_locations or ()) if spec else []
    except (ImportError, ValueError):
        return
    if not any(os.path.isfile(os.path.join(folder, "plugin", "_loader.py")) for folder in folders):
        return
    import types

    stand_in = types.ModuleType(_PYDANTIC_LOADER, "pydantic's plugin loader, while every plugin is off (auditor.cli_fast)")
    stand_in.get_plugins = lambda: ()  # what the real one returns under PYDANTIC_DISABLE_PLUGINS=__all__
    sys.modules[_PYDANTIC_LOADER] = stand_in


_PYDANTIC_LOADER = "pydantic.plugin._loader"


def run() -> None:
    code = main()
    _end_process(code or 0)


def _end_process(code: int) -> None:
    """Ends the command without the interpreter's teardown, which frees every object
    of ~500 modules one by one (6 % of a one-article check). What must happen at exit
    happens first: the standard streams are flushed and the atexit hooks run
    (temporary folders, logging, process pools). With another thread still running,
    or a stream that cannot be flushed, the process ends the ordinary way."""
    import atexit
    import threading

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let Python report it as it always does
        sys.exit(code)
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)
