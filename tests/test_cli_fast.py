"""A plain `auditor check` command line runs without typer (`auditor.cli_fast`): it must
mean exactly what typer makes of it, and anything else must reach typer untouched,
so help, every option and every error message stay typer's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from auditor.cli import app
from auditor.cli_fast import DEFAULTS, OPTIONS, REPEATABLE, plain_check

CHECK = typer.main.get_command(app).commands["check"]

PLAIN = [
    ["check", "story.html"],
    ["check", "a.md", "b.html", "images/"],
    ["check", ".", "-f", "json", "-o", "report.json"],
    ["check", ".", "--format=sarif", "--output=out.sarif"],
    ["check", "--fail-on", "warning", "content/"],
    ["check", "content/", "-c", "auditor.toml", "-j", "2", "-q"],
    ["check", "x", "--select", "AID", "--select", "ATT301,DAT", "--ignore", "AID104"],
    ["check", "x", "--sarif-output", "s", "--junit-output", "j", "--json-output", "js", "--html-output", "h",
     "--markdown-output", "m"],
    ["check", "x", "--exit-zero", "--baseline", "b.json", "--diff-against", "origin/main"],
    ["check", "x", "--ledger", "l.sqlite", "--resume", "--scheduler", "local"],
    ["check", "x", "--no-inline-suppressions", "--isolated", "--fetch-remote", "--fix"],
    ["check", "x", "--summary", "--group-by", "rule", "--group-by", "year", "--no-summary"],
    ["check", "x", "--show-suppressed", "--no-show-source", "--statistics", "--show-source"],
    ["check", "x", "-f", "text", "-f", "jsonl"],  # the last one wins, as in click
    ["check", "x", "--jobs", "12"],
]

NOT_PLAIN = [
    [],
    ["check"],  # no path: typer's "Missing argument"
    ["--version"],
    ["check", "--help"],
    ["check", "x", "-h"],
    ["rules"],
    ["inspect", "photo.jpg"],
    ["check", "x", "--format", "JSON"],  # choices are case-sensitive
    ["check", "x", "--fail-on", "critical"],
    ["check", "x", "--group-by", "week"],
    ["check", "x", "--jobs", "0"],
    ["check", "x", "-j", "two"],
    ["check", "x", "-qj2"],
    ["check", "x", "-f=json"],
    ["check", "x", "--exit-zero=yes"],
    ["check", "x", "--output"],
    ["check", "x", "--output", "-"],
    ["check", "x", "--output="],
    ["check", "x", "--"],
    ["check", "-"],
    ["check", ""],
    ["check", "x", "--formt", "json"],
    ["check", "x", "--no-cache"],
]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_a_plain_check_means_what_typer_makes_of_it(argv):
    assert plain_check(argv) == CHECK.make_context("check", argv[1:]).params


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=lambda argv: " ".join(argv) or "(nothing)")
def test_anything_else_is_left_to_typer(argv):
    assert plain_check(argv) is None


def test_the_option_table_is_typers():
    declared = {}
    for param in CHECK.params:
        if param.name == "paths":
            continue
        for option in param.opts:
            declared[option] = (param.name, "flag" if param.is_flag else "value", param.multiple)
        for option in param.secondary_opts:
            declared[option] = (param.name, "unflag", param.multiple)
    ours = {option: (parameter, kind if kind in ("flag", "unflag") else "value", parameter in REPEATABLE)
            for option, (parameter, kind) in OPTIONS.items()}
    assert ours == declared
    assert DEFAULTS == {k: v for k, v in CHECK.make_context("check", ["x"]).params.items() if k != "paths"}


def _typer_report(arguments: list[str], capsys) -> tuple[int, dict]:
    try:  # as cli.main runs the app
        code = app(args=arguments, standalone_mode=False)
        code = code if isinstance(code, int) else 0
    except typer.Exit as done:
        code = done.exit_code
    return code, json.loads(capsys.readouterr().out)


def _without_elapsed(report: dict) -> dict:
    """The report less what the clock decides."""
    report["summary"].pop("elapsed", None)
    report["summary"].pop("documents_per_second", None)
    return report


def test_the_bundled_fixtures_report_the_same_through_either_path(built_cases, capsys, monkeypatch):
    from auditor.cli_fast import main

    arguments = ["check", str(built_cases), "-f", "json", "--fail-on", "warning"]
    assert main(arguments) in (0, 1)  # fills the rule-set cache
    capsys.readouterr()
    fast_code = main(arguments)
    fast = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    typer_code, through_typer = _typer_report(arguments, capsys)
    assert fast["findings"], "the fixtures have findings to compare"
    assert (fast_code, _without_elapsed(fast)) == (typer_code, _without_elapsed(through_typer))


@pytest.mark.parametrize("argv,message", [
    (["check", "x", "--format", "JSON"], "Invalid value for '--format' / '-f'"),
    (["check"], "Missing argument 'PATH'"),
    (["check", "x", "--no-such-option"], "No such option: --no-such-option"),
])
def test_the_command_leaves_unusual_lines_to_typer_and_its_messages(tmp_path, argv, message):
    done = subprocess.run([sys.executable, "-m", "auditor", *argv], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr


def test_the_command_does_not_load_typer_rich_or_markdown_for_one_html_article(built_cases, tmp_path):
    article = next(built_cases.rglob("*.html"))
    probe = ("import sys; sys.argv = ['auditor', 'check', sys.argv[1], '-f', 'json']\n"
             "from auditor.cli_fast import main\nmain()\n"
             "sys.stderr.write(' '.join(sorted(m for m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe, str(article)], cwd=Path(article).parent, capture_output=True,
                          text=True, timeout=60)
    loaded = set(done.stderr.split())
    assert "auditor.pipeline" in loaded  # it did audit
    assert loaded & {"typer", "click", "rich", "markdown_it", "httpx", "dask", "auditor.cli"} == set()


@pytest.mark.parametrize("extra", [[], ["--config", "missing.toml"]], ids=["a run", "a usage error"])
def test_garbage_collection_is_back_on_once_start_up_is_over(built_cases, capsys, extra):
    import gc

    from auditor.cli_fast import run_plain_check

    assert gc.isenabled()
    try:
        code = run_plain_check(["check", str(built_cases / "AID101"), "-f", "json", *extra], whole_process=True)
        assert code == (2 if extra else 1)
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_command_ends_without_teardown_but_cleans_up_and_reports_fully(built_cases, tmp_path):
    """`auditor` ends with os._exit after the atexit hooks: its scratch folders are gone,
    its report is whole and its exit code is the gate's."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    environment = {**os.environ, "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, "-m", "auditor", "check", str(built_cases), "-f", "jsonl"],
                          capture_output=True, text=True, timeout=120, env=environment)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(json.loads(line)["rule"] for line in lines)
    assert list(scratch.iterdir()) == []
