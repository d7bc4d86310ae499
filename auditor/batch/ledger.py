"""The SQLite ledger: per document, the signatures of its content (the document and
every image it used), the digest of the rule set and configuration, and its
findings. A later run reuses the findings of a document whose signatures and rule
digest are unchanged; a run killed mid-way loses at most the last uncommitted
second of work, which the next run (`--resume`) simply does again.

Signatures are cheap by design (size and mtime for files, CRC for zip members,
digests for WARC records): checking them costs a stat, not a read, which is what
makes a cached re-run fast."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Callable

from pydantic import TypeAdapter

from .. import __version__
from ..config import ConfigError
from ..limits import TIME_BUDGET_KEY
from ..model import Finding
from ..report.publication import decode_facts, encode_facts
from .pairs import all_unchanged, decode_pairs, encode_pairs
from .tasks import Outcome, Task

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY,
    rules TEXT NOT NULL,
    signature TEXT NOT NULL,
    content TEXT NOT NULL,
    media TEXT NOT NULL,
    is_article INTEGER NOT NULL,
    findings TEXT NOT NULL,
    needs TEXT NOT NULL DEFAULT '[]',
    facts TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    paths TEXT NOT NULL,
    rules TEXT NOT NULL,
    started REAL NOT NULL,
    finished REAL
);
"""
ROW_FORMAT = 4  # 2: findings stored in report order; 3: the `needs` column; 4: the `facts` column
COMMIT_EVERY_SECONDS = 0.5
LOOKUP_BATCH = 256  # keys per SELECT ... IN (...), well under SQLite's variable limit
_FINDINGS = TypeAdapter(list[Finding])  # decodes and validates a row's findings in one pass


class LedgerError(ConfigError):
    """A ledger file that cannot be opened or is not a ledger: a usage problem, one
    line, exit 2 (hence a ConfigError, which the command line reports so)."""


class Ledger:
    def __init__(self, path: Path, rules_digest: str) -> None:
        # What a recorded row was produced by: the rules and settings, this version
        # of auditor, and the row layout. Any change re-audits everything.
        self.rules = hashlib.sha256(f"{rules_digest}\0{__version__}\0{ROW_FORMAT}".encode()).hexdigest()[:16]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(documents)")}
            if "needs" not in columns:  # a ledger from before ROW_FORMAT 3: its rows are stale anyway
                self._db.execute("ALTER TABLE documents ADD COLUMN needs TEXT NOT NULL DEFAULT '[]'")
            if "facts" not in columns:  # before ROW_FORMAT 4: stale too, audited again by the next run
                self._db.execute("ALTER TABLE documents ADD COLUMN facts TEXT NOT NULL DEFAULT ''")
        except (sqlite3.Error, OSError) as error:
            raise LedgerError(f"cannot use ledger {path}: {error}") from None
        self._lock = _hold_exclusively(path, self._db)
        self._rules_of: dict[str, str] = {"": self.rules}
        self._db.execute("BEGIN")
        self._last_commit = time.monotonic()
        self._run: int | None = None

    def rules_for(self, config: str) -> str:
        """The rules a document was audited under: the run's, or those of the nearer
        config (its digest, see auditor.config_tree) that applied to it."""
        rules = self._rules_of.get(config)
        if rules is None:
            rules = self._rules_of[config] = hashlib.sha256(f"{self.rules}\0{config}".encode()).hexdigest()[:16]
        return rules

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    @property
    def run_id(self) -> int | None:
        return self._run

    # --- runs ----------------------------------------------------------------------
    def interrupted_run(self, paths: list[str]) -> bool:
        """True when the last run over these paths with these rules never finished."""
        row = self._db.execute(
            "SELECT finished FROM runs WHERE paths = ? AND rules = ? ORDER BY id DESC LIMIT 1",
            (json.dumps(paths), self.rules),
        ).fetchone()
        return row is not None and row[0] is None

    def start_run(self, paths: list[str]) -> None:
        cursor = self._db.execute(
            "INSERT INTO runs (paths, rules, started) VALUES (?, ?, ?)", (json.dumps(paths), self.rules, time.time())
        )
        self._run = cursor.lastrowid
        self._commit()

    def finish_run(self) -> None:
        if self._run is not None:
            self._db.execute("UPDATE runs SET finished = ? WHERE id = ?", (time.time(), self._run))
        self._commit()

    # --- documents -----------------------------------------------------------------
    def reuse_all(self, tasks: list[Task], current: Callable[[str], str]) -> list[Outcome | None]:
        """For each task, its recorded outcome when nothing it depends on has changed
        (the document's signature, every image's signature via `current`, the rule
        digest), else None. One query per batch: a cached re-run is mostly this."""
        rows: dict[str, tuple] = {}
        for start in range(0, len(tasks), LOOKUP_BATCH):
            keys = list({task.key for task in tasks[start:start + LOOKUP_BATCH]})
            query = ("SELECT key, signature, media, is_article, findings, needs, rules, facts FROM documents WHERE key IN ("
                     + ",".join("?" * len(keys)) + ")")
            rows.update({row[0]: row for row in self._db.execute(query, keys)})
        reused: list[Outcome | None] = []
        for task in tasks:
            row = rows.get(task.key)
            signature = task.signature
            if (row is None or row[1] != signature or not signature or task.role == "broken"
                    or row[6] != self.rules_for(task.config_digest)):
                reused.append(None)
                continue
            media = decode_pairs(row[2])
            needs = decode_pairs(row[5])
            if media is None or needs is None or not all_unchanged(media, current) or not all_unchanged(needs, current):
                reused.append(None)
                continue
            findings = _FINDINGS.validate_json(row[4]) if row[4] != "[]" else []
            reused.append(Outcome(task.key, findings, media, row[3] == 1, signature, cached=True, needs=needs,
                                  findings_json=row[4], config=task.config_digest,
                                  facts=decode_facts(row[7])))
        return reused

    def recorded(self, key: str, signature: str, is_article: bool, findings: str, facts: str = "") -> Outcome:
        """A document's outcome rebuilt from its row, for a replayed run (which has
        checked every signature it depends on already)."""
        return Outcome(key, _FINDINGS.validate_json(findings) if findings != "[]" else [], [], is_article,
                       signature, cached=True, findings_json=findings, facts=decode_facts(facts))

    def record(self, outcome: Outcome) -> None:
        if not outcome.signature:
            return  # nothing to check it against next time
        if any(finding.rule == "INP005" and TIME_BUDGET_KEY in finding.message for finding in outcome.findings):
            return  # out of time on a busy machine says nothing of the file: audit it again next run
        content = hashlib.sha256(
            json.dumps([outcome.signature, outcome.media, outcome.needs]).encode()
        ).hexdigest()
        findings = outcome.findings_json = json.dumps([f.model_dump(mode="json") for f in outcome.findings],
                                                      ensure_ascii=False)
        self._db.execute(
            "INSERT OR REPLACE INTO documents (key, rules, signature, content, media, is_article, findings, needs, facts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (outcome.key, self.rules_for(outcome.config), outcome.signature, content, encode_pairs(outcome.media),
             int(outcome.is_article), findings, encode_pairs(outcome.needs), encode_facts(outcome.facts)),
        )
        if time.monotonic() - self._last_commit > COMMIT_EVERY_SECONDS:
            self._commit()

    def close(self) -> None:
        self._commit(again=False)
        self._db.close()
        if self._lock is not None:
            os.close(self._lock)  # releases the run's hold on the ledger

    def _commit(self, again: bool = True) -> None:
        self._db.execute("COMMIT")
        if again:
            self._db.execute("BEGIN")
        self._last_commit = time.monotonic()


def _hold_exclusively(path: Path, db: sqlite3.Connection) -> int | None:
    """An advisory lock on the ledger file for the whole run: a second run on the
    same ledger stops at once, before writing anything, with one clear line (two
    runs interleaving their rows would each record the other's documents as its own).
    flock, not SQLite's own fcntl locks, which it takes and drops per transaction."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): SQLite's busy timeout is all there is
        return None
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        db.close()
        raise LedgerError(f"ledger {path} is in use by another auditor run; wait for it to finish or use another --ledger") from None
    return descriptor
