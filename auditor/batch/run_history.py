"""What each ledger run found, kept for trends (`auditor trend`): findings by rule
and severity, and how many are new or fixed since the last run over the same paths.

Fingerprints stream into SQLite as findings go by, so memory stays flat; only the
latest run's fingerprints per set of paths are kept (new and fixed are worked out
against them), while the per-rule counts of every run stay, a few rows each.
Suppressed findings are not counted, as in the run's summary.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Callable

from ..model import Finding

SCHEMA = """
CREATE TABLE IF NOT EXISTS run_rules (
    run INTEGER NOT NULL,
    rule TEXT NOT NULL,
    name TEXT NOT NULL,
    severity TEXT NOT NULL,
    findings INTEGER NOT NULL,
    PRIMARY KEY (run, rule, severity)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS run_totals (
    run INTEGER PRIMARY KEY,
    paths TEXT NOT NULL,
    documents INTEGER NOT NULL,
    previous INTEGER,  -- the run new and fixed are counted against, if any
    new INTEGER,
    fixed INTEGER
);
CREATE TABLE IF NOT EXISTS run_fingerprints (
    paths TEXT NOT NULL,
    run INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (paths, run, fingerprint)
) WITHOUT ROWID;
"""
FLUSH_EVERY = 4096


class RunHistory:
    """Counts one run's findings and records them when the run finishes."""

    def __init__(self, db: sqlite3.Connection, paths: list[str]) -> None:
        self._db = db
        for statement in SCHEMA.split(";"):  # not executescript: it would commit the ledger's transaction
            if statement.strip():
                self._db.execute(statement)
        self.paths = json.dumps(paths)
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self._pending: set[str] = set()
        self.run: int | None = None

    def watching(self, on_finding: Callable[[Finding], None] | None, run: Callable[[], int | None]) -> Callable[[Finding], None]:
        """`on_finding`, with this run's findings counted on the way."""
        def take(finding: Finding) -> None:
            if not finding.suppressed:
                self.counts[(finding.rule, finding.name, finding.severity.value)] += 1
                if finding.fingerprint:
                    self._pending.add(finding.fingerprint)
                    if len(self._pending) >= FLUSH_EVERY:
                        self._flush(run())
            if on_finding is not None:
                on_finding(finding)
        return take

    def finish(self, run: int | None, documents: int) -> None:
        if run is None:
            return
        self._flush(run)
        previous = self._db.execute(
            # A finished run (an interrupted one left only part of its fingerprints).
            "SELECT MAX(run) FROM run_totals WHERE paths = ? AND run < ?", (self.paths, run)).fetchone()[0]
        new = fixed = None
        if previous is not None:
            new = self._db.execute(
                "SELECT COUNT(*) FROM run_fingerprints a WHERE a.paths = ? AND a.run = ? AND NOT EXISTS"
                " (SELECT 1 FROM run_fingerprints b WHERE b.paths = a.paths AND b.run = ? AND b.fingerprint = a.fingerprint)",
                (self.paths, run, previous)).fetchone()[0]
            fixed = self._db.execute(
                "SELECT COUNT(*) FROM run_fingerprints a WHERE a.paths = ? AND a.run = ? AND NOT EXISTS"
                " (SELECT 1 FROM run_fingerprints b WHERE b.paths = a.paths AND b.run = ? AND b.fingerprint = a.fingerprint)",
                (self.paths, previous, run)).fetchone()[0]
        self._db.executemany("INSERT OR REPLACE INTO run_rules VALUES (?, ?, ?, ?, ?)",
                             [(run, rule, name, severity, count) for (rule, name, severity), count in self.counts.items()])
        self._db.execute("INSERT OR REPLACE INTO run_totals VALUES (?, ?, ?, ?, ?, ?)",
                         (run, self.paths, documents, previous, new, fixed))
        # Only the latest run's fingerprints are needed from now on.
        self._db.execute("DELETE FROM run_fingerprints WHERE paths = ? AND run < ?", (self.paths, run))

    def _flush(self, run: int | None) -> None:
        if run is not None and self._pending:
            self._db.executemany("INSERT OR IGNORE INTO run_fingerprints VALUES (?, ?, ?)",
                                 [(self.paths, run, fingerprint) for fingerprint in self._pending])
        self._pending.clear()
