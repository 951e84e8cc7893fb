"""A failing blocking check stops the marts: a broken staging table never reaches report_summary,
and the build that found it publishes nothing (the previous warehouse stays as it was)."""
from __future__ import annotations

import shutil

import duckdb
import polars as pl

import orchestration.ingestion as ingestion
from orchestration.cli import build
from tests.conftest import INBOX


def test_negative_count_in_staging_stops_the_marts(tmp_path, dbt_manifest, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(INBOX / "pingtan/2021_pingtan_zone.txt", inbox)
    real_insert = ingestion.insert_frame

    def broken_insert(con, schema, name, frame):
        # A pipeline bug between extraction and the table: a cell count comes out negative.
        if name == "table_cells" and frame.height:
            frame = frame.with_columns(
                pl.when(pl.int_range(pl.len()) == 0).then(-7.0).otherwise(pl.col("value_num")).alias("value_num"),
                pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("NUMERIC")).otherwise(pl.col("value_semantic"))
                .alias("value_semantic"))
        real_insert(con, schema, name, frame)

    monkeypatch.setattr(ingestion, "insert_frame", broken_insert)
    db = tmp_path / "ogi.duckdb"
    result = build(inbox, db)
    assert not result.success
    assert "FAILED" in result.message and "unchanged" in result.message
    assert not db.exists()  # nothing was ever published
    assert not (tmp_path / "reports" / "ogi_marts.duckdb").exists()
    con = duckdb.connect(str(tmp_path / "ogi.duckdb.failed"), read_only=True)
    try:
        failed = con.execute(
            "select dataset, expectation from quality.ge_results where not success").fetchall()
        marts = con.execute("select count(*) from duckdb_tables() where schema_name = 'marts'").fetchall()[0][0]
    finally:
        con.close()
    assert ("staging.table_cells", "expect_column_values_to_be_between") in failed
    assert marts == 0
