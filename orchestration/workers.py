"""A process pool that bounds each task's time and survives what a task does to its worker.

A report whose extraction is stuck in a C-level regex cannot be interrupted by a signal, so the
pool (pebble's ProcessPool) kills the worker at the time bound and starts another. Work is sent
in chunks (a task per report costs more than extracting a small one); a chunk that times out
or kills its worker is run again one item at a time, so only the guilty item fails. Results come
back in submission order whatever the number of workers, with a bounded number in flight.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from pebble import ProcessExpired, ProcessPool

TIMEOUT, EXTRACTION_FAILED = "TIMEOUT", "EXTRACTION_FAILED"


@dataclass(frozen=True)
class Failure:
    """An item the pool could not finish: a reason code and a sentence."""

    code: str
    reason: str


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class GuardedPool:
    """`map_chunks(fn, items)` runs `fn(list_of_items)` in worker processes; `fn` must return a
    result for the whole chunk and catch per-item exceptions itself (pure functions only)."""

    def __init__(self, workers: int = 0, timeout_s: float = 5.0, preload: Sequence[str] = ()):
        self.workers = workers or default_workers()
        self.timeout_s = timeout_s
        context = fork_server(preload)
        try:
            self._pool = ProcessPool(max_workers=self.workers, context=context)
        except BaseException:
            release_fork_server()
            raise
        self._closed = False

    def __enter__(self) -> GuardedPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._pool.stop()
            self._pool.join()
        finally:
            release_fork_server()

    def map_chunks(self, fn: Callable, items: Iterable, chunk_size: int = 32,
                   single_failure: Callable[[object, Failure], object] | None = None,
                   timeout_of: Callable[[object], float] | None = None) -> Iterator[tuple[list, object]]:
        """(chunk, fn(chunk)) in order. A chunk of one item that times out or kills its worker
        yields (chunk, single_failure(item, Failure)) (or the Failure itself). `timeout_of(item)`
        gives an item a bound of its own (a PDF takes longer than a text); a chunk gets its
        largest."""
        self._timeout_of = timeout_of or (lambda item: self.timeout_s)
        in_flight: deque = deque()
        window = self.workers * 4

        def chunks():
            chunk = []
            for item in items:
                chunk.append(item)
                if len(chunk) >= chunk_size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        for chunk in chunks():
            in_flight.append((chunk, self._schedule(fn, chunk)))
            while len(in_flight) >= window:
                yield from self._settle(fn, *in_flight.popleft(), single_failure)
        while in_flight:
            yield from self._settle(fn, *in_flight.popleft(), single_failure)

    def _bound(self, chunk: list) -> float:
        return max(self._timeout_of(item) for item in chunk)

    def _schedule(self, fn, chunk: list):
        return self._pool.schedule(fn, args=(chunk,), timeout=self._bound(chunk))

    def _settle(self, fn, chunk, future, single_failure) -> Iterator[tuple[list, object]]:
        try:
            yield chunk, future.result()
            return
        except FutureTimeout:
            failure = Failure(TIMEOUT, f"extraction took longer than {self._bound(chunk):g} s and was stopped")
        except ProcessExpired as exc:
            failure = Failure(EXTRACTION_FAILED, f"the worker process died (exit code {exc.exitcode})")
        except Exception as exc:
            failure = Failure(EXTRACTION_FAILED, f"{type(exc).__name__}: {exc}"[:500])
        if len(chunk) > 1:  # find the guilty item: run each one alone
            retries = [([item], self._schedule(fn, [item])) for item in chunk]
            for single, retry in retries:
                yield from self._settle(fn, single, retry, single_failure)
            return
        yield chunk, single_failure(chunk[0], failure) if single_failure else failure


# The fork server holds its preload (the extractor: about 80 MiB) for as long as this process
# lives, beside dbt and the site's renderers: it is stopped when the last pool using it is done.
_fork_server_users = 0
_fork_server_lock = threading.Lock()
_prestarted: tuple[str, ...] | None = None  # the preload of a server started before its pool
EXTRACTION_PRELOAD = ("orchestration.worker_preload",)


def fork_server(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    """The forkserver context for a new pool; call release_fork_server() when the pool is done.
    `preload` is imported by the server when it starts (not when another pool already uses it)."""
    global _fork_server_users, _prestarted
    with _fork_server_lock:
        context = multiprocessing.get_context("forkserver")
        if _prestarted == tuple(preload):  # the pool takes over the use prestart_fork_server() counted
            _prestarted = None
            return context
        if _fork_server_users == 0:
            context.set_forkserver_preload(list(preload))
        _fork_server_users += 1
        return context


def prestart_fork_server(preload: Sequence[str]) -> None:
    """Start the fork server now, so that it imports its preload (about 1 s) on the other core
    while this process is busy (a build imports Dagster and GE meanwhile); the first pool that
    asks for the same preload takes it over. drop_prestarted() stops it if no pool did."""
    global _prestarted
    from multiprocessing import forkserver

    if _prestarted is not None:
        return
    fork_server(preload)
    try:
        forkserver.ensure_running()
    except OSError:  # only a head start: the first pool starts the server itself
        release_fork_server()
        return
    with _fork_server_lock:
        _prestarted = tuple(preload)


def drop_prestarted() -> None:
    """Give back a prestarted fork server that no pool took over."""
    global _prestarted
    with _fork_server_lock:
        if _prestarted is None:
            return
        _prestarted = None
    release_fork_server()


def release_fork_server() -> None:
    global _fork_server_users
    with _fork_server_lock:
        _fork_server_users -= 1
        if _fork_server_users > 0:
            return
        from multiprocessing import forkserver

        # a private method (the standard library has no public one): without it the server stays
        stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
        try:
            if stop is not None:
                stop()
        except OSError:  # already gone: nothing to give back
            pass
