"""After the marts are checked: the BI copy every DuckDB client opens, exports for people who do
not use DuckDB, and the data-quality report (orchestration/report_site/).

BI tools never read the working file (DuckDB has one writer and an open reader blocks it): they
read `reports/ogi_marts.duckdb`, written in the oldest storage format that holds the marts, with
the table and column descriptions of the dbt yml as comments. Every mart is also exported to
Parquet, and mart_township_year to CSV (UTF-8 with BOM, so Excel reads the Chinese) and XLSX
(with a second sheet describing the columns; orchestration/spreadsheet.py). Each output is
written beside its final name and renamed into place, so a reader sees the old version or the new
one, never a half-written file.
"""
import os
import shutil
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from orchestration import spreadsheet
from orchestration.dbt_assets import dbt_models
from orchestration.memory import release_free_memory
from orchestration.paths import reports_dir
from orchestration.report_site import write_site
from orchestration.resources import Warehouse

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]
BI_FILE = "ogi_marts.duckdb"
EXPORTS_DIR = "exports"
SPREADSHEET_TABLE = "mart_township_year"
# DuckDB's storage format has been one format from 0.10 to 1.1 ('v0.10.0' = 'v1.0.0' = 'v1.1.0');
# 1.2 changed it and 2.x writes a newer one by default, which no 1.x reader opens. Nothing the
# marts hold (plain types, comments) needs a newer format, so the oldest one is written:
# DuckDB 0.10.0 and every later client open it (tests/integration/test_questions.py proves it).
BI_STORAGE_VERSION = "v0.10.0"
EXCEL_MAX_ROWS = 1_048_575  # one row is the header


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]


def write_bi_copy(con: duckdb.DuckDBPyConnection, target: Path) -> list[str]:
    """Copy every table of schema marts, with its comments, into `target` (replaced atomically)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    tables = mart_tables(con)
    con.execute(f"attach {_literal(str(partial))} as published (storage_version '{BI_STORAGE_VERSION}')")
    try:
        con.execute("create schema published.marts")
        for table in tables:
            con.execute(f"create table published.marts.{_quote(table)} as select * from marts.{_quote(table)}")
        comments = con.execute(
            "select table_name, null as column_name, comment from duckdb_tables() "
            "where schema_name = 'marts' and comment is not null "
            "union all select table_name, column_name, comment from duckdb_columns() "
            "where schema_name = 'marts' and comment is not null").fetchall()
        for table, column, comment in comments:
            if column is None:
                con.execute(f"comment on table published.marts.{_quote(table)} is {_literal(comment)}")
            else:
                con.execute(f"comment on column published.marts.{_quote(table)}.{_quote(column)} "
                            f"is {_literal(comment)}")
    finally:
        con.execute("detach published")
    os.replace(partial, target)  # readers see the old copy or the new one, never a half-written file
    return tables


def column_descriptions(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str]]:
    """(column, type, description) of a mart's columns, in order."""
    return con.execute(
        "select column_name, data_type, coalesce(comment, '') from duckdb_columns() "
        "where schema_name = 'marts' and table_name = ? order by column_index", [table]).fetchall()


def export_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """Parquet of every mart into `folder/parquet`; returns each mart's row count."""
    (folder / "parquet").mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in mart_tables(con):
        path = folder / "parquet" / f"{table}.parquet"
        con.execute(f"copy marts.{_quote(table)} to {_literal(str(path))} (format parquet, compression zstd)").fetchall()
        counts[table] = con.execute(f"select count(*) from marts.{_quote(table)}").fetchall()[0][0]
    return counts


def start_exports(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[dict[str, int], spreadsheet.Writing | None]:
    """Begin the exports in `folder.partial`: Parquet of every mart and the CSV here, the XLSX of
    mart_township_year in a process of its own that runs while the caller publishes the rest
    (finish_exports waits for it and swaps the folder in)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    counts = export_parquet(con, partial)
    _write_csv_with_bom(con, SPREADSHEET_TABLE, partial / f"{SPREADSHEET_TABLE}.csv")
    writing = None
    if counts.get(SPREADSHEET_TABLE, 0) <= EXCEL_MAX_ROWS:  # beyond a sheet's size: CSV and Parquet only
        writing = spreadsheet.Writing(partial / "parquet" / f"{SPREADSHEET_TABLE}.parquet", SPREADSHEET_TABLE,
                                      column_descriptions(con, SPREADSHEET_TABLE),
                                      partial / f"{SPREADSHEET_TABLE}.xlsx")
    return counts, writing


def finish_exports(folder: Path, writing: spreadsheet.Writing | None) -> None:
    """Wait for the spreadsheet, then swap the exports folder in whole."""
    partial = folder.with_name(folder.name + ".partial")
    if writing is not None:
        writing.wait()
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    partial.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _write_csv_with_bom(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """DuckDB writes the CSV (streamed, any size); the BOM before it tells Excel it is UTF-8."""
    body = path.with_name(path.name + ".body")
    con.execute(f"copy marts.{_quote(table)} to {_literal(str(body))} (format csv, header)").fetchall()
    with open(path, "wb") as out, open(body, "rb") as src:
        out.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(src, out, 1 << 20)
    body.unlink()


MARTS, EXPORTS, QUALITY_REPORT = (AssetKey(["published", name]) for name in ("marts", "exports", "quality_report"))


# One op for the three outputs, so that the spreadsheet (pure Python, the slowest export) is
# written in its own process while the BI copy and the site are made: they read the same marts.
@multi_asset(
    specs=[
        AssetSpec(MARTS, group_name="published", deps=MART_KEYS, kinds={"duckdb"},
                  description="Copy of the marts for BI readers, in a storage format DuckDB 0.10+ opens, "
                              "with the dbt descriptions as table and column comments."),
        AssetSpec(EXPORTS, group_name="published", deps=MART_KEYS, kinds={"parquet", "csv"},
                  description="Parquet of every mart; CSV and XLSX of mart_township_year."),
        AssetSpec(QUALITY_REPORT, group_name="published", deps=[MARTS], kinds={"html"},
                  description="The data-quality report: a static site (overview, a page per county and per "
                              "report) that opens from disk. Rendering lives in orchestration/report_site/."),
    ],
    can_subset=True,
)
def published(context: AssetExecutionContext, warehouse: Warehouse):
    warehouse.require_build("the published outputs")
    reports, selected = warehouse.reports_dir, context.selected_asset_keys
    counts, writing = {}, None
    try:
        if selected & {MARTS, EXPORTS}:
            with warehouse.connect() as con:
                if EXPORTS in selected:
                    counts, writing = start_exports(con, reports / EXPORTS_DIR)
                if MARTS in selected:
                    tables = write_bi_copy(con, reports / BI_FILE)
                    yield MaterializeResult(asset_key=MARTS, metadata={
                        "path": str(reports / BI_FILE), "tables": len(tables), "storage_version": BI_STORAGE_VERSION})
        if QUALITY_REPORT in selected:
            release_free_memory()  # before the rendering processes start beside this one
            # pages that did not change are kept from the published site (in a build, the site is
            # made beside it and published with the warehouse)
            previous = reports_dir(Path(warehouse.path)) / "quality"
            with warehouse.connect(read_only=True) as con:
                site = write_site(con, reports / "quality", input_dir=Path(warehouse.input_dir),
                                  warehouse_label=str(Path(warehouse.path).resolve()), previous=previous)
            yield MaterializeResult(asset_key=QUALITY_REPORT, metadata={
                "path": str(site.index), "pages": site.pages, "bytes": site.bytes, "rendered": site.rendered,
                "seconds": round(site.seconds, 2)})
        if EXPORTS in selected:
            finish_exports(reports / EXPORTS_DIR, writing)
            writing = None
            yield MaterializeResult(asset_key=EXPORTS, metadata={
                "path": str(reports / EXPORTS_DIR), "tables": len(counts),
                f"{SPREADSHEET_TABLE} rows": counts.get(SPREADSHEET_TABLE, 0)})
    finally:
        if writing is not None:  # the op failed before the spreadsheet was waited for
            writing.stop()
