"""The rule packs ship inside the package, so an installed auditor (not only a
checkout) finds them."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bundled_rules_is_the_repository_rules_folder():
    assert (ROOT / "auditor" / "bundled_rules").resolve() == (ROOT / "rules").resolve()


def test_package_data_globs_cover_every_rule_file():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["auditor"]
    package = ROOT / "auditor"
    shipped = {p.resolve() for pattern in globs for p in package.glob(pattern)}
    data_files = [p for p in (ROOT / "rules").rglob("*") if p.is_file() and p.suffix in {".yaml", ".json"}]
    assert data_files
    missing = [str(p.relative_to(ROOT)) for p in data_files if p.resolve() not in shipped]
    assert not missing, f"not shipped in the wheel: {missing}"
