"""Run a function over many items, in order: in this process, in worker processes, or on a Dask cluster.

Every engine keeps a bounded number of items in flight, so results never pile up in memory however many items
there are, and yields the results in the order of the items, so what a build writes does not depend on which
worker finished first. Worker processes are started with ``spawn`` (safe whatever threads the caller runs).
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from contextlib import ExitStack, contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator, TypeVar

from kg.errors import KgError

ENGINES = ("processes", "dask")
# Items in flight per worker: enough to keep the workers busy for a second or two while the caller is busy
# elsewhere (a build writes a batch of documents to its store), few enough that memory stays bounded.
IN_FLIGHT = 32
T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(function: Callable[[T], R], items: Iterable[T], *, jobs: int = 1, engine: str = "processes",
                scheduler: str | None = None, shortcut: Callable[[T], R | None] | None = None) -> Iterator[R]:
    """``map(function, items)`` on ``jobs`` workers of the engine; results in the order of the items.

    :param function: a module-level function (or a ``functools.partial`` of one): workers import it.
    :param jobs: worker processes (``processes``), or workers of the local cluster (``dask`` without scheduler);
        with ``processes`` and 1 job, everything runs in this process.
    :param engine: ``processes`` or ``dask``.
    :param scheduler: the address of a running Dask scheduler (default: start a local cluster).
    :param shortcut: tried first, in this process: a result other than None stands for ``function(item)``
        (e.g. found in a cache). Workers are started only when an item needs them.
    :raises KgError: unknown engine, Dask not installed, scheduler unreachable, a worker process died.
    """
    if engine not in ENGINES:
        raise KgError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    start = _dask if engine == "dask" else _processes if jobs > 1 else _this_process
    return _windowed(start, jobs, scheduler, function, items, shortcut)


class _Done:
    """A result known at once, in the queue of futures."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value

    def cancel(self) -> bool:
        return False


def _windowed(start: Callable[..., Any], jobs: int, scheduler: str | None, function: Callable[[T], R],
              items: Iterable[T], shortcut: Callable[[T], R | None] | None) -> Iterator[R]:
    """Submit items keeping at most :data:`IN_FLIGHT` per worker in flight; yield their results in order.

    ``start`` is a context manager yielding ``(submit, workers)``; it is entered at the first item that needs it.
    """
    with ExitStack() as stack:
        submit: Callable[[Callable[[T], R], T], Any] | None = None
        window = IN_FLIGHT * max(jobs, 1)
        pending: deque = deque()
        try:
            for item in items:
                found = shortcut(item) if shortcut else None
                if found is None and submit is None:
                    submit, workers = stack.enter_context(start(jobs, scheduler))
                    window = IN_FLIGHT * max(workers, 1)
                pending.append(_Done(found) if found is not None else submit(function, item))  # type: ignore[misc]
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


@contextmanager
def _this_process(jobs: int, scheduler: str | None) -> Iterator[tuple[Callable[..., Any], int]]:
    yield (lambda function, item: _Done(function(item))), 1


@contextmanager
def _processes(jobs: int, scheduler: str | None) -> Iterator[tuple[Callable[..., Any], int]]:
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool.submit, jobs
    except BrokenProcessPool:
        raise KgError("a worker process died (out of memory, or killed); nothing after the last document "
                      "written was lost: run the build again") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask(jobs: int, scheduler: str | None) -> Iterator[tuple[Callable[..., Any], int]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise KgError("the dask engine needs Dask: pip install 'unkg[dask]'") from None
    with ExitStack() as stack:
        try:
            if scheduler:
                client = stack.enter_context(Client(scheduler, timeout=30))
            else:
                cluster = stack.enter_context(LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                           dashboard_address=None))
                client = stack.enter_context(Client(cluster))
        except (OSError, TimeoutError, ValueError) as e:
            raise KgError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {e}") from None
        workers = client.scheduler_info().get("workers", {}).values()
        threads = sum(worker.get("nthreads", 1) for worker in workers) or jobs
        yield (lambda function, item: client.submit(function, item, pure=False)), threads
