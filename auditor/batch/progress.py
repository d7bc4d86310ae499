"""A progress bar for long audits (documents, media, findings, rate, ETA), drawn on
stderr by rich only when stderr is a terminal; silent otherwise."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Callable, Iterator

from .tasks import Outcome


class Progress:
    def __init__(self, enabled: bool, count_documents: Callable[[], Iterator[object]] | None = None) -> None:
        self.enabled = enabled
        self._bar = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._bar = RichProgress(
            TextColumn("[bold]auditing"),
            BarColumn(),
            TextColumn("{task.completed:,} documents · {task.fields[media]:,} media · {task.fields[findings]:,} findings"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._task = self._bar.add_task("audit", total=None, media=0, findings=0, rate="")
        self._media = self._findings = 0
        self._bar.start()
        if count_documents is not None:
            # The total is counted alongside the audit, so the bar (and its ETA)
            # appears without delaying the first finding.
            threading.Thread(target=self._count, args=(count_documents,), daemon=True).start()

    def _count(self, count_documents: Callable[[], Iterator[object]]) -> None:
        total = sum(1 for _ in count_documents())
        if self._bar is not None:
            self._bar.update(self._task, total=total)

    def advance(self, outcome: Outcome) -> None:
        if self._bar is None:
            return
        self._media += len(outcome.media) if outcome.is_article else 0
        self._findings += len(outcome.findings)
        speed = self._bar.tasks[0].speed
        self._bar.update(self._task, advance=1, media=self._media, findings=self._findings,
                         rate=f"{speed:,.0f}/s" if speed else "")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def counted_paths(paths: list[Path], exclude: list[str]) -> Callable[[], Iterator[object]]:
    def documents() -> Iterator[object]:
        from ..discover import discover

        return (f for f in discover([p for p in paths if p.is_dir()], exclude) if f.role not in ("image", "skipped"))
    return documents
