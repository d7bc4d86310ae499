"""Configuration: where it is found, what it may say, and that every mistake is one
line naming the file and the key, with exit code 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import Config, ConfigError, load_config
from auditor.engine import RulePackError, load_ruleset


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text,key", [
    ('packz = ["core"]\n', "packz"),
    ('role = "blogger"\n', "role"),
    ('jurisdictions = ["European Union"]\n', "jurisdictions"),
    ('audit_date = "soon"\n', "audit_date"),
    ('severity = { AID101 = "fatal" }\n', "severity.AID101"),
    ('per_path_ignores = { "archive/**" = ["not a code"] }\n', "per_path_ignores"),
    ('art50_exceptions = { "satire/**" = "funny" }\n', "art50_exceptions.satire/**"),
    ('fail_on = "sometimes"\n', "fail_on"),
    ('[disclosure.languages.en]\nexplicitly = ["x"]\n', "disclosure.languages.en.explicitly"),
])
def test_bad_key_or_value_is_one_line_naming_file_and_key(tmp_path, text, key):
    path = write(tmp_path / "auditor.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "\n" not in message
    assert str(path) in message and f": {key}:" in message


@pytest.mark.parametrize("text,key", [
    ('packs = ["core", "atlantis"]\n', "packs"),
    ('jurisdictions = ["zz"]\n', "jurisdictions"),
    ('severity = { XYZ999 = "error" }\n', "severity.XYZ999"),
])
def test_references_to_unknown_packs_or_rules_name_the_key(tmp_path, text, key):
    path = write(tmp_path / "auditor.toml", text)
    with pytest.raises((ConfigError, RulePackError)) as error:
        load_ruleset(load_config(path))
    assert str(path) in str(error.value) and f": {key}:" in str(error.value)


def test_cli_exits_2_with_one_line_on_a_bad_config(tmp_path, capsys):
    path = write(tmp_path / "auditor.toml", 'role = "blogger"\n')
    write(tmp_path / "a.md", "# Title\n\nBody.\n")
    code = main(["check", str(tmp_path / "a.md"), "--config", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "role" in err


def test_nearest_config_wins_and_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / ".git").mkdir()  # the search climbs only inside a repository
    write(tmp_path / "auditor.toml", 'role = "platform"\n')
    write(tmp_path / "desk" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path / "desk" / "sub" / ".auditor.toml", 'role = "provider"\n')
    assert load_config(start=tmp_path / "desk").role == "platform"
    assert load_config(start=tmp_path / "desk" / "sub").role == "provider"
    write(tmp_path / "desk" / "pyproject.toml", '[tool.auditor]\nrole = "intermediary"\n')
    assert load_config(start=tmp_path / "desk").role == "intermediary"


def test_jurisdictions_load_their_packs():
    ruleset = load_ruleset(Config(jurisdictions=["cn"], audit_date=date(2026, 1, 1)))
    assert "cn-labeling" in ruleset.packs and ruleset.get("CNL601") is not None


def test_law_not_in_force_on_the_audit_date_reports_at_info():
    before = load_ruleset(Config(packs=["eu-ai-act"], audit_date=date(2026, 8, 1)))
    after = load_ruleset(Config(packs=["eu-ai-act"], audit_date=date(2026, 8, 2)))
    assert before.get("EUA501").severity.value == "info" and "2026-08-02" in before.get("EUA501").note
    assert after.get("EUA501").severity.value == "error" and after.get("EUA501").note is None


def test_a_pack_raises_a_core_rule_and_the_strictest_source_wins():
    assert load_ruleset(Config(packs=["core"])).get("AID104").severity.value == "warning"
    assert load_ruleset(Config(packs=["core", "eu-ai-act"], audit_date=date(2026, 9, 1))).get("AID104").severity.value == "error"
    # Before the EU date the EU pack contributes info; core's warning still stands.
    assert load_ruleset(Config(packs=["core", "eu-ai-act"], audit_date=date(2026, 1, 1))).get("AID104").severity.value == "warning"


def test_a_pack_without_core_runs_only_what_it_enables_plus_input_checks():
    codes = {r.code for r in load_ruleset(Config(packs=["cn-labeling"], audit_date=date(2026, 1, 1))).rules}
    assert {"AID101", "AID103", "AID104", "INP001", "INP002", "INP003", "SUP001"} <= codes
    assert "ATT301" not in codes and "DAT401" not in codes


@pytest.mark.parametrize("role,severity", [("publisher", "warning"), ("intermediary", "error"), ("platform", "error")])
def test_severity_depends_on_role(role, severity):
    ruleset = load_ruleset(Config(packs=["in-it-rules"], role=role, audit_date=date(2026, 6, 1)))
    assert ruleset.get("INR701").severity.value == severity


def test_rules_for_other_roles_do_not_run():
    assert load_ruleset(Config(packs=["cn-labeling"], role="publisher")).get("CNL607") is None
    assert load_ruleset(Config(packs=["cn-labeling"], role="platform")).get("CNL607") is not None


def test_variant_loads_its_base_and_turns_on_its_rules():
    base = load_ruleset(Config(packs=["in-it-rules"]))
    draft = load_ruleset(Config(packs=["in-it-rules/draft-2025"]))
    assert base.get("INR705") is None
    assert draft.get("INR701") is not None and draft.get("INR705") is not None
    assert "draft" in draft.get("INR705").note


def test_config_severity_overrides_packs_and_dates():
    ruleset = load_ruleset(Config(packs=["eu-ai-act"], audit_date=date(2026, 1, 1), severity={"EUA501": "warning"}))
    assert ruleset.get("EUA501").severity.value == "warning"


def test_select_and_ignore_longest_prefix_wins():
    ruleset = load_ruleset(Config(packs=["core", "newsroom"], select=["NWS"], ignore=["NWS80"], severity={}))
    assert not ruleset.get("NWS801")
    ruleset = load_ruleset(Config(packs=["core", "newsroom"], select=["NWS801"], ignore=["NWS80"]))
    assert ruleset.get("NWS801") and not ruleset.get("NWS802")


def test_per_path_ignores_skip_rules_under_a_pattern(tmp_path):
    write(tmp_path / "auditor.toml", 'per_path_ignores = { "archive/**" = ["DAT401"] }\n')
    story = "---\ntitle: Budget\ndate: 2025-05-26T15:28:00+05:30\nupdated: 2025-05-25T09:00:00+05:30\n---\nThe budget passed.\n"
    write(tmp_path / "archive" / "old.md", story)
    write(tmp_path / "news" / "new.md", story)
    import auditor

    config = load_config(tmp_path / "auditor.toml")
    paths = {Path(f.path).parent.name for f in auditor.audit([tmp_path], config).findings if f.rule == "DAT401"}
    assert paths == {"news"}


def test_trust_anchors_must_be_a_readable_pem(tmp_path):
    write(tmp_path / "auditor.toml", 'c2pa_trust_anchors = "anchors.pem"\n')
    with pytest.raises(ConfigError, match="c2pa_trust_anchors"):
        load_config(tmp_path / "auditor.toml")
    write(tmp_path / "anchors.pem", "not a certificate\n")
    with pytest.raises(ConfigError, match="no PEM certificate"):
        load_config(tmp_path / "auditor.toml")


def test_vocabulary_extensions_and_generator_names_reach_the_engine():
    ruleset = load_ruleset(Config(generators=["Acme Imagine"], disclosure={"languages": {"en": {"explicit": ["made by our robot desk"]}}}))
    assert ruleset.vocabularies.disclosure.verdict(["Picture: Acme Imagine"]).level == "ambiguous"
    assert ruleset.vocabularies.disclosure.verdict(["Made by our robot desk"]).level == "explicit"
