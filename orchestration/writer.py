"""Batches written to DuckDB on a thread of their own, so the worker pool is fed while a batch is
inserted (an insert of 1,000 reports takes a few tenths of a second: the workers would sit idle).

DuckDB releases the GIL while it executes, and a cursor is a connection of its own to the same
database, safe to use from another thread. Jobs run one after another, in the order they were
put; an exception in a job is raised by the next `put` or by `close`.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable

import duckdb

Job = Callable[[duckdb.DuckDBPyConnection], None]


class BatchWriter:
    def __init__(self, con: duckdb.DuckDBPyConnection, backlog: int = 2):
        self._cursor = con.cursor()
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=backlog)  # bounds memory: a few batches
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="duckdb-writer", daemon=True)
        self._thread.start()

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(raise_error=exc is None)

    def put(self, job: Job) -> None:
        self._raise()
        self._jobs.put(job)

    def close(self, raise_error: bool = True) -> None:
        """Wait for every job put so far; raise the first error of a job."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        self._cursor.close()
        if raise_error:
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise RuntimeError(f"writing a batch to the warehouse failed: {self._error}") from self._error

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._error is None:  # after an error, the rest is drained unwritten
                try:
                    job(self._cursor)
                except BaseException as exc:  # handed to the caller's thread
                    self._error = exc
