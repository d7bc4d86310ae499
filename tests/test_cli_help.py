"""Help that reads like a well-kept CLI, at a standard 80-column terminal: every
option named in full, defaults and extras visible, no Python type names as
metavars, examples under every command, and `auditor --version`."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from auditor import __version__

COMMANDS = [["check"], ["inspect"], ["inspect-article"], ["rules"], ["rule"], ["baseline", "create"]]


def help_of(*command: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "auditor", *command, "--help"], capture_output=True, text=True, timeout=60,
        env={"COLUMNS": "80", "PATH": "", "TERM": "xterm-256color"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_fits_80_columns_and_ends_with_examples(command):
    text = help_of(*command)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text and "..." not in text.split("Options:")[1].split("Examples:")[0]
    assert re.search(r"<(bool|path|list\[str\])>", text) is None  # plain metavars
    examples = text.split("Examples:")[1]
    assert f"auditor {' '.join(command)}" in examples


def test_check_help_shows_every_option_with_its_default_and_extra():
    text = help_of("check")
    for option in ("--no-inline-suppressions", "--show-suppressed", "--markdown-output", "--diff-against REF",
                   "--output FILE", "--jobs N", "--select CODE"):
        assert option in text
    flat = " ".join(text.split())
    assert "[default: text; github when GITHUB_ACTIONS is set]" in flat
    assert "[default: error]" in flat
    assert "pip install 'auditor[dask]'" in flat


def test_top_level_help_lists_commands_without_cutting_them_short():
    text = help_of()
    commands = text.split("Commands:")[1]
    assert "..." not in commands and all(len(line) <= 80 for line in commands.splitlines())


def test_version():
    done = subprocess.run([sys.executable, "-m", "auditor", "--version"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, f"auditor {__version__}\n")
