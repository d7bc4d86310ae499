"""Config trust: a config comes from where the user chose, never from above the
repository or a shared /tmp; `--isolated` ignores them all; users' regexes run on
a linear-time engine; YAML and trust-anchor files are bounded. Each hostile case
runs in a subprocess with a timeout: a hang fails the test instead of the suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.config import ConfigError, load_config

TIMEOUT = 120  # far above the second or two each case takes; only a hang reaches it
CATASTROPHIC = "(a+)+$"  # exponential on Python's re for "aaaa…ab"
HOSTILE_TITLE = "a" * 40 + "b"


def auditor(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def user_pack(folder: Path, condition: str) -> Path:
    return write(folder / "local.yaml", f"""\
pack: local
title: Local checks
version: "1"
rules:
  - id: LOC001
    name: local-title-check
    kind: condition
    target: article
    severity: error
    when: {condition}
    message: "Title matched."
    docs: {{summary: A local rule., rationale: Tests user patterns.}}
""")


@pytest.mark.parametrize("layout, found", [
    # No repository: a config in a parent (a shared /tmp, /) is never taken.
    ({"auditor.toml": 'role = "platform"', "site/story.md": "x"}, None),
    # Inside a repository: up to its root, and not one folder higher.
    ({"auditor.toml": 'role = "platform"', "repo/.git/HEAD": "", "repo/site/story.md": "x"}, None),
    ({"repo/auditor.toml": 'role = "platform"', "repo/.git/HEAD": "", "repo/site/story.md": "x"}, "repo/auditor.toml"),
    # The audited folder itself, repository or not.
    ({"site/auditor.toml": 'role = "platform"', "site/story.md": "x"}, "site/auditor.toml"),
])
def test_config_discovery_stays_inside_the_repository_or_the_audited_folder(tmp_path, monkeypatch, layout, found):
    root = tmp_path / "root"
    for name, text in layout.items():
        write(root / name, text)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    start = root / ("repo/site" if any(n.startswith("repo/site") for n in layout) else "site")
    config = load_config(start=start)
    assert config.source == (root / found if found else None)


def test_the_working_folder_config_applies_to_an_audit_elsewhere(tmp_path, monkeypatch):
    write(tmp_path / "desk" / "auditor.toml", 'role = "platform"\n')
    write(tmp_path / "feed" / "story.md", "x")
    monkeypatch.chdir(tmp_path / "desk")
    assert load_config(start=tmp_path / "feed").role == "platform"


def test_isolated_ignores_every_config_file(tmp_path):
    story = write(tmp_path / "story.md", "---\ntitle: x\n---\n![A photo](missing.png)\n")
    write(tmp_path / "auditor.toml", 'ignore = ["ALL"]\n')
    assert "INP002" not in auditor(["check", str(story)], tmp_path).stdout
    isolated = auditor(["check", "--isolated", str(story)], tmp_path)
    assert "INP002" in isolated.stdout
    both = auditor(["check", "--isolated", "--config", "auditor.toml", str(story)], tmp_path)
    assert both.returncode == 2 and len(both.stderr.splitlines()) == 1 and "--isolated" in both.stderr


@pytest.mark.parametrize("config", [
    # A regex in a config vocabulary, used by a local rule.
    f'pack_paths = ["local.yaml"]\n[vocabularies]\nlocal_words = [{{regex = "{CATASTROPHIC}"}}]\n',
    # A regex in a local pack's rule.
    'pack_paths = ["local.yaml"]\n',
])
def test_a_catastrophic_user_regex_runs_in_linear_time(tmp_path, config):
    condition = "{field: article.title, matches_vocab: local_words}" if "vocabularies" in config else f"{{field: article.title, matches: '{CATASTROPHIC}'}}"
    user_pack(tmp_path, condition)
    write(tmp_path / "auditor.toml", config)
    write(tmp_path / "story.md", f"---\ntitle: {HOSTILE_TITLE}\n---\nText.\n")
    write(tmp_path / "match.md", "---\ntitle: aaaa\n---\nText.\n")
    result = auditor(["check", "-f", "json", "story.md", "match.md"], tmp_path)
    assert result.returncode == 1, result.stderr
    found = [f["path"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "LOC001"]
    assert found == ["match.md"]


@pytest.mark.parametrize("config, pack_condition, key", [
    ('[vocabularies]\nphoto_credits = [{regex = "(a)\\\\1"}]\n', None, "vocabularies.photo_credits"),
    ('pack_paths = ["local.yaml"]\n', "{field: article.title, matches: '(?<=a)b'}", "LOC001"),
])
def test_a_regex_the_linear_engine_cannot_run_is_a_one_line_error(tmp_path, config, pack_condition, key):
    if pack_condition:
        user_pack(tmp_path, pack_condition)
    write(tmp_path / "auditor.toml", config)
    write(tmp_path / "story.md", "Text.\n")
    result = auditor(["check", "story.md"], tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and key in result.stderr and "RE2" in result.stderr


def test_a_yaml_alias_bomb_in_a_pack_is_a_one_line_error(tmp_path):
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi"))
    write(tmp_path / "local.yaml", "pack: local\ntitle: t\nversion: '1'\n" + "extra:\n" + "".join("  " + line + "\n" for line in bomb.splitlines()))
    write(tmp_path / "auditor.toml", 'pack_paths = ["local.yaml"]\n')
    result = auditor(["rule", "AID101"], tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "aliases expand past" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("anchors, problem", [
    ("/dev/zero", "not a regular file"),
    ("fifo.pem", "not a regular file"),
    ("big.pem", "larger than 1 MB"),
])
def test_trust_anchors_must_be_a_small_regular_file(tmp_path, anchors, problem):
    os.mkfifo(tmp_path / "fifo.pem")
    write(tmp_path / "big.pem", "-----BEGIN CERTIFICATE-----\n" + "A" * (2 * 1024 * 1024))
    write(tmp_path / "auditor.toml", f'c2pa_trust_anchors = "{anchors}"\n')
    with pytest.raises(ConfigError, match=f"c2pa_trust_anchors: .*{problem}"):
        load_config(tmp_path / "auditor.toml")
    result = auditor(["check", "."], tmp_path)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and problem in result.stderr


def test_a_config_inside_an_audited_archive_is_never_read(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "feed.zip", "w") as archive:
        archive.writestr("auditor.toml", 'ignore = ["ALL"]\n')
        archive.writestr("pyproject.toml", '[tool.auditor]\nignore = ["ALL"]\n')
        archive.writestr("story.md", "![A photo](missing.png)\n")
    outside = tmp_path / "run"
    outside.mkdir()
    result = auditor(["check", str(tmp_path / "feed.zip")], outside)
    assert "INP002" in result.stdout
