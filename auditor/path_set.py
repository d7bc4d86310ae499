"""A set of paths whose memory stops growing: kept in a Python set while small,
moved to a private on-disk SQLite table once it passes a limit. A batch run
remembers every file it has seen and every image an article used; over an
archive of millions that set would otherwise grow without bound."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3  # imported when a set spills: most runs never get there (start-up)

IN_MEMORY_LIMIT = 100_000  # ~13 MB of typical paths; past it, lookups cost a B-tree probe


class PathSet:
    def __init__(self, limit: int | None = None) -> None:
        self._limit = IN_MEMORY_LIMIT if limit is None else limit
        self._memory: set[str] | None = set()
        self._db: sqlite3.Connection | None = None
        self._size = 0

    def add(self, path: str) -> bool:
        """Adds `path`; True when it was not there yet."""
        memory = self._memory
        if memory is not None:
            if path in memory:
                return False
            memory.add(path)
            self._size += 1
            if self._size > self._limit:
                self._spill()
            return True
        added = self._db.execute("INSERT OR IGNORE INTO paths VALUES (?)", (path,)).rowcount == 1
        self._size += added
        return added

    def __contains__(self, path: str) -> bool:
        if self._memory is not None:
            return path in self._memory
        return self._db.execute("SELECT 1 FROM paths WHERE path = ?", (path,)).fetchone() is not None

    def __len__(self) -> int:
        return self._size

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _spill(self) -> None:
        # "" is a private temporary database on disk, deleted when closed; nothing
        # here needs to survive a crash, so no journal and no syncing.
        import sqlite3

        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE paths (path TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO paths VALUES (?)", ((path,) for path in self._memory))
        self._memory = None
