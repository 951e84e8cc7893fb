"""After the marts are checked: the BI copy every DuckDB client opens, exports for people who do
not use DuckDB, and the data-quality report (orchestration/report_site/).

BI tools never read the working file (DuckDB has one writer and an open reader blocks it): they
read `reports/ogi_marts.duckdb` (orchestration/bi_copy.py). Every mart is also exported to
Parquet, and mart_township_year to CSV and XLSX (orchestration/exports.py). Each output starts
from the published one and changes only what changed; it is written beside its final name and
renamed into place, so a reader sees the old version or the new one, never a half-written file.
"""
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from orchestration.bi_copy import BI_STORAGE_VERSION, BiCopyStats, mart_contents, write_bi_copy
from orchestration.dbt_assets import dbt_models
from orchestration.exports import EXPORTS_DIR, SPREADSHEET_TABLE, Exports, start_exports
from orchestration.paths import reports_dir
from orchestration.report_site import write_site
from orchestration.report_site.build import SITE_MEMORY_LIMIT
from orchestration.resources import Warehouse
from orchestration.state import failpoint

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]
BI_FILE = "ogi_marts.duckdb"

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
    # what did not change is kept from the published outputs (in a build, the new ones are made
    # beside them and published with the warehouse; the site's changed pages are merged into it)
    published_before = reports_dir(Path(warehouse.path))
    site = None
    # One DuckDB, read-only (the site's renderer processes open the file too): the BI copy and
    # the exports are DuckDB's work, made in a thread while the site renders in Python on this
    # one, so the two cores share them (at 100,000 reports 11.6 s instead of 13.8 s). Renderer
    # processes (many pages to render: a first build) wait for that thread: memory.
    with warehouse.connect(read_only=True) as con, ThreadPoolExecutor(1, thread_name_prefix="publish") as beside:
        tables = beside.submit(_write_tables, con.cursor(), selected, reports, published_before)
        try:
            if QUALITY_REPORT in selected:
                site = write_site(con, reports / "quality", input_dir=Path(warehouse.input_dir),
                                  warehouse_label=str(Path(warehouse.path).resolve()),
                                  previous=published_before / "quality", others=tables.result,
                                  staged=reports != published_before)
        except BaseException:
            _stop(tables)
            raise
        copy, exports = tables.result()
    try:
        if copy is not None:
            yield MaterializeResult(asset_key=MARTS, metadata={
                "path": str(reports / BI_FILE), "tables": len(copy.tables),
                "tables copied whole": len(copy.copied), "tables updated": len(copy.updated),
                "rows deleted": copy.rows_deleted, "rows inserted": copy.rows_inserted,
                "storage_version": BI_STORAGE_VERSION})
        if site is not None:
            yield MaterializeResult(asset_key=QUALITY_REPORT, metadata={
                "path": str(site.index), "pages": site.pages, "bytes": site.bytes, "rendered": site.rendered,
                "seconds": round(site.seconds, 2)})
        if exports is not None:
            exports.finish()
            yield MaterializeResult(asset_key=EXPORTS, metadata={
                "path": str(reports / EXPORTS_DIR), "tables": len(exports.rows),
                "files": len(exports.fingerprints), "files written": len(exports.written),
                f"{SPREADSHEET_TABLE} rows": exports.rows.get(SPREADSHEET_TABLE, 0)})
            exports = None
    finally:
        if exports is not None:  # the op failed before the workbooks were waited for
            exports.stop()


def _write_tables(con: duckdb.DuckDBPyConnection, selected: set[AssetKey], reports: Path,
                  published_before: Path) -> tuple[BiCopyStats | None, Exports | None]:
    """The BI copy and the exports (the workbooks still being written: finish() them); the copy
    is made in a thread of its own, with a cursor of its own, while the exports are written."""
    exports = None
    try:
        contents = mart_contents(con) if selected & {MARTS, EXPORTS} else {}  # read once for both
        # leaving the block waits for the copy, an error of the exports too (that error is the one raised)
        with ThreadPoolExecutor(1, thread_name_prefix="bi-copy") as beside:
            copying = beside.submit(_write_bi_copy, con.cursor(), reports, published_before, contents) \
                if MARTS in selected else None
            if EXPORTS in selected:
                exports = start_exports(con, reports / EXPORTS_DIR, previous=published_before / EXPORTS_DIR,
                                        contents=contents)
            failpoint("publish")  # reliability tests kill a build here: exports half made, the site being written
        copy = copying.result() if copying is not None else None
        # what the copy and the exports read stays cached up to DuckDB's bound: the site, whose
        # renderer processes may still run, reads with the bound it has alone
        con.execute(f"set memory_limit = '{SITE_MEMORY_LIMIT}'")
        return copy, exports
    except BaseException:
        if exports is not None:
            exports.stop()
        raise
    finally:
        con.close()


def _write_bi_copy(con: duckdb.DuckDBPyConnection, reports: Path, published_before: Path,
                   contents: dict) -> BiCopyStats:
    try:
        return write_bi_copy(con, reports / BI_FILE, previous=published_before / BI_FILE, contents=contents)
    finally:
        con.close()


def _stop(tables: Future) -> None:
    """After the site failed: wait for the thread (it cannot be interrupted), stop the workbooks."""
    try:
        _, exports = tables.result()
    except BaseException:
        return  # the thread failed too and stopped its workbooks; the site's error is the one raised
    if exports is not None:
        exports.stop()
