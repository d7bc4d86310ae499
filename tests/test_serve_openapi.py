"""The committed OpenAPI document is the one the server serves."""

from __future__ import annotations

import json

from auditor.serve.openapi_document import DOCUMENT, openapi_text


def test_committed_openapi_document_is_current():
    assert DOCUMENT.read_text(encoding="utf-8") == openapi_text(), (
        "auditor/data/openapi.json is out of date: python -m auditor.serve.openapi_document --write")


def test_openapi_document_describes_the_api_from_the_models():
    document = json.loads(openapi_text())
    assert {"/v1/check", "/v1/inspect", "/v1/rules", "/v1/rules/{code}", "/healthz", "/metrics"} <= set(document["paths"])
    body = document["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data", "application/x-www-form-urlencoded"}
    schemas = document["components"]["schemas"]
    assert {"CheckRequest", "CheckOptions", "EncodedFile", "Problem", "Health"} <= set(schemas)
    assert set(schemas["CheckOptions"]["properties"]) >= {"packs", "jurisdictions", "role", "select", "fail_on"}
