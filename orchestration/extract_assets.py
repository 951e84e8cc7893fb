"""Thin Dagster wrappers around the streaming stages (orchestration/ingestion.py): raw files in,
staging tables out."""
from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, asset, multi_asset

from orchestration.ingestion import extract_reports, ingest_files
from orchestration.resources import Warehouse

STAGING_TABLES = ("reports", "sections", "table_cells", "narrative_facts")


@asset(key=["raw", "raw_reports"], group_name="raw", kinds={"python", "duckdb"},
       description="One row per path below the input folder: size, hash, encoding, decoded text, "
                   "status (ok, quarantined, skipped) and the reason. Files unchanged since the "
                   "last build are not read again.")
def raw_reports(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    warehouse.require_build("raw/raw_reports")
    if not Path(warehouse.input_dir).is_dir():
        raise FileNotFoundError(f"input folder {warehouse.input_dir} does not exist")
    stats = ingest_files(warehouse)
    with warehouse.connect(read_only=True) as con:
        by_reason = con.execute("select reason_code, count(*) from raw.raw_reports where status <> 'ok' "
                                "group by 1 order by 1").fetchall()
    # into build.log (stdout during a build), so a long or interrupted build still tells its stages
    print(f"raw stage: {stats.files} paths ({stats.new} new, {stats.changed} changed, {len(stats.removed)} removed), "
          f"{stats.read} read in {stats.seconds:.1f}s", flush=True)
    for path in stats.removed[:20]:
        context.log.warning(f"removed from the input folder, its rows deleted: {path}")
    return MaterializeResult(metadata={
        "input_dir": warehouse.input_dir, "files": stats.files, "new": stats.new, "changed": stats.changed,
        "unchanged": stats.unchanged, "removed": len(stats.removed), "read": stats.read,
        "removed_paths": stats.removed[:100],
        "not_ok": {code or "?": n for code, n in by_reason}, "seconds": round(stats.seconds, 2),
    })


@multi_asset(
    specs=[AssetSpec(["staging", name], group_name="staging", kinds={"polars", "duckdb"},
                     deps=[raw_reports]) for name in STAGING_TABLES],
    description="Header, sections, table cells and narrative facts of every ok report, with provenance "
                "(reports already extracted by the same extractor are kept).",
)
def staging_tables(context: AssetExecutionContext, warehouse: Warehouse):
    warehouse.require_build("staging")
    stats = extract_reports(warehouse)
    print(f"staging stage: {stats.extracted} reports extracted, {sum(stats.failed.values())} quarantined by the guard, "
          f"{stats.kept} kept, {stats.removed} removed in {stats.seconds:.1f}s", flush=True)
    for code, n in sorted(stats.failed.items()):
        context.log.warning(f"{n} report(s) quarantined by the extraction guard: {code}")
    for name in STAGING_TABLES:
        yield MaterializeResult(asset_key=AssetKey(["staging", name]), metadata={
            "rows_written": stats.rows.get(name, 0), "reports_extracted": stats.extracted,
            "reports_kept": stats.kept, "reports_removed": stats.removed, "reports_failed": stats.failed,
            "seconds": round(stats.seconds, 2)})
