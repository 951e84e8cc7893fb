"""After the marts are checked: a copy BI tools read, and the data-quality report."""
import os
from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from orchestration.dbt_assets import dbt_models
from orchestration.paths import reports_dir
from orchestration.report_site import write_site
from orchestration.resources import Warehouse

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]


@asset(key=["published", "marts"], group_name="published", deps=MART_KEYS, kinds={"duckdb"},
       description="Copy of the marts for BI readers (DuckDB 1.x-readable storage): BI never "
                   "holds a lock on the working file.")
def published_marts(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    warehouse.require_build("published/marts")
    target = warehouse.reports_dir / "ogi_marts.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with warehouse.connect() as con:
        tables = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]
        con.execute("attach ? as published (storage_version 'v1.4.0')", [str(partial)])
        con.execute("create schema published.marts")
        for table in tables:
            con.execute(f"create table published.marts.{table} as select * from marts.{table}")
        con.execute("detach published")
    os.replace(partial, target)  # readers see the old copy or the new one, never a half-written file
    return MaterializeResult(metadata={"path": str(target), "tables": len(tables)})


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
