"""The GitHub Action: a composite action that audits, uploads SARIF even when the
audit fails, then fails the job with the audit's exit code; its inputs reach
scripts only through the environment."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ACTION = yaml.safe_load((Path(__file__).resolve().parents[1] / "action.yml").read_text("utf-8"))
STEPS = ACTION["runs"]["steps"]
# The venv the action would build is this test run's own environment.
NEW_INPUTS = {"AUDITOR_VENV": str(Path(__import__("sys").executable).parent.parent), "AUDITOR_ARGS": "",
              "AUDITOR_VERSION": "", "AUDITOR_SUMMARY": "false"}


def test_is_a_composite_action():
    assert ACTION["runs"]["using"] == "composite"
    assert all(step.get("shell") == "bash" for step in STEPS if "run" in step)


def test_no_input_or_context_is_interpolated_into_a_script():
    for step in STEPS:
        script = step.get("run", "")
        assert "${{" not in script, f"step {step.get('name')!r} interpolates an expression into its script"


def test_every_input_reaches_the_scripts_through_env():
    passed = " ".join(str(v) for step in STEPS for v in (step.get("env") or {}).values())
    used_elsewhere = " ".join(str(step.get("with", "")) + str(step.get("if", "")) for step in STEPS)
    for name in ACTION["inputs"]:
        assert f"inputs.{name}" in passed or f"inputs.{name}" in used_elsewhere, name


def test_the_audit_never_stops_the_job_before_the_upload():
    audit = next(step for step in STEPS if step.get("id") == "check")
    assert "set +e" in audit["run"] and "--sarif-output" in audit["run"]
    assert "exit-code=" in audit["run"] and "GITHUB_OUTPUT" in audit["run"]


def test_sarif_is_uploaded_even_when_the_audit_failed_then_the_job_fails_with_its_code():
    names = [step.get("uses", step.get("name")) for step in STEPS]
    upload_at = next(i for i, step in enumerate(STEPS) if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    upload = STEPS[upload_at]
    assert re.search(r"\balways\(\)", upload["if"])
    last = STEPS[-1]
    assert upload_at < len(STEPS) - 1, names
    assert last["env"]["AUDITOR_EXIT_CODE"] == "${{ steps.check.outputs.exit-code }}"
    assert last["run"].strip().startswith('exit "${AUDITOR_EXIT_CODE')


def test_the_audit_script_passes_hostile_inputs_as_plain_arguments(tmp_path):
    """Runs the audit step's script with bash as the runner would, with inputs that
    would execute commands if they were interpolated."""
    import os
    import subprocess
    import sys

    audit = next(step for step in STEPS if step.get("id") == "check")
    outputs = tmp_path / "github_output"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_ACTIONS": "true",
        "ACTION_PATH": str(Path(__file__).resolve().parents[1]),
        "AUDITOR_PATHS": "news$(touch pwned-paths)",
        "AUDITOR_FAIL_ON": "error; touch pwned-fail-on",
        "AUDITOR_BASELINE": "", "AUDITOR_DIFF_AGAINST": "", "AUDITOR_CONFIG": "",
        "AUDITOR_SARIF": "auditor.sarif",
        **NEW_INPUTS,
    }
    done = subprocess.run(["bash", "-e", "-c", audit["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob("pwned*"))
    assert outputs.read_text().strip() == "exit-code=2"  # the odd --fail-on value is a usage error
    assert "error; touch pwned-fail-on" in done.stderr


def test_the_audit_script_writes_sarif_annotates_and_records_the_exit_code(tmp_path):
    import os
    import subprocess
    import sys

    from content_repo import UNDISCLOSED, ai_image, article, write

    ai_image(tmp_path / "news" / "storm.jpg")
    write(tmp_path / "news" / "storm.md", article([("storm.jpg", UNDISCLOSED)]))
    audit = next(step for step in STEPS if step.get("id") == "check")
    outputs = tmp_path / "github_output"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_OUTPUT": str(outputs), "GITHUB_ACTIONS": "true",
        "ACTION_PATH": str(Path(__file__).resolve().parents[1]),
        "AUDITOR_PATHS": "news", "AUDITOR_FAIL_ON": "error", "AUDITOR_BASELINE": "",
        "AUDITOR_DIFF_AGAINST": "", "AUDITOR_CONFIG": "", "AUDITOR_SARIF": "out/auditor.sarif",
        **NEW_INPUTS,
    }
    done = subprocess.run(["bash", "-e", "-c", audit["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr  # the step itself succeeds; the last step fails the job
    assert outputs.read_text().strip() == "exit-code=1"
    assert (tmp_path / "out" / "auditor.sarif").is_file()
    assert done.stdout.startswith("::error file=news/storm.md,")
