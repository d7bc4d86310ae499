"""Shared test fixtures: the bundled fixture set, built fresh by its own script."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from auditor.config import Config

ROOT = Path(__file__).resolve().parents[1]
# DAT401 compares dates with "now"; tests pin the clock so results never drift.
FIXED_NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def built_cases(tmp_path_factory) -> Path:
    from fixtures.build import build

    return build(tmp_path_factory.mktemp("fixtures") / "cases")


@pytest.fixture
def config() -> Config:
    return Config(now=FIXED_NOW)


@pytest.fixture(autouse=True)
def _default_site_roots():
    """`auditor.audit` installs its config's roots and URL maps for the process (its
    workers need them); a test that parses directly afterwards must not inherit them."""
    yield
    from auditor.articles.site_roots import configure_site_roots

    configure_site_roots(None)


@pytest.fixture(scope="session", autouse=True)
def _ruleset_cache_in_a_temp_folder(tmp_path_factory):
    """The CLI keeps compiled rule sets in the user's cache folder; tests (and the
    processes they start) keep theirs in a folder of their own."""
    import os

    folder = tmp_path_factory.mktemp("ruleset-cache")
    previous = os.environ.get("AUDITOR_CACHE_DIR")
    os.environ["AUDITOR_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("AUDITOR_CACHE_DIR", None)
    else:
        os.environ["AUDITOR_CACHE_DIR"] = previous
