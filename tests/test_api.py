"""The Python API: `auditor.audit(paths, config=None)` with a Config, a mapping or
a config file; the public types exported from `auditor`; docstrings on every
public name; and a typed surface that mypy --strict accepts (py.typed ships)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import auditor
from fixtures import images

AI_XMP = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}


@pytest.fixture
def story(tmp_path):
    images.write_jpeg(tmp_path / "city.jpg", xmp=AI_XMP)
    (tmp_path / "story.md").write_text("# City\n\n![City](city.jpg)\n\n*At night.*\n", encoding="utf-8")
    return tmp_path


def config_file(folder: Path) -> Path:
    path = folder / "settings" / "auditor.toml"
    path.parent.mkdir()
    path.write_text('ignore = ["AID101"]\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("config, fires", [
    (None, True),
    ({"ignore": ["AID101"]}, False),
    (lambda folder: auditor.Config(ignore=["AID101"]), False),
    (config_file, False),
    (lambda folder: str(config_file(folder)), False),
])
def test_audit_accepts_a_config_a_mapping_or_a_path(story, config, fires):
    chosen = config(story) if callable(config) else config
    report = auditor.audit([story / "story.md"], config=chosen)
    assert isinstance(report, auditor.Report)
    assert any(f.rule == "AID101" for f in report.findings) is fires


def test_an_invalid_mapping_is_a_one_line_config_error(story):
    with pytest.raises(auditor.ConfigError, match="^invalid config: fail_on: "):
        auditor.audit([story], config={"fail_on": "sometimes"})


def test_a_config_of_another_type_is_a_type_error(story):
    with pytest.raises(TypeError, match="not int"):
        auditor.audit([story], config=3)  # type: ignore[arg-type]


def test_inspect_returns_media_facts(story):
    facts = auditor.inspect(story / "city.jpg")
    assert isinstance(facts, auditor.MediaFacts) and "ai-generated" in {s.kind for s in facts.signals}


@pytest.mark.parametrize("name", auditor.__all__)
def test_every_public_name_is_exported_and_documented(name):
    value = getattr(auditor, name)
    if name != "__version__":
        assert (value.__doc__ or "").strip(), name


def test_the_package_declares_its_types():
    assert (Path(auditor.__file__).parent / "py.typed").is_file()


USES = '''
from pathlib import Path

import auditor
from auditor import Config, Finding, MediaFacts, Report

report: Report = auditor.audit([Path("content"), "more"], config={"fail_on": "warning"})
also: Report = auditor.audit(["content"], config=Config())
again: Report = auditor.audit(["content"], config=Path("auditor.toml"))
lines: list[int | None] = [f.line for f in report.findings]
first: Finding = report.findings[0]
facts: MediaFacts = auditor.inspect("photo.jpg")
kinds: list[str] = [s.kind for s in facts.signals]
'''
MISUSE = '''
import auditor

auditor.audit(["content"], config=3)
'''


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (test extra)")
def test_the_public_surface_is_clean_under_mypy_strict(tmp_path):
    (tmp_path / "uses.py").write_text(USES, encoding="utf-8")
    (tmp_path / "misuse.py").write_text(MISUSE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-error-summary",
         "--cache-dir", str(tmp_path / ".mypy_cache"), "uses.py", "misuse.py", auditor.__file__],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    problems = [line for line in done.stdout.splitlines() if ": error:" in line]
    # The one misuse is caught, and nothing else is reported.
    assert len(problems) == 1 and problems[0].startswith("misuse.py:4:"), done.stdout + done.stderr
