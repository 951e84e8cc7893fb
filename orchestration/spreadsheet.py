"""A mart's rows as an XLSX workbook (XlsxWriter), for people who open the data in Excel.

XlsxWriter is pure Python (about 12 s for 4 million cells, one core), so the exports process
writes the workbooks (orchestration/exports.py) while the build makes the site. The workbook
holds one batch of rows in memory at a time (constant_memory: every row is flushed as written).
"""
from __future__ import annotations

from pathlib import Path

BATCH_ROWS = 10_000


def write_xlsx(result, sheet_name: str, descriptions: list[tuple[str, str, str]], path: Path) -> int:
    """The rows of a DuckDB result as a sheet (header frozen, autofilter), and a second sheet
    describing the columns; returns the number of data rows."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "default_date_format": "yyyy-mm-dd",
                                               "nan_inf_to_errors": True})
    try:
        bold = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet(sheet_name)
        names = [d[0] for d in result.description]
        for i, name in enumerate(names):
            sheet.set_column(i, i, min(max(len(name) + 2, 10), 40))
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, names, bold)
        row = 1
        while batch := result.fetchmany(BATCH_ROWS):
            for values in batch:
                sheet.write_row(row, 0, values)
                row += 1
        sheet.autofilter(0, 0, max(row - 1, 1), len(names) - 1)
        described = workbook.add_worksheet("columns")
        described.write_row(0, 0, ["column", "type", "description"], bold)
        described.set_column(0, 1, 24)
        described.set_column(2, 2, 100)
        for i, values in enumerate(descriptions, start=1):
            described.write_row(i, 0, list(values))
    finally:
        workbook.close()
    return row - 1
