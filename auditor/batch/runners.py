"""The three ways to run `perform` over a stream of tasks: in this process, in a
process pool, or on a Dask cluster. All three return outcomes in task order, with
at most a bounded window of work in flight, so memory does not grow with the
stream and `--jobs 4` reports exactly what `--jobs 1` does."""

from __future__ import annotations

import gc
from collections import deque
from typing import Callable, Iterable, Iterator

from ..archive_budget import set_archive_budget
from ..config import Config, ConfigError
from ..engine import RuleSet, load_ruleset
from .process_pool import new_process_pool
from .scratch import adopt, scratch_folder
from .tasks import Outcome, Task, perform, perform_all

CHUNK = 32  # tasks per submission: amortises pickling and scheduling
WINDOW_PER_WORKER = 4  # chunks in flight per worker

Item = Task | Outcome  # an Outcome here is one the ledger already had


def run_serial(items: Iterable[Item], ruleset: RuleSet) -> Iterator[Outcome]:
    for item in items:
        yield item if isinstance(item, Outcome) else perform(item, ruleset)


def ordered(items: Iterable[Item], submit: Callable[[list[Task]], object], result: Callable[[object], list[Outcome]],
            window: int) -> Iterator[Outcome]:
    """Submits chunks of consecutive tasks, keeps `window` chunks in flight and
    yields every outcome (ready ones included) in the order the items came."""
    queue: deque = deque()
    pending = 0
    chunk: list[Task] = []

    def flush() -> None:
        nonlocal chunk, pending
        if chunk:
            queue.append(("future", submit(chunk)))
            pending += 1
            chunk = []

    def drain(until: int) -> Iterator[Outcome]:
        nonlocal pending
        while queue and (pending > until or queue[0][0] == "ready"):
            kind, value = queue.popleft()
            if kind == "ready":
                yield value
            else:
                pending -= 1
                yield from result(value)

    for item in items:
        if isinstance(item, Outcome) and not queue and not chunk:
            yield item  # nothing in flight ahead of it (a cached run, mostly): no queueing
            continue
        if isinstance(item, Outcome):
            flush()
            queue.append(("ready", item))
        else:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                flush()
        yield from drain(window)
    flush()
    yield from drain(0)


# --- process pool ------------------------------------------------------------------

_WORKER_RULESET: RuleSet | None = None


def _start_worker(config: Config, scratch: str | None = None) -> None:
    global _WORKER_RULESET
    if _WORKER_RULESET is None:  # a forked worker has its parent's, compiled
        _WORKER_RULESET = load_ruleset(config)
    from ..config_tree import use_run_config

    use_run_config(config)  # nearer configs' rule sets are built from it (auditor.config_tree)
    from ..pipeline import configure_process

    configure_process(config)  # reader settings are per process
    set_archive_budget(config.archive_budget)
    adopt(scratch)  # the parent's private folder: it removes it, whatever ends the run
    # The rule set and the modules live as long as the worker: the collector need
    # not scan them again on every full collection its documents trigger.
    gc.freeze()


def _perform_in_worker(tasks: list[Task]) -> list[Outcome]:
    assert _WORKER_RULESET is not None
    return perform_all(tasks, _WORKER_RULESET)


def run_pool(items: Iterable[Item], config: Config, jobs: int, ruleset: RuleSet | None = None) -> Iterator[Outcome]:
    """`ruleset`: this process's compiled rule set, for workers forked from it."""
    # The pool (and multiprocessing itself) starts with the first task to perform:
    # a run the ledger answers entirely never pays for one.
    pool = None

    def submit(chunk: list[Task]):
        nonlocal pool
        if pool is None:
            pool = _new_pool(config, jobs, ruleset)
        return pool.submit(_perform_in_worker, chunk)

    try:
        yield from ordered(items, submit, lambda future: future.result(), jobs * WINDOW_PER_WORKER)
    finally:
        if pool is not None:
            pool.shutdown()


def _new_pool(config: Config, jobs: int, ruleset: RuleSet | None = None):
    global _WORKER_RULESET
    if ruleset is not None:
        _WORKER_RULESET = ruleset  # what forked workers inherit, compiled
        # And the code every task runs, loaded once here rather than in each worker.
        from .. import media, pipeline  # noqa: F401
    return new_process_pool(jobs, _start_worker, (config, scratch_folder()),
                            preload=["auditor.pipeline", "auditor.batch.tasks"],
                            forked_start=_start_worker if ruleset is not None else None)


# --- Dask ------------------------------------------------------------------------------

_DASK_RULESETS: dict[str, RuleSet] = {}


def perform_on_dask_worker(tasks: list[Task], config_json: str, command_line: dict | None = None) -> list[Outcome]:
    """Runs on a Dask worker: the rule set is compiled once per worker and config."""
    ruleset = _DASK_RULESETS.get(config_json)
    if ruleset is None:
        config = Config.model_validate_json(config_json)
        from ..config_tree import use_run_config

        use_run_config(config.model_copy(update={"command_line": command_line or {}}))
        ruleset = _DASK_RULESETS[config_json] = load_ruleset(config)
        from ..pipeline import configure_process

        configure_process(config)  # reader settings are per process
        set_archive_budget(config.archive_budget)
    return perform_all(tasks, ruleset)


class DaskUnavailable(ConfigError):
    """Dask is not installed, or the scheduler cannot be reached: one line, exit 2."""


def run_dask(items: Iterable[Item], config: Config, scheduler: str, jobs: int) -> Iterator[Outcome]:
    cluster = _DaskConnection(scheduler, jobs)
    config_json = config.model_dump_json()
    try:
        yield from ordered(
            items,
            lambda chunk: cluster.client().submit(perform_on_dask_worker, chunk, config_json, dict(config.command_line),
                                                  pure=False),
            lambda future: future.result(),
            jobs * WINDOW_PER_WORKER,
        )
    finally:
        cluster.close()


class _DaskConnection:
    """Connects (or starts a LocalCluster) on the first submission only: a run the
    ledger answers entirely never waits for a cluster."""

    def __init__(self, scheduler: str, jobs: int) -> None:
        self.scheduler, self.jobs = scheduler, jobs
        self._client = self._cluster = None

    def client(self):
        if self._client is None:
            try:
                from distributed import Client, LocalCluster
            except ImportError:
                raise DaskUnavailable("--scheduler needs Dask: pip install 'auditor[dask]'") from None
            try:
                if self.scheduler == "local":
                    self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                                 dashboard_address=None)
                    self._client = Client(self._cluster)
                else:
                    self._client = Client(self.scheduler, timeout=10)
            except (OSError, TimeoutError, ValueError) as error:
                self.close()
                raise DaskUnavailable(f"cannot reach Dask scheduler {self.scheduler}: {error}") from None
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None
