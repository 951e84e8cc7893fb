"""What a warehouse remembers about the build that made it (raw.build_state), and the failpoints
the reliability tests stop a real build at. Light: no Dagster import."""
from __future__ import annotations

import os
import signal
import time

import duckdb


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return con.execute("select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
                       [schema, name]).fetchall()[0][0] > 0


def read_state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    if not table_exists(con, "raw", "build_state"):
        return {}
    return dict(con.execute("select key, value from raw.build_state").fetchall())


def write_state(con: duckdb.DuckDBPyConnection, values: dict[str, object]) -> None:
    con.execute("create schema if not exists raw")
    con.execute("create table if not exists raw.build_state (key varchar primary key, value varchar)")
    for key, value in values.items():
        con.execute("insert or replace into raw.build_state values (?, ?)", [key, str(value)])


def failpoint(name: str) -> None:
    """Reliability tests stop a real build at a named point (OGI_FAILPOINT=name, or name:sleep)."""
    point = os.environ.get("OGI_FAILPOINT", "")
    if point.split(":")[0] != name:
        return
    if point.endswith(":sleep"):
        if os.environ.get("OGI_FAILPOINT_MARKER"):  # tells the test the build has got here
            open(os.environ["OGI_FAILPOINT_MARKER"], "w").close()
        time.sleep(float(os.environ.get("OGI_FAILPOINT_SLEEP", "60")))
        return
    os.kill(os.getpid(), signal.SIGKILL)

