"""Per-host politeness: at most `per_host` requests to one host at a time, and
their starts spaced to at most `rate` a second (within one process)."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator


class HostLimits:
    def __init__(self, per_host: int, rate: float) -> None:
        self.per_host = per_host
        self.interval = 1.0 / rate
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Waits for a free slot and for the host's next start time."""
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with slot:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self.interval
            if start > now:
                time.sleep(start - now)
            yield
