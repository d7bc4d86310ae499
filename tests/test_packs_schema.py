"""The shipped JSON Schemas are generated from the models, up to date, and accept
every shipped pack and a full configuration."""

from __future__ import annotations

import json
import tomllib
from datetime import date

import jsonschema
import pytest
import yaml

from auditor.engine.ruleset import bundled_packs
from auditor.engine.schema_files import CONFIG_SCHEMA, expected_files, rule_schema_path


def test_shipped_schemas_match_the_models():
    for path, text in expected_files().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m auditor.engine.schema_files --write"


def _as_json(value):
    # Editors validate YAML as JSON, where a date is a string.
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, date) else str(v)))


@pytest.mark.parametrize("pack", sorted(bundled_packs()))
def test_rule_schema_accepts_every_shipped_pack(pack):
    schema = json.loads(rule_schema_path().read_text(encoding="utf-8"))
    document = yaml.safe_load(bundled_packs()[pack].read_text(encoding="utf-8"))
    jsonschema.validate(_as_json(document), schema)


def test_rule_schema_rejects_an_unknown_key():
    schema = json.loads(rule_schema_path().read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pack": "x", "title": "x", "version": "1", "rulez": []}, schema)


def test_config_schema_accepts_a_full_configuration():
    config = tomllib.loads("""
packs = ["core", "eu-ai-act", "in-it-rules/eci"]
role = "intermediary"
jurisdictions = ["eu", "in"]
audit_date = "2026-09-01"
select = ["AID", "EUA"]
ignore = ["AID102"]
severity = { AID104 = "error" }
per_path_ignores = { "archive/**" = ["DAT401"] }
exclude = ["drafts/**"]
generators = ["Acme Imagine"]
art50_exceptions = { "satire/**" = "satirical" }
c2pa_trust_anchors = "anchors.pem"
fail_on = "warning"
[vocabularies]
agency_attribution = ["(Newsroom Wire)"]
[disclosure.languages.en]
explicit = ["image made by our AI desk"]
""")
    schema = json.loads(CONFIG_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(config, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"role": "blogger"}, schema)
