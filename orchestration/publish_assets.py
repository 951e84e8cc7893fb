"""After the marts are checked: the BI copy every DuckDB client opens, exports for people who do
not use DuckDB, and the data-quality report (orchestration/report_site/).

BI tools never read the working file (DuckDB has one writer and an open reader blocks it): they
read `reports/ogi_marts.duckdb`, written in the oldest storage format that holds the marts, with
the table and column descriptions of the dbt yml as comments. Every mart is also exported to
Parquet, and mart_township_year to CSV (UTF-8 with BOM, so Excel reads the Chinese) and XLSX
(with a second sheet describing the columns). Each output is written beside its final name and
renamed into place, so a reader sees the old version or the new one, never a half-written file.
"""
import os
import shutil
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, asset, multi_asset

from orchestration.dbt_assets import dbt_models
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


def write_exports(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """Parquet of every mart, CSV and XLSX of mart_township_year, in `folder` (swapped in whole)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "parquet").mkdir(parents=True)
    counts = {}
    for table in mart_tables(con):
        path = partial / "parquet" / f"{table}.parquet"
        con.execute(f"copy marts.{_quote(table)} to {_literal(str(path))} (format parquet, compression zstd)").fetchall()
        counts[table] = con.execute(f"select count(*) from marts.{_quote(table)}").fetchall()[0][0]
    _write_csv_with_bom(con, SPREADSHEET_TABLE, partial / f"{SPREADSHEET_TABLE}.csv")
    if counts.get(SPREADSHEET_TABLE, 0) <= EXCEL_MAX_ROWS:  # beyond a sheet's size: CSV and Parquet only
        _write_xlsx(con, SPREADSHEET_TABLE, partial / f"{SPREADSHEET_TABLE}.xlsx")
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    partial.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return counts


def _write_csv_with_bom(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """DuckDB writes the CSV (streamed, any size); the BOM before it tells Excel it is UTF-8."""
    body = path.with_name(path.name + ".body")
    con.execute(f"copy marts.{_quote(table)} to {_literal(str(body))} (format csv, header)").fetchall()
    with open(path, "wb") as out, open(body, "rb") as src:
        out.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(src, out, 1 << 20)
    body.unlink()


def _write_xlsx(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """The table as a sheet, rows streamed from DuckDB in batches (XlsxWriter's constant_memory
    mode flushes each row: a sheet held whole took 1.6 GB at 100,000 reports), and a second sheet
    describing the columns."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "default_date_format": "yyyy-mm-dd",
                                               "nan_inf_to_errors": True})
    try:
        bold = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet(table)
        result = con.execute(f"select * from marts.{_quote(table)}")
        names = [d[0] for d in result.description]
        for i, name in enumerate(names):
            sheet.set_column(i, i, min(max(len(name) + 2, 10), 40))
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, names, bold)
        row = 1
        while batch := result.fetchmany(10_000):
            for values in batch:
                sheet.write_row(row, 0, values)
                row += 1
        sheet.autofilter(0, 0, max(row - 1, 1), len(names) - 1)
        described = workbook.add_worksheet("columns")
        described.write_row(0, 0, ["column", "type", "description"], bold)
        described.set_column(0, 1, 24)
        described.set_column(2, 2, 100)
        for i, values in enumerate(column_descriptions(con, table), start=1):
            described.write_row(i, 0, values)
    finally:
        workbook.close()


@multi_asset(
    specs=[
        AssetSpec(["published", "marts"], group_name="published", deps=MART_KEYS, kinds={"duckdb"},
                  description="Copy of the marts for BI readers, in a storage format DuckDB 0.10+ opens, "
                              "with the dbt descriptions as table and column comments."),
        AssetSpec(["published", "exports"], group_name="published", deps=MART_KEYS, kinds={"parquet", "csv"},
                  description="Parquet of every mart; CSV and XLSX of mart_township_year."),
    ],
)
def published_marts(context: AssetExecutionContext, warehouse: Warehouse):
    warehouse.require_build("published/marts")
    reports = warehouse.reports_dir
    with warehouse.connect() as con:
        tables = write_bi_copy(con, reports / BI_FILE)
        yield MaterializeResult(asset_key=AssetKey(["published", "marts"]), metadata={
            "path": str(reports / BI_FILE), "tables": len(tables), "storage_version": BI_STORAGE_VERSION})
        counts = write_exports(con, reports / EXPORTS_DIR)
        yield MaterializeResult(asset_key=AssetKey(["published", "exports"]), metadata={
            "path": str(reports / EXPORTS_DIR), "tables": len(counts),
            f"{SPREADSHEET_TABLE} rows": counts.get(SPREADSHEET_TABLE, 0)})


@asset(key=["published", "quality_report"], group_name="published", deps=[AssetKey(["published", "marts"])],
       kinds={"html"}, description="The data-quality report: a static site (overview, a page per county and "
                                   "per report) that opens from disk. Rendering lives in orchestration/report_site/.")
def quality_report(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    warehouse.require_build("published/quality_report")
    # pages that did not change are kept from the published site (in a build, the site is made
    # beside it and published with the warehouse)
    published = reports_dir(Path(warehouse.path)) / "quality"
    with warehouse.connect(read_only=True) as con:
        site = write_site(con, warehouse.reports_dir / "quality", input_dir=Path(warehouse.input_dir),
                          warehouse_label=str(Path(warehouse.path).resolve()), previous=published)
    return MaterializeResult(metadata={"path": str(site.index), "pages": site.pages, "bytes": site.bytes,
                                       "rendered": site.rendered, "seconds": round(site.seconds, 2)})
