"""The XLSX export of a mart, one workbook per value of a column (report_year), written by a
process of its own from the mart's Parquet export.

XlsxWriter is pure Python: about 12 s for mart_township_year at 100,000 reports (4 million
cells), one core. Run beside the BI copy and the site, it costs a build no time of its own, and a
build writes only the workbooks whose rows changed. The process reads only the Parquet file,
never the warehouse (which may be open for writing), and holds one batch of rows at a time
(constant_memory: every row is flushed as it is written).

    python -m orchestration.spreadsheet SHEET COLUMN   (JSON on stdin: the column descriptions,
    and [value, path, Parquet files that hold its rows] of each workbook to write)
"""
from __future__ import annotations

import json
import subprocess
import sys
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


class Writing:
    """Workbooks being written by their process, one per value of `column`: (value, workbook,
    the Parquet files that hold the rows with that value; a file may hold others too). wait() for
    them (raises with the process's own error when it failed), or stop() it."""

    def __init__(self, sheet_name: str, descriptions: list[tuple[str, str, str]], column: str,
                 books: list[tuple[object, Path, list[Path]]]):
        self.paths = [path for _, path, _ in books]
        self._process = subprocess.Popen(
            [sys.executable, "-m", "orchestration.spreadsheet", sheet_name, column],
            stdin=subprocess.PIPE, stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parent.parent)
        # read by the process before it writes anything: the pipe never holds it back
        self._process.stdin.write(json.dumps({"descriptions": [list(d) for d in descriptions],
                                              "books": [[value, str(path), [str(f) for f in sources]]
                                                        for value, path, sources in books]}
                                             ).encode("utf-8"))
        self._process.stdin.close()

    def wait(self) -> None:
        error = self._process.stderr.read()
        self._process.wait()
        self._process.stderr.close()
        if self._process.returncode != 0:
            raise RuntimeError(f"writing {', '.join(p.name for p in self.paths)} failed "
                               f"(exit {self._process.returncode}): "
                               + error.decode("utf-8", errors="replace")[-2000:])

    def stop(self) -> None:
        self._process.kill()
        self._process.wait()
        self._process.stderr.close()


def main(argv: list[str]) -> None:
    import duckdb

    from orchestration.bi_copy import quote

    sheet_name, column = argv
    job = json.loads(sys.stdin.buffer.read())
    descriptions = [tuple(d) for d in job["descriptions"]]
    # one thread: rows come in the file's order
    con = duckdb.connect(config={"memory_limit": "200MB", "threads": 1})
    try:
        for value, path, sources in job["books"]:
            # its own files, not a glob of the folder: a year is one file per province of hundreds
            rows = con.execute(f"select * from read_parquet(?) where {quote(column)} is not distinct from ?",
                               [sources, value])
            write_xlsx(rows, sheet_name, descriptions, Path(path))
    finally:
        con.close()


if __name__ == "__main__":
    main(sys.argv[1:])
