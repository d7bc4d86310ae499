"""The JSON Schemas shipped for editors and CI: `rules/schema.json` for rule pack
files and `auditor/data/config.schema.json` for the configuration, both generated
from the pydantic models so they cannot drift (a test compares them).

    python -m auditor.engine.schema_files --write    # regenerate both
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..config import Config
from .ruleset import rules_dir
from .schema import json_schema as pack_schema

CONFIG_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "config.schema.json"


def rule_schema_path() -> Path:
    return rules_dir() / "schema.json"


def config_schema() -> dict:
    schema = Config.model_json_schema(mode="validation")
    _mark_scope(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "auditor configuration (auditor.toml, .auditor.toml, [tool.auditor] in pyproject.toml)"
    return schema


def _mark_scope(schema: dict) -> None:
    """Says of every key whether the nearest config above a file sets it for that file,
    or only the run's config counts (auditor.config_tree)."""
    from ..config_tree import PER_FILE_KEYS

    for key, spec in schema.get("properties", {}).items():
        if key == "extend":
            continue
        scope = ("Per file: the nearest config above a file sets it for that file." if key in PER_FILE_KEYS
                 else "Per run: read from the run's config only, never from a section's own.")
        spec["description"] = f"{spec['description']} {scope}" if spec.get("description") else scope


def rendered(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def expected_files() -> dict[Path, str]:
    return {rule_schema_path(): rendered(pack_schema()), CONFIG_SCHEMA: rendered(config_schema())}


def write() -> list[Path]:
    written = []
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    if "--write" in sys.argv:
        for path in write():
            print(f"wrote {path}")
    else:
        print(rendered(pack_schema()), end="")
