"""The rule pages shipped in the repository, `docs/rules/<CODE>.md`, generated from the
bundled packs so they cannot drift (a test compares them), and the links to them that
SARIF `helpUri`, the HTML report and `auditor rule` carry.

    python -m auditor.report.rule_pages --write    # regenerate docs/rules/
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

# The project's repository, as pyproject.toml's [project.urls] Repository names it (a
# test keeps the two equal); used when the installed package's metadata does not say.
REPOSITORY_URL = "https://github.com/auditor-dev/auditor"
DOCS_FOLDER = Path(__file__).resolve().parents[2] / "docs" / "rules"
# Where the pages are in the repository, from its root.
DOCS_PATH = "blob/main/docs/rules"


@lru_cache(maxsize=1)
def bundled_rules() -> dict[str, tuple]:
    """Every rule of a bundled pack by code: (rule, pack name), packs in load order."""
    from ..engine.ruleset import bundled_packs, read_pack

    found: dict[str, tuple] = {}
    for name, path in bundled_packs().items():
        for rule in read_pack(path).rules:
            found.setdefault(rule.id, (rule, name))
    return found


def rule_page_url(code: str, docs_url: str | None = None) -> str | None:
    """The page of rule `code`: under `docs_url` (the config's) when given, else in
    the project's repository, which has pages for the bundled rules only."""
    if docs_url is None:
        if code not in bundled_rules():
            return None
        docs_url = default_docs_url()
    return f"{docs_url.rstrip('/')}/{quote(code)}.md"


@lru_cache(maxsize=1)
def default_docs_url() -> str:
    return f"{repository_url()}/{DOCS_PATH}"


def repository_url() -> str:
    """The Repository URL of the installed package's metadata, else REPOSITORY_URL."""
    try:
        entries = metadata.metadata("auditor").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        entries = []
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository" and url.strip().startswith("https://"):
            return url.strip().rstrip("/")
    return REPOSITORY_URL


def rule_page(code: str) -> str:
    """The Markdown page of one bundled rule, as declared by its pack: what it checks,
    why, how to fix it, examples, references, and how to configure it."""
    from ..engine.ruleset import CompiledRule
    from .rule_doc import rule_markdown

    rule, pack = bundled_rules()[code]
    declared = CompiledRule(rule, pack, rule.severity, None, None, None, None, (pack,))
    return rule_markdown(declared) + "\n" + "\n".join(_configuration(rule, pack)) + "\n"


def _configuration(rule, pack: str) -> list[str]:
    lines = ["## Configuration", ""]
    if rule.always:
        lines.append(f"Runs whichever packs are chosen. Default severity: {rule.severity.value}.")
    elif rule.enabled:
        lines.append(f"Runs with the `{pack}` pack. Default severity: {rule.severity.value}.")
    else:
        lines.append(f"Defined in `{pack}`, off until a chosen pack enables it. Default severity: {rule.severity.value}.")
    if rule.severity_by_role:
        roles = ", ".join(f"{role} {level.value}" for role, level in sorted(rule.severity_by_role.items()))
        lines.append(f"By role (`role` in the config): {roles}.")
    if rule.roles:
        lines.append(f"Only for the roles: {', '.join(rule.roles)}.")
    if rule.effective_from:
        lines.append(f"In force from {rule.effective_from.isoformat()}; earlier audit dates report it as info.")
    lines += [
        "",
        "In `auditor.toml` (or `[tool.auditor]` in `pyproject.toml`; a section's own config applies to its files):",
        "",
        "```toml",
        f'ignore = ["{rule.id}"]  # or its name, "{rule.name}"',
        f'severity = {{ {rule.id} = "warning" }}',
        f'per_path_ignores = {{ "archive/**" = ["{rule.id}"] }}',
        "```",
        "",
        f"On the command line: `--select {rule.id}`, `--ignore {rule.id}`. "
        f"In the content, for one occurrence: `<!-- auditor: ignore[{rule.id}] -- the reason -->`.",
    ]
    if rule.options:
        lines += ["", "Options of its check (set in the pack): " + ", ".join(f"`{key}`" for key in sorted(rule.options)) + "."]
    return lines


def index_page() -> str:
    lines = ["# Rules", "", "Generated from the rule packs (`python -m auditor.report.rule_pages --write`); "
             "`auditor rule CODE` prints the same page.", "", "| Code | Name | Pack | Severity | Summary |", "|---|---|---|---|---|"]
    for code, (rule, pack) in sorted(bundled_rules().items()):
        summary = rule.docs.summary.replace("|", "\\|")
        lines.append(f"| [{code}]({code}.md) | {rule.name} | {pack} | {rule.severity.value} | {summary} |")
    return "\n".join(lines) + "\n"


def expected_pages() -> dict[Path, str]:
    pages = {DOCS_FOLDER / f"{code}.md": rule_page(code) for code in bundled_rules()}
    pages[DOCS_FOLDER / "README.md"] = index_page()
    return pages


def write() -> list[Path]:
    """Writes every page, and removes pages of rules that no longer exist."""
    DOCS_FOLDER.mkdir(parents=True, exist_ok=True)
    pages = expected_pages()
    for stale in set(DOCS_FOLDER.glob("*.md")) - set(pages):
        stale.unlink()
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    return sorted(pages)


if __name__ == "__main__":
    if "--write" not in sys.argv:
        sys.exit("usage: python -m auditor.report.rule_pages --write")
    print(f"wrote {len(write())} pages in {DOCS_FOLDER}")
