"""The warehouse: one DuckDB file with one writer at a time (short `with` connections).

A build (orchestration/build.py) points `path` at a new copy of the warehouse and `publish_dir`
at a staging folder, and swaps both in only when every blocking check passed.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
from dagster import ConfigurableResource

from extract.ingest import DEFAULT_MAX_FILE_BYTES
from orchestration.paths import DEFAULT_INPUT, DEFAULT_WAREHOUSE, PROJECT_ROOT, reports_dir

__all__ = ["DEFAULT_INPUT", "DEFAULT_WAREHOUSE", "PROJECT_ROOT", "Warehouse"]
DUCKDB_MEMORY_LIMIT = os.environ.get("OGI_DUCKDB_MEMORY_LIMIT", "300MB")


class Warehouse(ConfigurableResource):
    """Where reports are read from, the DuckDB file they land in, and how they are read."""

    path: str = os.environ.get("OGI_WAREHOUSE", str(DEFAULT_WAREHOUSE))
    input_dir: str = os.environ.get("OGI_INPUT", str(DEFAULT_INPUT))
    publish_dir: str = ""            # where the BI copy and the HTML report go (default: reports/ beside the file)
    workers: int = int(os.environ.get("OGI_WORKERS", "0"))  # 0: one per core
    report_timeout_s: float = float(os.environ.get("OGI_REPORT_TIMEOUT_S", "5"))
    document_timeout_s: float = float(os.environ.get("OGI_DOCUMENT_TIMEOUT_S", "60"))  # PDF, DOCX: by layout
    max_file_bytes: int = int(os.environ.get("OGI_MAX_FILE_BYTES", str(DEFAULT_MAX_FILE_BYTES)))
    batch_size: int = int(os.environ.get("OGI_BATCH_SIZE", "1000"))  # reports written per batch
    build_id: str = ""               # tags the raw and staging rows written by this build (checks validate them)
    dbt_target_dir: str = ""         # dbt's target folder for this build (removed after it)
    dbt_parse_file: str = ""         # dbt's parse of the project, kept for the next build
    progress: bool = False           # progress bars on the terminal
    locked: bool = False             # set by the builds that hold the warehouse's lock (build.py, `ogi report`)

    @property
    def reports_dir(self) -> Path:
        """Human-readable outputs (data-quality report, published copy) sit beside the file."""
        return Path(self.publish_dir) if self.publish_dir else reports_dir(Path(self.path))

    def require_build(self, what: str) -> None:
        """Refuse to write the warehouse outside a build: no lock, no copy, no atomic publish."""
        if not self.locked:
            from dagster import Failure

            raise Failure(description=(
                f"{what} is built only by a whole build, which writes on a copy under the warehouse's lock "
                "and publishes when every blocking check passed: launch the build_warehouse job (Dagster UI: "
                "Jobs › build_warehouse › Launch run), or run `ogi build` (`ogi report` to republish)."))

    @contextmanager
    def connect(self, read_only: bool = False):
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # DuckDB caches up to 80 % of the machine's memory by default: a build stays flat instead
        con = duckdb.connect(self.path, read_only=read_only, config={"memory_limit": DUCKDB_MEMORY_LIMIT})
        try:
            yield con
        finally:
            con.close()

    def replace_table(self, schema: str, name: str, frame: pl.DataFrame) -> int:
        """Replace a table with a frame's rows: a rerun on the same input never duplicates rows."""
        with self.connect() as con:
            con.execute(f"create schema if not exists {schema}")
            con.register("frame_view", frame.to_arrow(compat_level=pl.CompatLevel.newest()))  # strings not copied
            con.execute(f"create or replace table {schema}.{name} as select * from frame_view")
            con.unregister("frame_view")
        return frame.height

    def read_frame(self, sql: str) -> pl.DataFrame:
        with self.connect(read_only=True) as con:
            return con.sql(sql).pl()
