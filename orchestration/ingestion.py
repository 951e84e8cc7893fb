"""The two streaming stages of a build, incremental by content, batch by batch into DuckDB.

1. `ingest_files`: list every path below the input folder; a path whose stat (size, mtime,
   ctime, inode) is unchanged since the last build keeps its row unread; the others are read,
   hashed and decoded in the worker pool and written in batches; removed paths lose their rows;
   then, over the whole table, the oldest file of each report is kept and the others marked as
   duplicates.
2. `extract_reports`: a report (content id) already in staging is not extracted again; the new
   ones are extracted in the pool under the per-report guard and written batch by batch; the
   rows of reports no longer in the input are deleted.

A change of the extractor (any file in extract/) empties raw and staging: everything is read and
extracted again. Memory holds one batch of texts and rows, never the whole collection.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from extract.formats import STRUCTURED
from extract.guard import STAGING_TABLES, ReportFailure, extract_chunk, extractor_version
from extract.ingest import (
    RAW_SCHEMA,
    InputPath,
    mark_duplicates,
    raw_frame,
    read_files,
    unread_row,
    walk_inputs,
)
from extract.report import CELL_SCHEMA, FACT_SCHEMA, REPORT_SCHEMA, SECTION_SCHEMA
from orchestration import progress
from orchestration.memory import release_free_memory
from orchestration.resources import Warehouse
from orchestration.state import failpoint, read_state, write_state
from orchestration.workers import EXTRACTION_PRELOAD, Failure, GuardedPool, drop_prestarted
from orchestration.writer import BatchWriter

LAYOUT_VERSION = "3"  # bump when the raw/staging table layout written here changes
# build_id: the build that last wrote the row, whose check validates it (null: not yet checked)
RAW_TABLE_SCHEMA = {**RAW_SCHEMA, "build_id": pl.String}
STAGING_SCHEMAS = {"reports": {**REPORT_SCHEMA, "build_id": pl.String}, "sections": SECTION_SCHEMA,
                   "table_cells": CELL_SCHEMA, "narrative_facts": FACT_SCHEMA}
FAILURE_SCHEMA = {"report_id": pl.String, "reason_code": pl.String, "reason": pl.String}
_STATUS_COLUMNS = ["source_path", "report_id", "status", "reason_code", "reason", "duplicate_of", "mtime_ns"]

_pool: GuardedPool | None = None


def worker_pool(warehouse: Warehouse) -> GuardedPool:
    """One pool per build, shared by both stages (close_pool() ends it)."""
    global _pool
    if _pool is None:
        _pool = GuardedPool(warehouse.workers, warehouse.report_timeout_s, preload=EXTRACTION_PRELOAD)
    return _pool


def close_pool() -> None:
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.close()
    drop_prestarted()  # a build with nothing to read or extract never took it over


def state_version() -> str:
    return f"{extractor_version()}-{LAYOUT_VERSION}"


# --- small DuckDB helpers ------------------------------------------------------------------------

def ensure_table(con: duckdb.DuckDBPyConnection, schema: str, name: str, columns: dict) -> None:
    con.execute(f"create schema if not exists {schema}")
    empty = pl.DataFrame(schema=columns)  # noqa: F841 - read by name in the SQL below
    con.execute(f"create table if not exists {schema}.{name} as select * from empty limit 0")


def insert_frame(con: duckdb.DuckDBPyConnection, schema: str, name: str, frame: pl.DataFrame) -> None:
    if frame.height:
        # One chunk (a batch is a concat of the workers' chunks) and Arrow's view types (the
        # default, large_string, copies every string): DuckDB then takes a batch in half the CPU
        # (1,000 reports from 63 chunks: 0.37 s converted and inserted, 0.20 s so)
        con.register("batch_frame", frame.rechunk().to_arrow(compat_level=pl.CompatLevel.newest()))
        con.execute(f"insert into {schema}.{name} by name select * from batch_frame")
        con.unregister("batch_frame")


def _keys_view(con: duckdb.DuckDBPyConnection, name: str, column: str, values: list[str]) -> None:
    con.register(name, pl.DataFrame({column: values}, schema={column: pl.String}).to_arrow())


# --- stage 1: files ------------------------------------------------------------------------------

@dataclass
class IngestStats:
    files: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    read: int = 0
    seconds: float = 0.0
    full: bool = False


def _unreadable_row(item: tuple[str, InputPath], failure: Failure) -> pl.DataFrame:
    p = item[1]
    row = unread_row(InputPath(p.rel, "UNREADABLE", p.size, p.mtime_ns, p.stat_key))
    row.update(reason_code=failure.code, reason=f"reading and decoding failed: {failure.reason}")
    return raw_frame([row])


def _write_raw(parts: list[pl.DataFrame], build_id: str):
    """The job that replaces the rows of a batch of paths (run by the writer thread)."""
    def job(con: duckdb.DuckDBPyConnection) -> None:
        frame = pl.concat(parts).with_columns(build_id=pl.lit(build_id))
        _keys_view(con, "batch_paths", "source_path", frame["source_path"].to_list())
        con.execute("delete from raw.raw_reports where source_path in (select source_path from batch_paths)")
        insert_frame(con, "raw", "raw_reports", frame)
        failpoint("raw_batch")
    return job


def ingest_files(warehouse: Warehouse) -> IngestStats:
    started, stats = time.perf_counter(), IngestStats()
    version = state_version()
    with warehouse.connect() as con:
        if read_state(con).get("state_version") != version:
            stats.full = True
            for schema, name in [("raw", "raw_reports"), ("raw", "extraction_failures"),
                                 *(("staging", t) for t in STAGING_TABLES)]:
                con.execute(f"drop table if exists {schema}.{name}")
        ensure_table(con, "raw", "raw_reports", RAW_TABLE_SCHEMA)
        ensure_table(con, "raw", "extraction_failures", FAILURE_SCHEMA)
        previous = dict(con.execute("select source_path, stat_key from raw.raw_reports").fetchall())

    entries = list(walk_inputs(Path(warehouse.input_dir), warehouse.max_file_bytes))
    stats.files = len(entries)
    todo = []
    for p in entries:
        known = previous.pop(p.rel, "absent")
        if known == "absent":
            stats.new += 1
        elif known != p.stat_key or p.stat_key is None:
            stats.changed += 1
        else:
            stats.unchanged += 1
            continue
        todo.append(p)
    stats.removed = sorted(previous)  # listed before and not any more
    del entries, previous

    with warehouse.connect() as con:
        if stats.removed:
            _keys_view(con, "removed_paths", "source_path", stats.removed)
            con.execute("delete from raw.raw_reports where source_path in (select source_path from removed_paths)")
        pending: list[pl.DataFrame] = []
        buffered = 0
        pool = worker_pool(warehouse) if todo else None
        with BatchWriter(con) as writer, progress.stage("reading files", len(todo)) as bar:
            items = ((warehouse.input_dir, p) for p in todo)
            reading = pool.map_chunks(read_files, items, 64, _unreadable_row,
                                      timeout_of=lambda item: warehouse.document_timeout_s) if pool else ()
            for chunk, frame in reading:
                pending.append(frame)
                buffered += frame.height
                stats.read += len(chunk)
                bar.advance(len(chunk))
                if buffered >= warehouse.batch_size:
                    writer.put(_write_raw(pending, warehouse.build_id))
                    pending, buffered = [], 0
            if pending:
                writer.put(_write_raw(pending, warehouse.build_id))
        _settle_duplicates(con, warehouse.build_id)
    stats.seconds = time.perf_counter() - started
    return stats


def _settle_duplicates(con: duckdb.DuckDBPyConnection, build_id: str) -> None:
    """Keep the oldest file of each report, quarantine the other copies, and reapply the
    extraction failures of kept reports; only rows whose status changes are written."""
    frame = con.sql(f"select {', '.join(_STATUS_COLUMNS)} from raw.raw_reports where report_id is not null").pl()
    failures = {rid: (code, reason) for rid, code, reason in
                con.execute("select report_id, reason_code, reason from raw.extraction_failures").fetchall()}
    settled = mark_duplicates(frame, failures)
    changed = settled.join(frame, on=_STATUS_COLUMNS, how="anti", nulls_equal=True)
    if changed.height:
        con.register("settled", changed.to_arrow())
        con.execute("""update raw.raw_reports r set status = s.status, reason_code = s.reason_code,
                       reason = s.reason, duplicate_of = s.duplicate_of, build_id = $build_id
                       from settled s where r.source_path = s.source_path""", {"build_id": build_id})
        con.unregister("settled")


# --- stage 2: reports ----------------------------------------------------------------------------

@dataclass
class ExtractStats:
    extracted: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    removed: int = 0
    kept: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def _bound(warehouse: Warehouse, file_format: str | None) -> float:
    """A PDF or DOCX is read by its layout: it may take far longer than a text."""
    return warehouse.document_timeout_s if file_format in STRUCTURED else warehouse.report_timeout_s


def _failed_report(item: tuple, failure: Failure):
    return {}, [ReportFailure(item[0], item[1], failure.code, failure.reason)]


def extract_reports(warehouse: Warehouse) -> ExtractStats:
    started, stats = time.perf_counter(), ExtractStats()
    with warehouse.connect() as con:
        for name, columns in STAGING_SCHEMAS.items():
            ensure_table(con, "staging", name, columns)
        ok_ids = "select report_id from raw.raw_reports where status = 'ok'"
        stats.removed = con.execute(f"delete from staging.reports where report_id not in ({ok_ids})").fetchall()[0][0]
        for name in STAGING_TABLES[1:]:
            con.execute(f"delete from staging.{name} where report_id not in (select report_id from staging.reports)")
        # a report whose file moved or whose older copy appeared keeps its rows under the new path
        con.execute("""update staging.reports s set source_path = r.source_path from raw.raw_reports r
                       where r.report_id = s.report_id and r.status = 'ok' and s.source_path <> r.source_path""")
        todo = con.execute("""select report_id, source_path from raw.raw_reports where status = 'ok'
                               and report_id not in (select report_id from staging.reports)
                               order by source_path""").fetchall()
        stats.kept = con.execute("select count(*) from staging.reports").fetchall()[0][0]

        def texts() -> Iterator[tuple[str, str, str]]:
            for i in range(0, len(todo), warehouse.batch_size):
                batch = todo[i:i + warehouse.batch_size]
                _keys_view(con, "batch_ids", "report_id", [rid for rid, _ in batch])
                # the batch's range of paths (in DuckDB's own order) lets the scan skip the texts
                # of other rows: without it, each batch read every text of the table (0.1-0.7 s a
                # batch at 100,000 files)
                rows = con.execute("""select report_id, source_path, text, format, content from raw.raw_reports
                                      where status = 'ok' and source_path between ? and ?
                                      and report_id in (select report_id from batch_ids)
                                      order by source_path""", [batch[0][1], batch[-1][1]]).fetchall()
                if len(rows) != len(batch):  # a report would be neither extracted nor quarantined
                    raise RuntimeError(f"read {len(rows)} texts for a batch of {len(batch)} reports")
                yield from rows

        parts: dict[str, list[pl.DataFrame]] = {name: [] for name in STAGING_TABLES}
        failures: list[ReportFailure] = []
        buffered = 0

        def flush(writer: BatchWriter):
            nonlocal parts, failures
            for name in STAGING_TABLES:
                stats.rows[name] = stats.rows.get(name, 0) + sum(f.height for f in parts[name])
            for f in failures:
                stats.failed[f.code] = stats.failed.get(f.code, 0) + 1
            writer.put(_write_staging(parts, failures, warehouse.build_id))
            parts, failures = {name: [] for name in STAGING_TABLES}, []

        if todo:
            pool = worker_pool(warehouse)
            with BatchWriter(con) as writer, progress.stage("extracting reports", len(todo), "reports") as bar:
                for chunk, (frames, failed) in pool.map_chunks(extract_chunk, texts(), 16, _failed_report,
                                                               timeout_of=lambda item: _bound(warehouse, item[3])):
                    for name, frame in frames.items():
                        if frame is not None and frame.height:
                            parts[name].append(frame)
                    failures.extend(failed)
                    stats.extracted += len(chunk) - len(failed)
                    buffered += len(chunk)
                    bar.advance(len(chunk))
                    if buffered >= warehouse.batch_size:
                        flush(writer)
                        buffered = 0
                flush(writer)
        write_state(con, {"state_version": state_version()})
    close_pool()  # the workers' memory is given back before dbt and the checks run
    if len(todo) >= warehouse.batch_size:  # batches held: their memory too (a full gc costs 0.5 s)
        release_free_memory()
    stats.seconds = time.perf_counter() - started
    return stats


def _write_staging(parts: dict[str, list[pl.DataFrame]], failures: list[ReportFailure], build_id: str):
    """The job that writes a batch of extracted reports and the guard's failures (writer thread)."""
    def job(con: duckdb.DuckDBPyConnection) -> None:
        for name in STAGING_TABLES:
            if parts[name]:
                frame = pl.concat(parts[name])
                if name == "reports":
                    frame = frame.with_columns(build_id=pl.lit(build_id))
                insert_frame(con, "staging", name, frame)
        if failures:
            _record_failures(con, failures)
        failpoint("staging_batch")
    return job


def _record_failures(con: duckdb.DuckDBPyConnection, failures: list[ReportFailure]) -> None:
    frame = pl.DataFrame([{"report_id": f.report_id, "reason_code": f.code, "reason": f"{f.code}: {f.reason}"}
                          for f in failures], schema=FAILURE_SCHEMA, orient="row")
    insert_frame(con, "raw", "extraction_failures", frame)
    con.register("failed", frame.to_arrow())
    # build_id null: changed after this build's check of raw rows, so the next build's checks them
    con.execute("""update raw.raw_reports r set status = 'quarantined', reason_code = f.reason_code,
                   reason = f.reason, build_id = null from failed f where r.report_id = f.report_id
                   and r.status = 'ok'""")
    con.unregister("failed")
