"""The warehouse: one DuckDB file with one writer at a time (short `with` connections)."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
from dagster import ConfigurableResource

from orchestration.paths import DEFAULT_INPUT, DEFAULT_WAREHOUSE, PROJECT_ROOT, reports_dir

__all__ = ["DEFAULT_INPUT", "DEFAULT_WAREHOUSE", "PROJECT_ROOT", "Warehouse"]


class Warehouse(ConfigurableResource):
    """Where reports are read from and the DuckDB file they land in."""

    path: str = os.environ.get("OGI_WAREHOUSE", str(DEFAULT_WAREHOUSE))
    input_dir: str = os.environ.get("OGI_INPUT", str(DEFAULT_INPUT))

    @property
    def reports_dir(self) -> Path:
        """Human-readable outputs (data-quality report, published copy) sit beside the file."""
        return reports_dir(Path(self.path))

    @contextmanager
    def connect(self, read_only: bool = False):
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.path, read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def replace_table(self, schema: str, name: str, frame: pl.DataFrame) -> int:
        """Replace a table with a frame's rows: a rerun on the same input never duplicates rows."""
        with self.connect() as con:
            con.execute(f"create schema if not exists {schema}")
            con.register("frame_view", frame.to_arrow())
            con.execute(f"create or replace table {schema}.{name} as select * from frame_view")
            con.unregister("frame_view")
        return frame.height

    def read_frame(self, sql: str) -> pl.DataFrame:
        with self.connect(read_only=True) as con:
            return con.sql(sql).pl()
