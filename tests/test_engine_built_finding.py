"""The engine builds Findings and their Evidence without pydantic's validation
(auditor/engine/built_finding.py): every finding of the fixture cases must be exactly
the object validating its own values gives, and a value of another type than declared
still goes through validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from auditor.config import Config
from auditor.discover import discover
from auditor.engine import load_ruleset
from auditor.engine.built_finding import evidence_items, finding
from auditor.model import Evidence, Finding, Severity
from auditor.pipeline import audit_document
from tests.same_model import assert_same_model


def _validated(built: Finding) -> Finding:
    given = {name: getattr(built, name) for name in built.model_fields_set}
    given["evidence"] = tuple(Evidence(source=e.source, value=e.value) for e in built.evidence)
    return Finding(**given)


def test_every_finding_of_the_fixture_cases_is_what_validation_builds(built_cases: Path):
    ruleset = load_ruleset(Config())
    findings = []
    for item in discover([built_cases]):
        findings.extend(audit_document(item, ruleset).findings)
    assert len(findings) > 20 and len({f.rule for f in findings}) > 8
    for built in findings:
        assert_same_model(built, _validated(built))
        for item in built.evidence:
            assert_same_model(item, Evidence(source=item.source, value=item.value))


_VALUES = dict(rule="AID101", name="undisclosed-ai-image", severity=Severity.error, message="m", path="a.md",
               line=3, column=1, end_line=3, end_column=9, media="a.png", figure=0, fix=None, fingerprint="f")


def test_a_value_of_another_type_is_validated_as_before():
    with pytest.raises(ValidationError):
        finding(**{**_VALUES, "path": Path("a.md"), "evidence": ()})
    with pytest.raises(ValidationError):
        evidence_items([("caption", 3)])
    assert_same_model(finding(**_VALUES, evidence=evidence_items([("caption", "AI")])),
                 Finding(**_VALUES, evidence=(Evidence(source="caption", value="AI"),)))
