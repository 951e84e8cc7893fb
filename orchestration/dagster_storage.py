"""Dagster's SQLite event log, kept fast: one engine per database file, commits without an fsync.

The stock SQLite event log creates an SQLAlchemy engine, connects, commits with an fsync and
disposes of the engine for every event, several times per event. A build stores 500-600 events
(dbt reports each model and each test), and that took 15-20 s of every build whatever its size:
most of what a rerun with one new file cost beside dbt. This storage keeps the engines of the
last few database files open and commits in WAL mode with synchronous=NORMAL: a power cut can
lose the last runs' history, never data (the warehouse is DuckDB's, written elsewhere).

orchestration/dagster.yaml names it (`event_log_storage`), so `ogi build`, `make dagster` and the
tests all use it; it keeps Dagster's files where the default instance keeps them.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as db
from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy.engine import Connection

OPEN_ENGINES = 8          # database files kept open (the index, this run's, a few the UI reads)
BUSY_TIMEOUT_S = 30       # as Dagster's own: another process (the UI) may be writing


class FastSqliteEventLogStorage(SqliteEventLogStorage):
    def __init__(self, base_dir: str | None = None, inst_data=None):
        home = os.environ.get("DAGSTER_HOME") or os.getcwd()
        self._engines: OrderedDict[str, db.engine.Engine] = OrderedDict()
        super().__init__(base_dir or os.path.join(home, "storage"), inst_data)

    @classmethod
    def config_type(cls):
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> db.engine.Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = db.create_engine(self.conn_string_for_shard(shard),
                                      connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})
            db.event.listen(engine, "connect", _relaxed_sync)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
        self._engines[shard] = engine  # most recently used last
        while len(self._engines) > OPEN_ENGINES:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            with self._engine(shard).connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()
        super().dispose()


def _relaxed_sync(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL (set by Dagster at creation): safe, no fsync per commit
    cursor.close()
