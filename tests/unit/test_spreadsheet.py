"""The spreadsheet export runs in a process of its own: what it writes, and how it fails."""
import datetime as dt
import zipfile

import polars as pl
import pytest

from orchestration import spreadsheet


def test_the_sheet_holds_every_row_and_the_column_descriptions(tmp_path):
    parquet, xlsx = tmp_path / "t.parquet", tmp_path / "t.xlsx"
    pl.DataFrame({"unit_name": ["龙田镇", "城关街道", None], "report_year": [2019, 2020, 2021],
                  "publish_date": [dt.date(2020, 1, 31), None, dt.date(2022, 3, 1)],
                  "rate": [0.5, None, 1.0]}).write_parquet(parquet)
    descriptions = [("unit_name", "VARCHAR", "单位名称 as printed"), ("report_year", "INTEGER", "the year reported"),
                    ("publish_date", "DATE", "date printed"), ("rate", "DOUBLE", "实质公开率")]
    spreadsheet.Writing(parquet, "mart_township_year", descriptions, xlsx).wait()
    with zipfile.ZipFile(xlsx) as book:
        data = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        columns = book.read("xl/worksheets/sheet2.xml").decode("utf-8")
        workbook = book.read("xl/workbook.xml").decode("utf-8")
    assert 'name="mart_township_year"' in workbook and 'name="columns"' in workbook
    assert "龙田镇" in data and "城关街道" in data and data.count("<row ") == 4  # the header and three rows
    assert "实质公开率" in columns and "单位名称 as printed" in columns


def test_a_failed_sheet_raises_with_the_process_own_error(tmp_path):
    writing = spreadsheet.Writing(tmp_path / "missing.parquet", "t", [], tmp_path / "t.xlsx")
    with pytest.raises(RuntimeError, match="missing.parquet"):
        writing.wait()
