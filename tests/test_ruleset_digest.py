"""The rule set's digest keys the ledger: it must change when what a run reports
can change, and only then. The audit date (today, unless set) changes every day;
what it changes is which rules are in force."""

from __future__ import annotations

from datetime import date

from auditor.config import Config
from auditor.engine import load_ruleset

DATE_PACK = """pack: dated
title: A pack that reads the audit date
version: '1'
rules:
  - id: ZZZ901
    name: audited-in-2027
    kind: condition
    target: article
    severity: info
    when: {field: run.audit_date, matches: '^2027-'}
    message: Audited in 2027.
    docs: {summary: A rule whose outcome depends on the audit date., rationale: For the digest test.}
"""


def _digest(**settings) -> str:
    return load_ruleset(Config(**settings)).digest


def test_another_day_with_the_same_rules_in_force_keeps_the_digest():
    assert _digest(audit_date=date(2026, 10, 1)) == _digest(audit_date=date(2026, 10, 2))
    eu = ["core", "eu-ai-act"]
    assert _digest(packs=eu, audit_date=date(2026, 10, 1)) == _digest(packs=eu, audit_date=date(2026, 12, 24))


def test_a_day_that_puts_a_rule_in_force_changes_the_digest():
    eu = ["core", "eu-ai-act"]  # its rules apply from 2026-08-02, informational before
    assert _digest(packs=eu, audit_date=date(2026, 8, 1)) != _digest(packs=eu, audit_date=date(2026, 8, 2))


def test_a_pack_that_reads_the_date_is_keyed_on_the_date(tmp_path):
    pack = tmp_path / "dated.yaml"
    pack.write_text(DATE_PACK, encoding="utf-8")
    dated = {"pack_paths": [pack]}
    assert _digest(**dated, audit_date=date(2026, 10, 1)) != _digest(**dated, audit_date=date(2026, 10, 2))
