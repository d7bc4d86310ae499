"""Suppression directives written in the content itself, and their effect on findings.

    <!-- auditor: ignore[AID104] -- licensed stock illustration -->   the next block
    <!-- auditor: disable[AID101,AID104] -- satire section -->        until enable or end
    <!-- auditor: enable[AID101,AID104] -->
    front matter:  auditor: {ignore: {AID104: "licensed stock illustration"}}  the whole file

`ignore` covers the next element or block after the comment, found by position
(line and column), so a minified one-line page works as a formatted one does.
Every directive needs a reason after `--`. A suppressed finding is kept, marked
`suppressed` with the reason, and never fails the gate. A directive without a
reason is not honoured (SUP002), one that silences nothing is reported (SUP001),
and one that cannot be read is reported (SUP003). `--no-inline-suppressions`
turns all of this off for archive audits, where the content is not ours to trust.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..model import Article, Evidence, Finding
from ..report.fingerprint import fingerprint_of
from .source_text import decode_text, read_again, read_bytes

UNUSED = "SUP001"
NO_REASON = "SUP002"
MALFORMED = "SUP003"
OWN_CODES = frozenset({UNUSED, NO_REASON, MALFORMED})

_COMMENT = re.compile(r"<!--\s*auditor\s*:(?P<body>.*?)-->", re.DOTALL | re.IGNORECASE)
_BODY = re.compile(
    r"^\s*(?P<action>ignore|disable|enable)\s*\[(?P<codes>[^\]]*)\]\s*(?:(?:--|—|–)\s*(?P<reason>.*?))?\s*$",
    re.DOTALL | re.IGNORECASE,
)
_CODE = re.compile(r"^(?:[A-Z]{2,4}[0-9]{3}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$")
_FRONT_MATTER_KEY = "auditor"

Position = tuple[int, int]  # 1-based (line, column)
_FAR: Position = (1 << 30, 1 << 30)


@dataclass
class Directive:
    action: str  # ignore | disable | enable | file | malformed
    codes: tuple[str, ...]
    reason: str | None
    line: int
    column: int = 1
    end_line: int | None = None
    text: str = ""
    end_column: int | None = None  # the column just after the comment's "-->"
    problem: str | None = None
    used: set[str] = field(default_factory=set)

    @property
    def where(self) -> str:
        return "front matter" if self.action == "file" else "comment"


def read_directives(article: Article, data: bytes | None = None) -> list[Directive]:
    """The directives of one article: front matter `auditor:` and, for HTML,
    Markdown and text, `<!-- auditor: … -->` comments in its source."""
    directives = _front_matter_directives(article.fields.get(_FRONT_MATTER_KEY))
    if article.format == "json":
        return directives
    text = _source_text(article, data)
    if text and "auditor" in text:
        directives += scan_comments(text)
    return directives


def scan_comments(text: str) -> list[Directive]:
    found: list[Directive] = []
    for match in _COMMENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        end_line = line + match.group(0).count("\n")
        end_column = match.end() - (text.rfind("\n", 0, match.end()) + 1) + 1
        raw = " ".join(match.group(0).split())
        parsed = _BODY.match(match.group("body"))
        if parsed is None:
            found.append(Directive("malformed", (), None, line, column, end_line, raw, end_column,
                                   problem="expected ignore[CODE], disable[CODE] or enable[CODE]"))
            continue
        codes = tuple(c.strip() for c in re.split(r"[,\s]+", parsed.group("codes")) if c.strip())
        bad = [c for c in codes if not _CODE.match(c)]
        action = parsed.group("action").lower()
        if not codes or bad:
            found.append(Directive("malformed", codes, None, line, column, end_line, raw, end_column,
                                   problem=f"not rule codes: {', '.join(bad)}" if bad else "no rule code between [ ]"))
            continue
        reason = (parsed.group("reason") or "").strip() or None
        found.append(Directive(action, codes, reason, line, column, end_line, raw, end_column))
    return found


def apply_suppressions(findings: list[Finding], article: Article, ruleset, data: bytes | None = None) -> list[Finding]:
    """Marks the findings the article's directives suppress, and adds the findings
    about the directives themselves."""
    if not ruleset.settings.inline_suppressions:
        return findings
    directives = read_directives(article, data)
    if not directives:
        return findings
    running = {rule.code: rule for rule in ruleset.rules}
    names = {rule.rule.name: rule.code for rule in ruleset.rules}
    anchors = _anchors(article)
    disable_ranges = _disable_ranges(directives)
    out: list[Finding] = []
    for finding in findings:
        cover = None if finding.rule in OWN_CODES else _covering(finding, directives, disable_ranges, anchors, names)
        if cover is None:
            out.append(finding)
            continue
        cover.used.add(finding.rule)
        out.append(finding.model_copy(update={"suppressed": True, "suppression": cover.reason}))
    for directive in directives:
        out.extend(_about(directive, article.path, running, names))
    return out


def _covering(finding: Finding, directives: list[Directive], ranges: dict[int, Position],
              anchors: list[tuple[Position, Position]], names: dict[str, str]) -> Directive | None:
    for directive in directives:
        if directive.reason is None or not _names_rule(directive, finding.rule, names):
            continue
        if directive.action == "file":
            return directive
        if finding.line is None:
            continue
        if directive.action == "ignore":
            block = _next_anchor(anchors, directive)
            if block and _within(finding, block[0], block[1]):
                return directive
        elif directive.action == "disable":
            if _within(finding, _end_of(directive), ranges.get(id(directive), _FAR)):
                return directive
    return None


def _within(finding: Finding, start: Position, end: Position) -> bool:
    """Whether the finding's position lies in [start, end]; a finding without a
    column is placed by its line alone."""
    line = finding.line or 0
    if finding.column is None:
        return start[0] <= line <= end[0]
    return start <= (line, finding.column) <= end


def _names_rule(directive: Directive, code: str, names: dict[str, str]) -> bool:
    return any(c == code or names.get(c) == code for c in directive.codes)


def _about(directive: Directive, path: str, running: dict[str, Any], names: dict[str, str]) -> list[Finding]:
    if directive.action == "malformed":
        return _finding(MALFORMED, running, directive, path, f"Suppression comment cannot be read ({directive.problem}): {directive.text}")
    if directive.action == "enable":
        return []
    if directive.reason is None:
        return _finding(NO_REASON, running, directive, path,
                        f"Suppression of {', '.join(directive.codes)} in the {directive.where} gives no reason; it is not honoured. "
                        "Add one after ' -- '.")
    # Only rules that ran can show a suppression unused; a directive for a pack
    # this run did not choose is not an error.
    ran = [c for c in directive.codes if c in running or c in names]
    unused = [c for c in ran if (names.get(c, c)) not in directive.used]
    if unused:
        return _finding(UNUSED, running, directive, path,
                        f"Suppression of {', '.join(unused)} in the {directive.where} matches no finding; remove it.")
    return []


def _finding(code: str, running: dict[str, Any], directive: Directive, path: str, message: str) -> list[Finding]:
    rule = running.get(code)
    if rule is None:  # ignored or deselected in this run
        return []
    return [Finding(
        rule=code,
        name=rule.rule.name,
        severity=rule.severity,
        message=message,
        path=path,
        line=directive.line if directive.action != "file" else None,
        column=directive.column if directive.action != "file" else None,
        evidence=(Evidence(source=directive.where, value=directive.text or _describe(directive)),),
        fix=rule.rule.fix.suggest if rule.rule.fix else None,
        fingerprint=fingerprint_of(code, path, f"{directive.action}[{','.join(directive.codes)}] {directive.reason or ''}"),
    )]


def _describe(directive: Directive) -> str:
    return f"auditor: ignore {', '.join(directive.codes)}: {directive.reason or '(no reason)'}"


def _front_matter_directives(value: Any) -> list[Directive]:
    """`auditor: {ignore: {CODE: reason}}` or `auditor: {ignore: [{rule: CODE, reason: …}]}`."""
    if not isinstance(value, dict):
        return [] if value is None else [Directive("malformed", (), None, 1, text=str(value)[:120],
                                                   problem="front matter 'auditor' must be a mapping with 'ignore'")]
    out: list[Directive] = []
    unknown = [k for k in value if k != "ignore"]
    if unknown:
        out.append(Directive("malformed", (), None, 1, text=f"auditor: {value}"[:160],
                             problem=f"unknown key(s) {', '.join(map(str, unknown))}; only 'ignore' is known"))
    ignore = value.get("ignore")
    items: list[tuple[str, Any]] = []
    if isinstance(ignore, dict):
        items = [(str(k), v) for k, v in ignore.items()]
    elif isinstance(ignore, list):
        for entry in ignore:
            if isinstance(entry, dict):
                items.append((str(entry.get("rule") or entry.get("code") or ""), entry.get("reason")))
            else:
                items.append((str(entry), None))
    elif ignore is not None:
        out.append(Directive("malformed", (), None, 1, text=f"auditor: {value}"[:160], problem="'ignore' must be a mapping of CODE: reason"))
    for code, reason in items:
        text = f"auditor: ignore {code}: {reason if reason else '(no reason)'}"
        if not _CODE.match(code):
            out.append(Directive("malformed", (code,), None, 1, text=text, problem=f"not a rule code: {code!r}"))
            continue
        reason_text = str(reason).strip() if isinstance(reason, (str, int, float)) and str(reason).strip() else None
        out.append(Directive("file", (code,), reason_text, 1, text=text))
    return out


def _source_text(article: Article, data: bytes | None) -> str | None:
    # The path as a str: the file the parse just read is named the same way, and a
    # Path per document costs more than the rest of this when there is no directive.
    raw = read_bytes(Path(article.path), data) if data is not None else read_again(article.path)
    if not isinstance(raw, bytes) or b"auditor" not in raw:
        return None
    text = decode_text(Path(article.path), raw, sniff_html_charset=article.format == "html")
    return text if isinstance(text, str) else None


def _anchors(article: Article) -> list[tuple[Position, Position]]:
    """Position ranges of the blocks and figures a finding can point at, in order.
    A block whose parser recorded no end runs until the next block starts on its
    line, or to the end of the line (blocks of a minified page share one line)."""
    figure_spans = [[s for s in [figure.span, *[b.span for b in figure.texts()]] if s] for figure in article.figures]
    block_spans = [block.span for block in article.blocks if block.span]
    starts = sorted({_start_of(s) for spans in figure_spans for s in spans} | {_start_of(s) for s in block_spans})

    def end_of(span) -> Position:
        if span.end_column is not None:
            return (span.end_line or span.line, span.end_column)
        if span.end_line not in (None, span.line):
            return (span.end_line, _FAR[1])
        later = bisect_right(starts, _start_of(span))
        if later < len(starts) and starts[later][0] == span.line:
            return (span.line, starts[later][1] - 1)
        return (span.line, _FAR[1])

    ranges = [(min(_start_of(s) for s in spans), max(end_of(s) for s in spans)) for spans in figure_spans if spans]
    ranges += [(_start_of(span), end_of(span)) for span in block_spans]
    return sorted(ranges)


def _next_anchor(anchors: list[tuple[Position, Position]], directive: Directive) -> tuple[Position, Position] | None:
    """The element or block that starts first after the directive ends. When it
    starts on a later line than the directive, everything starting on that line is
    one block (a figure and its caption); on the directive's own line (minified
    HTML) only what starts at that very position is."""
    after = _end_of(directive)
    following = [a for a in anchors if a[0] >= after]
    if not following:
        return None
    start = min(a[0] for a in following)
    if start[0] > after[0]:
        end = max(a[1] for a in following if a[0][0] == start[0])
    else:
        end = max(a[1] for a in following if a[0] == start)
    return start, end


def _disable_ranges(directives: Iterable[Directive]) -> dict[int, Position]:
    """For each disable directive, the last position it covers (the matching enable, or the end)."""
    ordered = sorted(directives, key=lambda d: (d.line, d.column))
    ranges: dict[int, Position] = {}
    for index, directive in enumerate(ordered):
        if directive.action != "disable":
            continue
        end = _FAR
        for later in ordered[index + 1:]:
            if later.action == "enable" and set(directive.codes) & set(later.codes):
                end = (later.line, later.column)
                break
        ranges[id(directive)] = end
    return ranges


def _start_of(span) -> Position:
    return (span.line, span.column or 1)


def _end_of(directive: Directive) -> Position:
    if directive.end_column is None:  # front matter: the whole line
        return (directive.end_line or directive.line, _FAR[1])
    return (directive.end_line or directive.line, directive.end_column)
