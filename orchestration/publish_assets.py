"""After the marts are checked: a copy BI tools read, and the data-quality report."""
import os

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from orchestration.dbt_assets import dbt_models
from orchestration.reporting import render_quality_report
from orchestration.resources import Warehouse

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]


@asset(key=["published", "marts"], group_name="published", deps=MART_KEYS, kinds={"duckdb"},
       description="Copy of the marts for BI readers (DuckDB 1.x-readable storage): BI never "
                   "holds a lock on the working file.")
def published_marts(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
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
       kinds={"html"}, description="Self-contained HTML data-quality report.")
def quality_report(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    path = warehouse.reports_dir / "quality_report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    with warehouse.connect(read_only=True) as con:
        path.write_text(render_quality_report(con), encoding="utf-8")
    return MaterializeResult(metadata={"path": str(path)})
