"""The bounded audit pool: a fixed number of worker processes and a short, fixed
queue in front of them. A request that finds both full is shed at once (429 with
Retry-After) rather than queued without end; one that outlasts the request budget
is answered 503 while its slot stays taken until the worker is free again, so the
pool never holds more work than it admitted."""

from __future__ import annotations

import asyncio
import multiprocessing
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Awaitable, Callable

from ..config import Config
from .audit_job import start_worker
from .settings import ServeSettings


class Shed(Exception):
    """The request was not audited; `status` is 429 (full) or 503 (timed out, broken)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class AuditPool:
    def __init__(self, settings: ServeSettings, config: Config) -> None:
        self.settings = settings
        self.config = config
        self.capacity = settings.workers + settings.queue
        self.admitted = 0  # touched from the event loop thread only
        self.running = 0
        self._folder = tempfile.TemporaryDirectory(prefix="auditor-serve-")  # the workers' empty working folder
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        from ..batch.scratch import scratch_folder

        # spawn, not fork: the server process runs an event loop and threads.
        return ProcessPoolExecutor(
            max_workers=self.settings.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(self.config, self._folder.name, scratch_folder()),
        )

    def warm(self) -> None:
        """Starts every worker and loads the parsers and the default rule set, so the
        first request does not pay for it."""
        from .audit_job import warm_worker

        for future in [self._executor.submit(warm_worker) for _ in range(self.settings.workers)]:
            future.result()

    async def run(self, function: Callable[[Any], Any], argument: Any) -> Any:
        async def ready() -> Any:
            return argument

        return await self.admit_then(ready, function)

    async def admit_then(self, read: Callable[[], Awaitable[Any]], function: Callable[[Any], Any]) -> Any:
        """Takes a slot, then reads the request (`read`), then runs `function` on what
        it read in a worker. The slot comes first so that a full server refuses
        before it reads a byte of the upload: memory stays bounded by the slots."""
        if self.admitted >= self.capacity:
            raise Shed(429, f"busy: {self.running} audits running, {self.admitted - self.running} waiting")
        loop = asyncio.get_running_loop()
        self.admitted += 1
        executor = self._executor
        try:
            argument = await read()
            future: Future = executor.submit(function, argument)
        except (BrokenProcessPool, RuntimeError) as error:
            self._release()
            self._restart(executor)
            raise Shed(503, f"audit workers restarting ({type(error).__name__})") from None
        except BaseException:
            self._release()
            raise
        self.running = min(self.admitted, self.settings.workers)
        # The slot is given back when the worker is done, not when the caller stops waiting.
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._release))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.settings.request_seconds)
        except TimeoutError:
            raise Shed(503, f"the audit took longer than {self.settings.request_seconds:g} s") from None
        except BrokenProcessPool:
            self._restart(executor)
            raise Shed(503, "an audit worker stopped; workers restarting") from None

    def _release(self) -> None:
        self.admitted -= 1
        self.running = min(self.admitted, self.settings.workers)

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        if broken is self._executor:  # every request on a broken pool sees it break: restart once
            self._executor = self._start()
            broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        from ..batch.scratch import remove_scratch

        self._executor.shutdown(wait=True, cancel_futures=True)
        self._folder.cleanup()
        # uvicorn ends the process by re-raising SIGTERM once it has shut down, so the
        # scratch folder's atexit hook would not run: removed here.
        remove_scratch()
