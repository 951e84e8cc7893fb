"""The spreadsheet export runs in a process of its own: what it writes, and how it fails."""
import datetime as dt
import zipfile

import polars as pl
import pytest

from orchestration import spreadsheet


def test_each_workbook_holds_the_rows_of_its_year_and_the_column_descriptions(tmp_path):
    parquet, xlsx, other = tmp_path / "t.parquet", tmp_path / "t_2019.xlsx", tmp_path / "t_2021.xlsx"
    pl.DataFrame({"unit_name": ["龙田镇", "城关街道", None], "report_year": [2019, 2020, 2021],
                  "publish_date": [dt.date(2020, 1, 31), None, dt.date(2022, 3, 1)],
                  "rate": [0.5, None, 1.0]}).write_parquet(parquet)
    descriptions = [("unit_name", "VARCHAR", "单位名称 as printed"), ("report_year", "INTEGER", "the year reported"),
                    ("publish_date", "DATE", "date printed"), ("rate", "DOUBLE", "实质公开率")]
    spreadsheet.Writing("mart_township_year", descriptions, "report_year",
                        [(2019, xlsx, [parquet]), (2021, other, [parquet])]).wait()
    with zipfile.ZipFile(xlsx) as book:
        data = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        columns = book.read("xl/worksheets/sheet2.xml").decode("utf-8")
        workbook = book.read("xl/workbook.xml").decode("utf-8")
    assert 'name="mart_township_year"' in workbook and 'name="columns"' in workbook
    assert "龙田镇" in data and "城关街道" not in data and data.count("<row ") == 2  # the header and 2019's row
    assert "实质公开率" in columns and "单位名称 as printed" in columns
    with zipfile.ZipFile(other) as book:
        data = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "龙田镇" not in data and data.count("<row ") == 2  # 2021's row has no unit name
    assert not (tmp_path / "t_2020.xlsx").exists()  # only the workbooks asked for


def test_a_failed_sheet_raises_with_the_process_own_error(tmp_path):
    writing = spreadsheet.Writing("t", [], "report_year", [(2020, tmp_path / "t.xlsx", [tmp_path / "missing.parquet"])])
    with pytest.raises(RuntimeError, match="missing.parquet"):
        writing.wait()
