"""`auditor check --config` with each pack and role gives the expected findings on the
pack-specific fixtures (fixtures/packs.py): the codes, and their severities."""

from __future__ import annotations

import json

import pytest

from auditor.cli import main

CASES = [
    ("eu-ai-act/footer-disclosure", "auditor.toml", {("AID101", "error"), ("EUA501", "error"), ("EUA505", "info")}),
    # Art. 50 applies from 2 August 2026: before that, its own rules are info.
    ("eu-ai-act/footer-disclosure", "before-2026-08-02.toml", {("AID101", "error"), ("EUA501", "info"), ("EUA505", "info")}),
    # Art. 50(4) exception: a disclosure anywhere on the page is enough.
    ("eu-ai-act/satire", "auditor.toml", {("EUA505", "info")}),
    ("cn-labeling/unlabelled", "auditor.toml", {("AID104", "warning"), ("CNL601", "error"), ("CNL604", "warning")}),
    ("cn-labeling/unlabelled", "platform.toml", {("AID104", "warning"), ("CNL601", "error"), ("CNL604", "error")}),
    ("cn-labeling/labelled", "auditor.toml", set()),
    ("in-it-rules/unlabelled", "auditor.toml", {("AID104", "warning"), ("INR701", "warning"), ("INR702", "warning")}),
    ("in-it-rules/unlabelled", "intermediary.toml",
     {("AID104", "warning"), ("INR701", "error"), ("INR702", "warning"), ("INR704", "error")}),
    ("in-it-rules/eci-political", "auditor.toml", {("INR705", "warning"), ("INR706", "error"), ("INR707", "warning")}),
    ("newsroom/tool-credit", "auditor.toml", {("AID104", "warning"), ("NWS803", "warning")}),
    # The caption says "AI-generated", the (misspelt) source type says composite: AID105.
    ("provenance-hygiene/typo-source-type", "auditor.toml", {("PRV205", "warning"), ("AID105", "warning")}),
    ("wire-attribution/generic-credit", "auditor.toml", {("ATT302", "info")}),
]


@pytest.mark.parametrize("case,config,expected", CASES, ids=[f"{c}:{f}" for c, f, _ in CASES])
def test_check_with_pack_and_role_gives_the_expected_findings(built_cases, capsys, case, config, expected):
    folder = built_cases / "packs" / case
    code = main(["check", str(folder), "--config", str(folder / config), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {(f["rule"], f["severity"]) for f in findings} == expected
    assert code == (1 if any(level == "error" for _, level in expected) else 0)
