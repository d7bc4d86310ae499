"""The run summary's tables in Markdown (by folder, by year, the documents with most
findings), a link to the full report, and the size cap that keeps a summary inside
what GitHub accepts for ``$GITHUB_STEP_SUMMARY`` and a comment body."""

from __future__ import annotations

from typing import Callable, Mapping

from .groups import UNKNOWN
from .publication import PublicationLog
from .run_summary import RunTally

# GitHub refuses a step summary over 1 MiB and a comment over 65,536 characters;
# the step summary is what this is written for, with room to spare for the
# summaries of other steps of the same job.
STEP_SUMMARY_BYTES = 1_000_000
TABLE_ROWS = 25


def markdown_group_tables(tally: RunTally, escape_cell: Callable[[str], str]) -> list[str]:
    out: list[str] = []
    for grouping, title in (("folder", "By folder"), ("year", "By year of publication")):
        rows = tally.rows(grouping)
        if not rows or (len(rows) == 1 and grouping == "year" and rows[0][0] == UNKNOWN):
            continue  # one "unknown" row says nothing
        out += [f"#### {title}", "", f"| {grouping.capitalize()} | Findings |", "| --- | ---: |"]
        out += [f"| {escape_cell(key)} | {count} |" for key, count in rows[:TABLE_ROWS]]
        if len(rows) > TABLE_ROWS:
            out.append(f"| ... {len(rows) - TABLE_ROWS} more | {sum(c for _, c in rows[TABLE_ROWS:])} |")
        out.append("")
    top = tally.top_documents()
    if len(top) > 1:
        out += ["#### Top documents", "", "| Document | Findings |", "| --- | ---: |"]
        out += [f"| {escape_cell(path)} | {count} |" for path, count in top]
        out.append("")
    return out


def markdown_ai_table(publication: PublicationLog | None) -> list[str]:
    """AI-signalled images by month of publication, disclosed or not; the latest
    months when there are more than a table's rows."""
    rows = publication.ai_rows() if publication is not None else []
    if not rows:
        return []
    out = ["#### AI images by month of publication", "", "| Month | Disclosed | Undisclosed |", "| --- | ---: | ---: |"]
    if len(rows) > TABLE_ROWS:
        earlier = rows[:-TABLE_ROWS]
        out.append(f"| ... {len(earlier)} earlier | {sum(r[1] for r in earlier)} | {sum(r[2] for r in earlier)} |")
        rows = rows[-TABLE_ROWS:]
    out += [f"| {month} | {disclosed} | {undisclosed} |" for month, disclosed, undisclosed in rows]
    return out + [""]


def full_report_link(environ: Mapping[str, str]) -> list[str]:
    """Where the full report is: the CI run's page (its artifacts) when known."""
    github = [environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    if all(github):
        server, repository, run = github
        return [f"Full report: [run {run}]({server.rstrip('/')}/{repository}/actions/runs/{run}) (artifacts).", ""]
    job = environ.get("CI_JOB_URL", "")
    if job:
        return [f"Full report: [job artifacts]({job}/artifacts/browse).", ""]
    return []


def fit_within(lines: list[str], first_droppable: int, limit: int = STEP_SUMMARY_BYTES) -> str:
    """``lines`` joined, with lines from ``first_droppable`` on (the finding rows)
    dropped from the end until the text fits in ``limit`` bytes, and a line saying so."""
    text = "\n".join(lines)
    if len(text.encode("utf-8")) <= limit:
        return text
    note = "... more findings left out to keep this summary under 1 MB; see the full report."
    kept = list(lines)
    size = len(text.encode("utf-8")) + len(note) + 1
    while len(kept) > first_droppable and size > limit:
        size -= len(kept.pop().encode("utf-8")) + 1
    return "\n".join(kept + [note, ""])
