"""Rule pages: docs/rules/<CODE>.md is generated from the packs and kept current, and
SARIF helpUri, the HTML report and `auditor rule` link every rule to its page."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.report.rule_pages import DOCS_FOLDER, REPOSITORY_URL, bundled_rules, expected_pages
from tests.content_repo import UNDISCLOSED, ai_image, article, write

ROOT = Path(__file__).resolve().parents[1]


def test_rule_pages_are_current():
    pages = expected_pages()
    for path, text in pages.items():
        assert path.is_file() and path.read_text(encoding="utf-8") == text, \
            f"{path} is stale: run python -m auditor.report.rule_pages --write"
    assert set(DOCS_FOLDER.glob("*.md")) == set(pages), "a page of a rule that no longer exists"


def test_every_bundled_rule_has_a_page_with_its_docs_and_configuration():
    for code, (rule, _) in bundled_rules().items():
        page = (DOCS_FOLDER / f"{code}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {code} {rule.name}\n")
        assert rule.docs.summary in page and "## Why" in page and "## Configuration" in page
        assert f'ignore = ["{code}"]' in page


def test_the_default_link_target_is_pyprojects_repository():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Repository"] == REPOSITORY_URL


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    ai_image(tmp_path / "news/storm.jpg")
    write(tmp_path / "news/storm.md", article([("storm.jpg", UNDISCLOSED)]))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif_rules(capsys, *args: str) -> list[dict]:
    main(["check", "news", "-f", "sarif", "--fail-on", "never", *args])
    return json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]


def test_every_sarif_rule_links_to_its_page_in_the_repository(newsroom, capsys):
    rules = sarif_rules(capsys)
    assert rules
    for rule in rules:
        assert rule["helpUri"].startswith(REPOSITORY_URL + "/blob/main/docs/rules/")
        assert (DOCS_FOLDER / rule["helpUri"].rsplit("/", 1)[1]).is_file()


def test_docs_url_in_the_config_moves_every_link(newsroom, capsys):
    write(newsroom / "auditor.toml", 'docs_url = "https://docs.example.org/auditor/rules/"\n')
    rules = sarif_rules(capsys)
    assert {rule["helpUri"] for rule in rules} == {f"https://docs.example.org/auditor/rules/{rule['id']}.md" for rule in rules}


def test_a_docs_url_that_is_not_http_is_a_config_error(newsroom, capsys):
    write(newsroom / "auditor.toml", 'docs_url = "javascript:alert(1)"\n')
    assert main(["check", "news"]) == 2
    assert "docs_url" in capsys.readouterr().err


def test_the_html_report_links_each_rule_that_found_something_to_its_page(newsroom, capsys):
    main(["check", "news", "-f", "html", "--fail-on", "never"])
    assert f'href="{REPOSITORY_URL}/blob/main/docs/rules/AID101.md"' in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_auditor_rule_names_the_same_page(newsroom, capsys, fmt):
    assert main(["rule", "AID101", "-f", fmt]) == 0
    out = capsys.readouterr().out
    page = f"{REPOSITORY_URL}/blob/main/docs/rules/AID101.md"
    assert (json.loads(out)["help_uri"] == page) if fmt == "json" else out.rstrip().endswith(page)
