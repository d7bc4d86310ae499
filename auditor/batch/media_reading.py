"""Reading many images for `auditor inspect`: the image files under the paths a user
gives, and their facts read in this process or spread over worker processes, in
the order the paths came."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from ..model import MediaError, MediaFacts

Result = TypeVar("Result")
SERIAL_BEFORE_POOL = 256  # images read in-process before the default --jobs starts a pool


def image_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str | MediaFacts]:
    """Each path that is not a folder, as given (read whatever its name); the image
    files under each folder, recursively and in a stable order; for an entry of a
    folder that cannot be read (a link loop, a link out of the folder), the facts
    saying why."""
    from ..discover import discover_names

    for path in paths:
        if not os.path.isdir(path):
            yield str(path)
            continue
        for found, role, problem in discover_names([Path(path)]):
            if role == "image":
                yield found
            elif role == "broken":
                yield MediaFacts(path=found, errors=(MediaError(code="INP001", message=problem or "cannot be read"),))


def read_images(items: Iterable[str | MediaFacts], render: Callable[[MediaFacts], Result],
                jobs: int | None) -> Iterator[Result]:
    """`render(read_media(path))` for each path (`render(facts)` for facts given),
    in order. `jobs` None: in this process while the list is short, then on every
    core."""
    items = iter(items)
    if jobs is None:
        head = list(itertools.islice(items, SERIAL_BEFORE_POOL))
        yield from _read_chunk(head, render)
        jobs = os.cpu_count() or 1
    if jobs <= 1:
        for item in items:
            yield from _read_chunk([item], render)
        return
    first = next(items, None)
    if first is None:
        return
    yield from _pooled(itertools.chain([first], items), render, jobs)


def _pooled(items: Iterator[str | MediaFacts], render: Callable[[MediaFacts], Result], jobs: int) -> Iterator[Result]:
    from .process_pool import new_process_pool
    from .runners import WINDOW_PER_WORKER, ordered
    from .scratch import scratch_folder

    pool = new_process_pool(jobs, _start_worker, (scratch_folder(),), preload=["auditor.media"],
                            forked_start=_start_worker)
    try:
        yield from ordered(items, lambda chunk: pool.submit(_read_chunk, chunk, render),
                           lambda future: future.result(), jobs * WINDOW_PER_WORKER)
    finally:
        pool.shutdown(cancel_futures=True)


def _start_worker(scratch: str | None) -> None:
    from .scratch import adopt

    adopt(scratch)


def _read_chunk(items: list[str | MediaFacts], render: Callable[[MediaFacts], Result]) -> list[Result]:
    from ..media import read_media

    return [render(item if isinstance(item, MediaFacts) else read_media(item)) for item in items]
