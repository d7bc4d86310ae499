"""The committed OpenAPI document, `auditor/data/openapi.json`: what `/openapi.json`
serves, written out so clients can be generated without a running server.
`python -m auditor.serve.openapi_document --write` regenerates it; a test fails
when it is out of date."""

from __future__ import annotations

import json
import sys
from pathlib import Path

DOCUMENT = Path(__file__).resolve().parent.parent / "data" / "openapi.json"


def openapi_text() -> str:
    from .app import create_app
    from .settings import ServeSettings

    return json.dumps(create_app(ServeSettings()).openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        DOCUMENT.write_text(openapi_text(), encoding="utf-8")
    else:
        sys.stdout.write(openapi_text())
