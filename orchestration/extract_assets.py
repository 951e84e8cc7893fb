"""Thin Dagster wrappers around extract/: raw files in, staging tables out."""

from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, asset, multi_asset

from extract.ingest import read_inbox
from extract.report import extract_frames
from orchestration.resources import Warehouse

STAGING_TABLES = ("reports", "sections", "table_cells", "narrative_facts")


@asset(key=["raw", "raw_reports"], group_name="raw", kinds={"python", "duckdb"},
       description="One row per input file: path, size, hash, encoding, decoded text, status and reason.")
def raw_reports(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    input_dir = Path(warehouse.input_dir)
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist")
    frame = read_inbox(input_dir)
    warehouse.replace_table("raw", "raw_reports", frame)
    quarantined = frame.filter(frame["status"] == "quarantined")
    for row in quarantined.iter_rows(named=True):
        context.log.warning(f"quarantined {row['source_path']}: {row['reason']}")
    return MaterializeResult(metadata={
        "input_dir": str(input_dir), "files": frame.height,
        "ok": frame.height - quarantined.height, "quarantined": quarantined.height,
    })


@multi_asset(
    specs=[AssetSpec(["staging", name], group_name="staging", kinds={"polars", "duckdb"},
                     deps=[raw_reports]) for name in STAGING_TABLES],
    description="Header, sections, table cells and narrative facts of every ok report, with provenance.",
)
def staging_tables(context: AssetExecutionContext, warehouse: Warehouse):
    raw = warehouse.read_frame(
        "select report_id, source_path, text, format, content from raw.raw_reports "
        "where status = 'ok' order by source_path")
    frames = extract_frames(raw.iter_rows())
    for name in STAGING_TABLES:
        rows = warehouse.replace_table("staging", name, frames[name])
        yield MaterializeResult(asset_key=AssetKey(["staging", name]), metadata={"rows": rows})
