"""The compiled rule set's materials cached on disk (`auditor.engine.ruleset_cache`):
a warm run gives the very rule set a cold one builds, finds the same things, and a
cache that is corrupt, stale, foreign or switched off is never an error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.config import Config, load_config
from auditor.engine import ruleset_cache
from auditor.engine.ruleset import load_ruleset
from auditor.pipeline import audit_paths


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.exists() else []


def shape(ruleset) -> tuple:
    return (ruleset.digest, ruleset.packs, [(r.code, r.severity, r.note, r.sources, r.rule) for r in ruleset.rules])


def findings_of(path: Path, config: Config, ruleset) -> list[dict]:
    report = audit_paths([path], config, ruleset=ruleset)
    return [f.model_dump(mode="json") for f in report.findings]


CONFIGS = [
    pytest.param({}, id="defaults"),
    pytest.param({"packs": ["core", "provenance", "eu-ai-act"], "role": "provider"}, id="eu-ai-act provider"),
    pytest.param({"jurisdictions": ["cn", "in"], "severity": {"AID104": "error"}}, id="jurisdictions"),
    pytest.param({"vocabularies": {"agencies": ["Harbour Wire", {"regex": "Wire\\s+Desk\\s+\\d+"}]},
                  "disclosure": {"languages": {"en": {"explicit": ["machine-made picture"]}}},
                  "generators": ["PixelForge"]}, id="config vocabularies and wording"),
]


@pytest.mark.parametrize("settings", CONFIGS)
def test_a_warm_rule_set_is_the_cold_one_and_finds_the_same(built_cases, cache, settings, config):
    config = Config.model_validate({**settings, "now": config.now})
    cold = load_ruleset(config)  # no cache: what every run built before
    first = load_ruleset(config, cache=True)  # builds and stores
    assert len(entries(cache)) == 1
    warm = load_ruleset(config, cache=True)  # from the file
    assert shape(cold) == shape(first) == shape(warm)
    assert warm.vocabularies.keys() == cold.vocabularies.keys()
    assert findings_of(built_cases, config, warm) == findings_of(built_cases, config, cold)


def test_a_user_pack_with_its_own_regexes_is_cached_and_still_runs_on_re2(tmp_path, cache):
    pack = tmp_path / "local" / "pack.yaml"
    pack.parent.mkdir()
    pack.write_text("pack: local\ntitle: Local\nversion: '1'\nvocabularies:\n  agencies:\n    - regex: 'coast\\s+wire'\nrules: []\n", encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('pack_paths = ["local"]\n', encoding="utf-8")
    config = load_config(tmp_path / "auditor.toml")
    cold = load_ruleset(config)
    load_ruleset(config, cache=True)
    warm = load_ruleset(config, cache=True)
    assert len(entries(cache)) == 1
    assert shape(warm) == shape(cold)
    found = [ruleset.vocabularies["agencies"].search("Photo: Coast  Wire") for ruleset in (cold, warm)]
    assert found[0] is not None and found[0].group(0) == found[1].group(0)


def test_changing_a_pack_file_or_the_config_makes_a_new_entry(tmp_path, cache, monkeypatch):
    rules = tmp_path / "rules"
    import shutil

    from auditor.engine.ruleset import rules_dir

    shutil.copytree(rules_dir(), rules, symlinks=False)
    monkeypatch.setenv("AUDITOR_RULES", str(rules))
    load_ruleset(Config(), cache=True)
    load_ruleset(Config(fail_on="warning"), cache=True)
    assert len(entries(cache)) == 2
    core = rules / "core" / "pack.yaml"
    core.write_text(core.read_text(encoding="utf-8").replace("AI-generated", "AI generated", 1), encoding="utf-8")
    changed = load_ruleset(Config(), cache=True)
    assert len(entries(cache)) == 3
    assert shape(changed) == shape(load_ruleset(Config()))


@pytest.mark.parametrize("damage", [
    pytest.param(lambda path: path.write_bytes(b""), id="empty"),
    pytest.param(lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]), id="truncated"),
    pytest.param(lambda path: path.write_bytes(b"not a pickle at all"), id="garbage"),
    pytest.param(lambda path: path.write_bytes(json.dumps({"a": 1}).encode()), id="another format"),
])
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(cache, damage):
    expected = shape(load_ruleset(Config(), cache=True))
    [entry] = entries(cache)
    damage(entry)
    assert shape(load_ruleset(Config(), cache=True)) == expected
    assert shape(load_ruleset(Config(), cache=True)) == expected
    assert ruleset_cache._load(entry) is not None  # rewritten whole


def test_an_entry_built_by_other_code_is_not_used(cache, monkeypatch):
    load_ruleset(Config(), cache=True)
    [entry] = entries(cache)
    assert ruleset_cache._load(entry) is not None
    stamps = ruleset_cache._code_stamps

    def moved(modules):  # as if a module of auditor had been edited since the entry was written
        return [(name, size + 1, mtime) for name, size, mtime in stamps(modules)]

    monkeypatch.setattr(ruleset_cache, "_code_stamps", moved)
    assert ruleset_cache._load(entry) is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_neither_read_nor_written(cache):
    load_ruleset(Config(), cache=True)
    [entry] = entries(cache)
    cache.chmod(0o777)
    assert ruleset_cache._load(entry) is None
    entry.unlink()
    load_ruleset(Config(), cache=True)
    assert entries(cache) == []


def test_no_cache_in_the_environment_bypasses_it(cache, monkeypatch):
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    assert shape(load_ruleset(Config(), cache=True)) == shape(load_ruleset(Config()))
    assert entries(cache) == []


def test_a_cache_folder_that_cannot_be_made_leaves_the_run_uncached(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker / "cache"))
    assert shape(load_ruleset(Config(), cache=True)) == shape(load_ruleset(Config()))


def test_old_entries_are_pruned(cache, monkeypatch):
    monkeypatch.setattr(ruleset_cache, "KEEP_ENTRIES", 2)
    for level in ("error", "warning", "info"):
        load_ruleset(Config(fail_on=level), cache=True)
    assert len(entries(cache)) == 2


def test_a_rule_pack_error_is_still_reported_with_a_cache(tmp_path, cache):
    from auditor.engine import RulePackError

    (tmp_path / "auditor.toml").write_text('packs = ["core", "no-such-pack"]\n', encoding="utf-8")
    with pytest.raises(Exception, match="unknown rule pack 'no-such-pack'") as raised:
        load_ruleset(load_config(tmp_path / "auditor.toml"), cache=True)
    assert isinstance(raised.value, (RulePackError, ValueError))
    assert entries(cache) == []
