"""Every rule documents a failing and a passing example; both must behave as documented."""

import pytest

from auditor.engine import load_ruleset
from auditor.engine.ruleset import read_pack, rules_dir

from rule_examples import codes_for_example

RULESET = load_ruleset()
CASES = [
    (compiled.code, verdict, index, example)
    for compiled in RULESET.rules
    # Suppression rules judge directives after evaluation: tests/test_packs_examples.py runs them.
    if compiled.rule.kind != "suppression"
    for verdict, examples in (("fail", compiled.rule.docs.examples.fail), ("pass", compiled.rule.docs.examples.passing))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize("code,verdict,index,example", CASES, ids=[f"{c}-{v}-{i}" for c, v, i, _ in CASES])
def test_rule_example_behaves_as_documented(code, verdict, index, example, tmp_path):
    codes = codes_for_example(example, RULESET, tmp_path)
    if verdict == "fail":
        assert code in codes
    else:
        assert code not in codes


@pytest.mark.parametrize("pack", sorted(p.parent.name for p in rules_dir().glob("*/pack.yaml")))
def test_every_rule_is_documented_with_examples(pack):
    for rule in read_pack(rules_dir() / pack / "pack.yaml").rules:
        assert rule.docs.summary.strip() and rule.docs.rationale.strip(), rule.id
        if rule.target != "document":  # an unreadable document cannot be shown as an example
            assert rule.docs.examples.fail and rule.docs.examples.passing, f"{rule.id} lacks examples"
