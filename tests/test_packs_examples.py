"""Every rule of every bundled pack (variants and overlays included) documents a
failing and a passing example; both run through the real parser, engine and
suppression step with the pack chosen and the example's own settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rule_examples import findings_for_example

from auditor.articles.suppressions import apply_suppressions
from auditor.config import Config
from auditor.engine import load_ruleset
from auditor.engine.ruleset import bundled_packs, read_pack

# Examples run on a fixed day so "not yet in force" never depends on the calendar.
EXAMPLE_DAY = date(2026, 11, 1)


def active_codes(pack: str, example, folder: Path) -> set[str]:
    # As a newsroom would run it: the core rules plus the pack.
    settings = {"packs": list(dict.fromkeys(["core", pack])), "audit_date": EXAMPLE_DAY, **example.config}
    ruleset = load_ruleset(Config(**settings))
    article, findings = findings_for_example(example, ruleset, folder)
    findings = apply_suppressions(findings, article, ruleset)
    return {f.rule for f in findings if not f.suppressed}


CASES = [
    (name, rule.id, verdict, index, example)
    for name, path in bundled_packs().items()
    for rule in read_pack(path).rules
    for verdict, examples in (("fail", rule.docs.examples.fail), ("pass", rule.docs.examples.passing))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize("pack,code,verdict,index,example", CASES,
                         ids=[f"{p}-{c}-{v}{i}" for p, c, v, i, _ in CASES])
def test_pack_rule_example_behaves_as_documented(pack, code, verdict, index, example, tmp_path):
    codes = active_codes(pack, example, tmp_path)
    if verdict == "fail":
        assert code in codes, codes
    else:
        assert code not in codes, codes


@pytest.mark.parametrize("pack", sorted(bundled_packs()))
def test_every_pack_rule_has_complete_docs(pack):
    for rule in read_pack(bundled_packs()[pack]).rules:
        docs = rule.docs
        assert docs.summary.strip() and docs.rationale.strip(), rule.id
        assert rule.fix is not None or rule.target == "document", f"{rule.id} says nothing about what to do"
        assert docs.references or pack in ("core",), f"{rule.id} cites no law, standard or guideline"
        if rule.target != "document":
            assert docs.examples.fail and docs.examples.passing, f"{rule.id} lacks examples"
