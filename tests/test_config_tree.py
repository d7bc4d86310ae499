"""Hierarchical config: the nearest config above each audited file applies to it (as
ruff's does), `extend` inherits from another file, and nothing above the repository
root is ever read. Each test builds a small repository of Markdown articles whose AI
image is not disclosed (AID101), and audits it from the root."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import ConfigError, load_config
from tests.content_repo import UNDISCLOSED, ai_image, article, write


def section(root: Path, folder: str) -> Path:
    """An article in `folder` whose AI image has no disclosure: AID101."""
    ai_image(root / folder / "storm.jpg")
    return write(root / folder / "storm.md", article([("storm.jpg", UNDISCLOSED)]))


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository (it has .git) with a root config and two sections."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root / "auditor.toml", 'packs = ["core"]\n')
    section(root, "content/news")
    section(root, "content/opinion")
    monkeypatch.chdir(root)
    return root


def audit(capsys, *args: str) -> tuple[int, dict[str, set[str]]]:
    """The exit code, and the rule codes reported per article folder."""
    code = main(["check", *args, "-f", "json", "--fail-on", "never"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    rules: dict[str, set[str]] = {}
    for finding in json.loads(captured.out)["findings"]:
        rules.setdefault(Path(finding["path"]).parent.name, set()).add(finding["rule"])
    return code, rules


def failure(capsys, *args: str) -> str:
    code = main(["check", *args, "-f", "json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    return err


def test_a_section_config_applies_to_its_files_when_the_root_is_audited(repo, capsys):
    write(repo / "content/opinion/auditor.toml", 'packs = ["core"]\nignore = ["AID101"]\n')
    _, rules = audit(capsys, "content")
    assert "AID101" in rules["news"]
    assert "AID101" not in rules.get("opinion", set())


def test_the_section_config_is_the_same_whether_the_root_or_the_section_is_audited(repo, capsys):
    write(repo / "content/opinion/auditor.toml", 'ignore = ["AID101"]\n')
    _, from_root = audit(capsys, ".")
    _, alone = audit(capsys, "content/opinion")
    assert "AID101" not in from_root.get("opinion", set()) | alone.get("opinion", set())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_section_config_applies_in_worker_processes_too(repo, capsys, jobs):
    write(repo / "content/opinion/.auditor.toml", 'ignore = ["AID"]\n')
    _, rules = audit(capsys, "content", "--jobs", jobs)
    assert "AID101" in rules["news"] and "AID101" not in rules.get("opinion", set())


def test_pyproject_tool_auditor_counts_and_a_pyproject_without_it_does_not(repo, capsys):
    write(repo / "content/opinion/pyproject.toml", '[tool.auditor]\nignore = ["AID101"]\n')
    write(repo / "content/news/pyproject.toml", '[project]\nname = "site"\n')
    _, rules = audit(capsys, "content")
    assert "AID101" in rules["news"] and "AID101" not in rules.get("opinion", set())


def test_extend_inherits_and_the_extending_file_wins_key_by_key(repo, capsys):
    write(repo / "shared/base.toml", 'ignore = ["AID101"]\nseverity = { AID102 = "info" }\n')
    write(repo / "content/opinion/auditor.toml", 'extend = "../../shared/base.toml"\n')
    write(repo / "content/news/auditor.toml", 'extend = "../../shared/base.toml"\nignore = []\n')
    _, rules = audit(capsys, "content")
    assert "AID101" not in rules.get("opinion", set())
    assert "AID101" in rules["news"]


def test_extend_resolves_the_files_it_names_against_the_file_that_names_them(tmp_path):
    write(tmp_path / "shared/base.toml", 'pack_paths = ["packs"]\n')
    child = write(tmp_path / "site/auditor.toml", 'extend = "../shared/base.toml"\n')
    assert load_config(child).pack_paths == [tmp_path / "shared/packs"]


def test_a_cycle_of_extends_is_one_line_exit_2(repo, capsys):
    write(repo / "a.toml", 'extend = "b.toml"\n')
    write(repo / "b.toml", 'extend = "a.toml"\n')
    write(repo / "content/opinion/auditor.toml", 'extend = "../../a.toml"\n')
    assert "cycle" in failure(capsys, "content")


def test_a_missing_extend_target_is_one_line_exit_2(repo, capsys):
    write(repo / "content/opinion/auditor.toml", 'extend = "../base.toml"\n')
    err = failure(capsys, "content")
    assert "extend" in err and "not found" in err and "base.toml" in err


def test_an_extend_chain_longer_than_the_cap_is_refused(tmp_path):
    for number in range(12):
        write(tmp_path / f"c{number}.toml", f'extend = "c{number + 1}.toml"\n')
    write(tmp_path / "c12.toml", "")
    with pytest.raises(ConfigError, match="chain longer than"):
        load_config(tmp_path / "c0.toml")


def test_a_config_above_the_repository_root_is_never_used(tmp_path, monkeypatch, capsys):
    write(tmp_path / "auditor.toml", 'ignore = ["ALL"]\n')  # someone else's folder
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    section(root, "content/news")
    monkeypatch.chdir(root)
    _, rules = audit(capsys, "content")
    assert "AID101" in rules["news"]


def test_a_section_config_extending_outside_the_repository_is_refused(repo, capsys):
    write(repo.parent / "outside.toml", 'ignore = ["ALL"]\n')
    write(repo / "content/opinion/auditor.toml", 'extend = "../../../outside.toml"\n')
    assert "outside" in failure(capsys, "content")


def test_a_section_config_linked_from_outside_the_repository_is_refused(repo, capsys):
    target = write(repo.parent / "elsewhere.toml", 'ignore = ["ALL"]\n')
    os.symlink(target, repo / "content/opinion/auditor.toml")
    assert "outside" in failure(capsys, "content")


def test_an_invalid_section_config_is_one_line_naming_it(repo, capsys):
    write(repo / "content/opinion/auditor.toml", 'role = "blogger"\n')
    err = failure(capsys, "content")
    assert "opinion" in err and "role" in err


def test_an_explicit_config_applies_to_every_file(repo, capsys):
    write(repo / "content/opinion/auditor.toml", 'ignore = ["AID101"]\n')
    _, rules = audit(capsys, "content", "--config", "auditor.toml")
    assert "AID101" in rules["news"] and "AID101" in rules["opinion"]


def test_command_line_select_applies_on_top_of_a_section_config(repo, capsys):
    write(repo / "content/opinion/auditor.toml", 'severity = { AID101 = "info" }\n')
    _, rules = audit(capsys, "content", "--select", "AID102")
    assert "AID101" not in rules.get("opinion", set()) | rules.get("news", set())


def test_per_run_settings_come_from_the_run_config_only(repo, capsys):
    # exclude is per run: a section cannot hide its own files from the audit.
    write(repo / "content/opinion/auditor.toml", 'exclude = ["*.md"]\n')
    _, rules = audit(capsys, "content")
    assert "AID101" in rules["opinion"]


def test_the_ledger_re_audits_a_section_when_its_config_changes(repo, capsys, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite")
    _, first = audit(capsys, "content", "--ledger", ledger)
    assert "AID101" in first["opinion"]
    config = write(repo / "content/opinion/auditor.toml", 'ignore = ["AID101"]\n')
    _, second = audit(capsys, "content", "--ledger", ledger)
    assert "AID101" not in second.get("opinion", set()) and "AID101" in second["news"]
    config.write_text('ignore = ["AID102"]\n', encoding="utf-8")  # same folder listing, new content
    os.utime(config, ns=(1, 1))
    _, third = audit(capsys, "content", "--ledger", ledger)
    assert "AID101" in third["opinion"]


def test_a_config_added_above_an_audited_folder_is_seen_by_a_replayed_run(repo, capsys, tmp_path):
    # The run's config is news's own; only opinion's lookup passes content/.
    write(repo / "content/news/auditor.toml", 'packs = ["core"]\n')
    ledger = str(tmp_path / "ledger.sqlite")
    _, before = audit(capsys, "content/news", "content/opinion", "--ledger", ledger)
    assert "AID101" in before["opinion"]
    write(repo / "content/auditor.toml", 'ignore = ["AID101"]\n')
    _, after = audit(capsys, "content/news", "content/opinion", "--ledger", ledger)
    assert "AID101" in after["news"] and "AID101" not in after.get("opinion", set())


def test_sections_with_the_same_settings_share_one_rule_set(repo):
    from auditor.config_tree import ConfigTree

    write(repo / "base.toml", 'ignore = ["AID102"]\n')
    for folder in ("content/news", "content/opinion"):
        write(repo / folder / "auditor.toml", 'extend = "../../base.toml"\n')
    write(repo / "content/sport/auditor.toml", 'extend = "../../base.toml"\nper_path_ignores = { "x/**" = ["DAT401"] }\n')
    tree = ConfigTree(load_config(repo / "auditor.toml"), [repo / "content"])
    news, opinion, sport = (tree.config_of(str(repo / folder / "a.md")) for folder in ("content/news", "content/opinion", "content/sport"))
    assert news.file != opinion.file and news.digest == opinion.digest
    assert sport.digest != news.digest


def test_a_section_config_that_changes_nothing_uses_the_runs_rule_set(repo):
    from auditor.config_tree import ConfigTree

    write(repo / "content/news/auditor.toml", 'extend = "../../auditor.toml"\n')
    tree = ConfigTree(load_config(repo / "auditor.toml"), [repo / "content"])
    assert tree.config_of(str(repo / "content/news/a.md")) is None


def test_the_found_run_config_may_not_extend_outside_its_repository(repo, capsys):
    write(repo.parent / "outside.toml", 'ignore = ["ALL"]\n')
    write(repo / "auditor.toml", 'extend = "../outside.toml"\n')
    assert "outside" in failure(capsys, "content")
    assert main(["check", "content", "--config", "auditor.toml", "-f", "json", "--fail-on", "never"]) == 0  # named: the user's choice
    capsys.readouterr()
