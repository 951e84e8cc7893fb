"""The XLSX workbook of a mart: every row, and a sheet describing the columns."""
import datetime as dt
import zipfile

import duckdb
import polars as pl

from orchestration import spreadsheet


def test_the_workbook_holds_every_row_and_the_column_descriptions(tmp_path):
    xlsx = tmp_path / "t.xlsx"
    rows = pl.DataFrame({"unit_name": ["龙田镇", "城关街道", None], "report_year": [2019, 2020, 2021],
                         "publish_date": [dt.date(2020, 1, 31), None, dt.date(2022, 3, 1)],
                         "rate": [0.5, None, 1.0]})
    descriptions = [("unit_name", "VARCHAR", "单位名称 as printed"), ("report_year", "INTEGER", "the year reported"),
                    ("publish_date", "DATE", "date printed"), ("rate", "DOUBLE", "实质公开率")]
    with duckdb.connect() as con:
        con.register("sample", rows)
        written = spreadsheet.write_xlsx(con.execute("select * from sample"), "mart_township_year", descriptions, xlsx)
    assert written == 3
    with zipfile.ZipFile(xlsx) as book:
        data = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        columns = book.read("xl/worksheets/sheet2.xml").decode("utf-8")
        workbook = book.read("xl/workbook.xml").decode("utf-8")
    assert 'name="mart_township_year"' in workbook and 'name="columns"' in workbook
    assert "龙田镇" in data and "城关街道" in data and data.count("<row ") == 4  # the header and three rows
    assert "实质公开率" in columns and "单位名称 as printed" in columns
