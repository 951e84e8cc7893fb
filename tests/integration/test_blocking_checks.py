"""A failing blocking check stops the marts: a broken staging table never reaches report_summary."""
from __future__ import annotations

import shutil

import duckdb
import polars as pl

import orchestration.extract_assets as extract_assets
from orchestration.cli import build
from tests.conftest import INBOX


def test_negative_count_in_staging_stops_the_marts(tmp_path, dbt_manifest, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(INBOX / "pingtan/2021_pingtan_zone.txt", inbox)
    real_extract_frames = extract_assets.extract_frames

    def broken_extract_frames(reports):
        # A pipeline bug: a cell count comes out negative.
        frames = real_extract_frames(reports)
        cells = frames["table_cells"]
        frames["table_cells"] = cells.with_columns(
            pl.when(pl.int_range(pl.len()) == 0).then(-7.0).otherwise(pl.col("value_num")).alias("value_num"),
            pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("NUMERIC")).otherwise(pl.col("value_semantic"))
            .alias("value_semantic"),
        ) if cells.height else pl.DataFrame(
            [{**{c: None for c in cells.columns}, "report_id": "x", "table_code": "t3", "row_code": "new_received",
              "col_code": "all", "applicant_type": "all", "value_num": -7.0, "value_semantic": "NUMERIC",
              "start_offset": 0, "end_offset": 1}], schema=cells.schema)
        return frames

    monkeypatch.setattr(extract_assets, "extract_frames", broken_extract_frames)
    db = tmp_path / "ogi.duckdb"
    result = build(inbox, db)
    assert not result.success
    con = duckdb.connect(str(db), read_only=True)
    try:
        failed = con.execute(
            "select dataset, expectation from quality.ge_results where not success").fetchall()
        marts = con.execute("select count(*) from duckdb_tables() where schema_name = 'marts'").fetchone()[0]
    finally:
        con.close()
    assert ("staging.table_cells", "expect_column_values_to_be_between") in failed
    assert marts == 0
