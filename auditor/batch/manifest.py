"""Run manifests: what a finished ledger run depended on, so that re-running it over
an unchanged tree replays its findings instead of going document by document.

A manifest lists, in order, every folder the run walked and every file its findings
depend on (each document, every image it used, every file it looked for and did
not find), each with its signature, and the documents in the order they were
reported. A later run with the same inputs and rules stats those entries once; if
every signature still matches (a folder's changes when an entry is added, removed
or renamed in it), the tree is exactly as it was, and the run's findings are read
back from the ledger in order. Any difference, and the run goes document by
document as usual (`auditor.batch.run`), which re-audits only what changed.

Runs over archives, globs or unreadable entries keep no manifest: what they depend
on is not all in file signatures."""

from __future__ import annotations

import json
import os
import sqlite3
from typing import Iterator

from ..report.publication import encode_facts
from .ledger import Ledger
from .pairs import all_unchanged, decode_pairs, encode_pairs
from .tasks import Outcome, file_signature

SCHEMA = """
CREATE TABLE IF NOT EXISTS manifests (
    run INTEGER PRIMARY KEY,
    paths TEXT NOT NULL,
    rules TEXT NOT NULL,
    media INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS manifest_files (
    run INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    pairs TEXT NOT NULL,  -- up to FLUSH_EVERY (path, signature) pairs, see auditor.batch.pairs
    PRIMARY KEY (run, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS manifest_documents (
    run INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    key TEXT NOT NULL,
    signature TEXT NOT NULL,
    is_article INTEGER NOT NULL,
    findings TEXT NOT NULL,
    facts TEXT NOT NULL DEFAULT '',  -- see auditor.report.publication
    PRIMARY KEY (run, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS manifest_skipped (
    run INTEGER NOT NULL,
    path TEXT NOT NULL,  -- a file passed over as not an article (auditor.articles.not_articles)
    reason TEXT NOT NULL
);
"""
FLUSH_EVERY = 2048  # (path, signature) pairs kept before they are written: memory stays flat


class RunManifest:
    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._db: sqlite3.Connection = ledger.connection
        for statement in SCHEMA.split(";"):  # not executescript: it would commit the ledger's transaction
            if statement.strip():
                self._db.execute(statement)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(manifest_documents)")}
        if "facts" not in columns:  # a ledger from before the facts: its manifests name older rules, never replayed
            self._db.execute("ALTER TABLE manifest_documents ADD COLUMN facts TEXT NOT NULL DEFAULT ''")
        self._files: list[tuple[str, str]] = []
        self._documents: list[tuple[int, int, str, str, int, str, str]] = []
        self._file_seq = self._document_seq = 0
        self._folders: set[str] = set()  # walked this run: grows with folders, not files
        self.complete = True  # False once anything the manifest cannot describe is met
        self._skipped: list[tuple[int, str, str]] = []

    # --- replaying an earlier run ------------------------------------------------------
    def replayable(self, paths: list[str]) -> int | None:
        """The run whose manifest the same inputs and rules may replay, if any."""
        row = self._db.execute(
            "SELECT run FROM manifests WHERE paths = ? AND rules = ? ORDER BY run DESC LIMIT 1",
            (json.dumps(paths), self._ledger.rules),
        ).fetchone()
        return row[0] if row else None

    def unchanged(self, run: int) -> bool:
        """True when every folder and file of `run`'s manifest has its signature still."""
        for (text,) in self._db.execute("SELECT pairs FROM manifest_files WHERE run = ? ORDER BY seq", (run,)):
            pairs = decode_pairs(text)
            if pairs is None or not all_unchanged(pairs, file_signature):
                return False
        return True

    def replay(self, run: int) -> tuple[Iterator[Outcome], int, Iterator[tuple[str, str]]] | None:
        """`run`'s outcomes in report order, its media count, and the files it skipped."""
        media = self._db.execute("SELECT media FROM manifests WHERE run = ?", (run,)).fetchone()
        if media is None:
            return None
        skipped = self._db.execute("SELECT path, reason FROM manifest_skipped WHERE run = ? ORDER BY rowid", (run,))
        return self._recorded_outcomes(run), media[0], iter(skipped.fetchall())

    def _recorded_outcomes(self, run: int) -> Iterator[Outcome]:
        rows = self._db.execute(
            "SELECT key, signature, is_article, findings, facts FROM manifest_documents WHERE run = ? ORDER BY seq", (run,))
        for key, signature, is_article, findings, facts in rows:
            yield self._ledger.recorded(key, signature, is_article == 1, findings, facts)

    # --- recording this run ------------------------------------------------------------
    def folder(self, path: str) -> None:
        """A folder the walk is about to list (its signature changes with its entries)."""
        self._folders.add(path)
        self._file(path, file_signature(path))

    def depends_on(self, path: str) -> None:
        """A file the run's findings depend on whether or not it exists (a config file
        name looked for above an audited file): its signature, "absent" included."""
        self._file(path, file_signature(path))

    def skipped(self, path: str, reason: str) -> None:
        """A file the walk passed over as not an article: the decision may rest on its
        content, so its signature is recorded with it."""
        if self.complete:
            self._skipped.append((self._ledger.run_id, path, reason))
            self._file(path, file_signature(path))

    def document(self, outcome: Outcome) -> None:
        if not outcome.signature or outcome.findings_json is None:
            self.complete = False  # an unreadable entry or a WARC record: not a file's signature
            return
        if not self.complete:
            return
        self._documents.append((self._ledger.run_id, self._document_seq, outcome.key, outcome.signature,
                                int(outcome.is_article), outcome.findings_json, encode_facts(outcome.facts)))
        self._document_seq += 1
        self._file(outcome.key, outcome.signature)
        for path, signature in outcome.media:
            self._file(path, signature)
        for path, signature in outcome.needs:
            # Still absent as long as its folder, walked and recorded, is unchanged.
            if not (signature == "absent" and os.path.dirname(path) in self._folders) and path not in self._folders:
                self._file(path, signature)
        if len(self._files) >= FLUSH_EVERY:
            self._flush()

    def finish(self, paths: list[str], media: int) -> None:
        """Called as the run finishes: keeps this run's manifest if it is complete,
        drops older ones for the same inputs and rules and any left by killed runs."""
        run = self._ledger.run_id
        self._flush()
        if self.complete:
            self._db.execute("DELETE FROM manifests WHERE paths = ? AND rules = ?", (json.dumps(paths), self._ledger.rules))
            self._db.execute("INSERT INTO manifests VALUES (?, ?, ?, ?)", (run, json.dumps(paths), self._ledger.rules, media))
        for table in ("manifest_files", "manifest_documents", "manifest_skipped"):
            self._db.execute(f"DELETE FROM {table} WHERE run NOT IN (SELECT run FROM manifests)")

    def _file(self, path: str, signature: str) -> None:
        if self.complete:
            self._files.append((path, signature))

    def _flush(self) -> None:
        if self.complete:
            if self._files:
                self._db.execute("INSERT INTO manifest_files VALUES (?, ?, ?)",
                                 (self._ledger.run_id, self._file_seq, encode_pairs(self._files)))
                self._file_seq += 1
            self._db.executemany("INSERT INTO manifest_documents VALUES (?, ?, ?, ?, ?, ?, ?)", self._documents)
            self._db.executemany("INSERT INTO manifest_skipped VALUES (?, ?, ?)", self._skipped)
        self._files.clear()
        self._documents.clear()
        self._skipped.clear()
