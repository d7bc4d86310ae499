"""The command line: exit codes, formats, and one-line errors instead of tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from auditor.cli import main


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_findings_at_the_threshold_exit_1(built_cases, capsys):
    code, out, _ = run(["check", str(built_cases / "AID104" / "fires")], capsys)
    assert code == 0  # AID104 is a warning; the default threshold is error
    assert "AID104" in out
    code, _, _ = run(["check", str(built_cases / "AID104" / "fires"), "--fail-on", "warning"], capsys)
    assert code == 1


def test_clean_input_exits_0_and_says_so(built_cases, capsys):
    code, out, _ = run(["check", str(built_cases / "AID101" / "passes")], capsys)
    assert code == 0
    assert "No findings" in out


def test_fail_on_never_always_exits_0(built_cases, capsys):
    code, _, _ = run(["check", str(built_cases / "ATT301" / "fires"), "--fail-on", "never"], capsys)
    assert code == 0


def test_json_report_follows_the_contract(built_cases, capsys):
    code, out, _ = run(["check", str(built_cases / "ATT301" / "fires"), "--format", "json"], capsys)
    assert code == 1
    report = json.loads(out)
    assert {"schema_version", "tool", "summary", "findings"} <= set(report)
    assert report["summary"]["findings"]["error"] == 1
    finding = report["findings"][0]
    for key in ("rule", "name", "severity", "message", "path", "line", "column", "media", "evidence", "fingerprint"):
        assert key in finding
    assert finding["rule"] == "ATT301" and finding["name"] == "wire-copy-unattributed"


def test_output_file_receives_the_report(built_cases, tmp_path, capsys):
    target = tmp_path / "out" / "report.sarif"
    code, out, _ = run(["check", str(built_cases / "ATT301" / "fires"), "-f", "sarif", "-o", str(target)], capsys)
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_missing_path_is_a_finding_not_a_crash(tmp_path, capsys):
    code, out, err = run(["check", str(tmp_path / "nope.md"), "-f", "json"], capsys)
    assert json.loads(out)["findings"][0]["rule"] == "INP003"
    assert "Traceback" not in err


@pytest.mark.parametrize("args,needle", [
    (["check", ".", "--format", "yaml"], "yaml"),
    (["check", ".", "--config", "/nonexistent/auditor.toml"], "cannot read config"),
    (["rule", "XYZ999"], "unknown rule"),
    (["check", ".", "--fail-on", "sometimes"], "sometimes"),
])
def test_usage_errors_exit_2_with_one_line(args, needle, capsys):
    code, _, err = run(args, capsys)
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) <= 3 and "Traceback" not in err


def test_invalid_config_key_is_reported_in_one_line(tmp_path, capsys):
    config = tmp_path / "auditor.toml"
    config.write_text('packs = ["core"]\nfial_on = "warning"\n')
    code, _, err = run(["check", str(tmp_path), "--config", str(config)], capsys)
    assert code == 2
    assert "fial_on" in err and len(err.strip().splitlines()) == 1


def test_broken_rule_pack_exits_2(tmp_path, capsys):
    pack = tmp_path / "mypack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("pack: mine\ntitle: t\nversion: '1'\nrules:\n  - id: ZZZ001\n    name: x\n    kind: condition\n    target: figure\n    severity: loud\n")
    config = tmp_path / "auditor.toml"
    config.write_text(f'pack_paths = ["{pack}"]\n')
    code, _, err = run(["check", str(tmp_path), "--config", str(config)], capsys)
    assert code == 2
    assert "ZZZ001" in err and "Traceback" not in err


def test_rules_lists_every_core_code(capsys):
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    for rule in ("AID101", "AID102", "AID103", "AID104", "ATT301", "ATT303", "DAT401", "INP001", "INP002", "INP003"):
        assert rule in out


def test_rule_explains_itself_with_examples(capsys):
    code, out, _ = run(["rule", "ai-image-undisclosed"], capsys)
    assert code == 0
    assert out.startswith("# AID101 ai-image-undisclosed")
    assert "## Flagged" in out and "## Passes" in out


def test_inspect_json_has_the_contract_keys(built_cases, capsys):
    image = built_cases / "seed" / "russia-peace-talks.jpg"
    code, out, _ = run(["inspect", str(image), "--format", "json"], capsys)
    assert code == 0
    facts = json.loads(out)
    for key in ("path", "format", "width", "height", "signals", "exif", "iptc", "xmp", "png_text", "c2pa"):
        assert key in facts
    assert {"kind": "ai-generated", "source": "xmp:Iptc4xmpExt:DigitalSourceType",
            "value": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"} in facts["signals"]


def test_inspect_of_an_unreadable_image_exits_1(built_cases, capsys):
    code, out, _ = run(["inspect", str(built_cases / "INP001" / "fires" / "chart.png")], capsys)
    assert code == 1 and "INP001" in out


def test_console_script_runs_as_a_process(built_cases):
    result = subprocess.run([sys.executable, "-m", "auditor", "check", str(built_cases / "DAT401" / "fires")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "DAT401" in result.stdout
