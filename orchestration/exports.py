"""Exports for people who do not use DuckDB: Parquet of every mart, and mart_township_year as CSV
(UTF-8 with BOM, so Excel reads the Chinese) and as XLSX, one workbook per report year (a year
fits a sheet at any scale; a national collection does not) with a second sheet describing the
columns (orchestration/spreadsheet.py).

Each file has a fingerprint: a digest of the rows it holds (order-free: an xor of row hashes),
its columns and descriptions, and the code and libraries that write it. The new folder is made
beside the published one; every file whose fingerprint did not change is hard-linked from it,
only the others are written. The folder is then swapped in whole, so a reader sees the old
exports or the new ones, never a mix.

A build runs the exports in a process of their own (`Exporting`), reading the BI copy it has
just written, while it makes the site: XlsxWriter is pure Python (13 s for every year at
100,000 reports), and the process holds one batch of rows at a time whatever the marts' size.

    python -m orchestration.exports DATABASE FOLDER [PREVIOUS]   (prints what it did as JSON)
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from orchestration import spreadsheet
from orchestration.bi_copy import literal, mart_tables, quote
from orchestration.files import keep_file

EXPORTS_DIR = "exports"
SPREADSHEET_TABLE = "mart_township_year"
SPREADSHEET_BY = "report_year"  # one workbook per value
EXCEL_MAX_ROWS = 1_048_575      # one row is the header
MANIFEST = ".fingerprints.json"
MEMORY_LIMIT = "200MB"          # DuckDB's, in the exports process: it streams every file


def spreadsheet_name(value: object) -> str:
    return f"xlsx/{SPREADSHEET_TABLE}_{value}.xlsx"


@dataclass
class ExportStats:
    rows: dict[str, int] = field(default_factory=dict)     # mart -> rows
    files: int = 0
    written: list[str] = field(default_factory=list)       # files written (the others were kept)


def _code_version() -> str:
    digest = hashlib.sha256()
    for module in (Path(__file__), Path(spreadsheet.__file__)):
        digest.update(module.read_bytes())
    digest.update(f"duckdb {duckdb.__version__} xlsxwriter {importlib.metadata.version('xlsxwriter')}".encode())
    return digest.hexdigest()[:16]


def _previous_fingerprints(previous: Path | None) -> dict[str, str]:
    try:
        return json.loads((previous / MANIFEST).read_text()) if previous is not None else {}
    except (OSError, ValueError):
        return {}  # none or unreadable: every file is written


def column_descriptions(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str]]:
    """(column, type, description) of a mart's columns, in order."""
    return con.execute(
        "select column_name, data_type, coalesce(comment, '') from duckdb_columns() "
        "where schema_name = 'marts' and table_name = ? and database_name = current_database() "
        "order by column_index", [table]).fetchall()


def write_exports(con: duckdb.DuckDBPyConnection, folder: Path, previous: Path | None = None) -> ExportStats:
    """Export the marts of `con` into `folder` (replaced whole), keeping the files of `previous`
    (the published exports) whose fingerprint did not change."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "parquet").mkdir(parents=True)
    (partial / "xlsx").mkdir()
    stats, old, version, fingerprints = ExportStats(), _previous_fingerprints(previous), _code_version(), {}

    def fingerprint_of(table: str, where: str = "", params: tuple = ()) -> tuple[str, int]:
        rows, digest = con.execute(f"select count(*), bit_xor(hash(t)) from marts.{quote(table)} as t {where}",
                                   list(params)).fetchall()[0]
        described = json.dumps(column_descriptions(con, table), ensure_ascii=False)
        return hashlib.sha256(f"{version}|{rows}|{digest}|{described}".encode()).hexdigest()[:32], rows

    def produce(name: str, fingerprint: str, write) -> None:
        """Keep `name` from the previous exports when its fingerprint is the same, else write it."""
        fingerprints[name] = fingerprint
        if old.get(name) == fingerprint and keep_file(str(previous / name), str(partial / name)):
            return
        write(partial / name)
        stats.written.append(name)

    of_table = {}
    for table in mart_tables(con):
        of_table[table], stats.rows[table] = fingerprint_of(table)
        produce(f"parquet/{table}.parquet", of_table[table], lambda path, table=table: con.execute(
            f"copy marts.{quote(table)} to {literal(str(path))} (format parquet, compression zstd)").fetchall())
    if SPREADSHEET_TABLE in stats.rows:
        table = quote(SPREADSHEET_TABLE)
        produce(f"{SPREADSHEET_TABLE}.csv", of_table[SPREADSHEET_TABLE],
                lambda path: _write_csv_with_bom(con, table, path))
        descriptions = column_descriptions(con, SPREADSHEET_TABLE)
        where = f"where {quote(SPREADSHEET_BY)} is not distinct from ?"
        for (value,) in con.execute(f"select distinct {quote(SPREADSHEET_BY)} from marts.{table} order by 1"
                                    ).fetchall():
            fingerprint, rows = fingerprint_of(SPREADSHEET_TABLE, where, (value,))
            if rows <= EXCEL_MAX_ROWS:  # beyond a sheet's size: CSV and Parquet only
                produce(spreadsheet_name(value), fingerprint, lambda path, value=value: spreadsheet.write_xlsx(
                    con.execute(f"select * from marts.{table} {where}", [value]), SPREADSHEET_TABLE,
                    descriptions, path))
    (partial / MANIFEST).write_text(json.dumps(fingerprints, indent=1, sort_keys=True))
    stats.files = len(fingerprints)
    _swap_in(partial, folder)
    return stats


def _swap_in(partial: Path, folder: Path) -> None:
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    partial.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _write_csv_with_bom(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """DuckDB writes the CSV (streamed, any size); the BOM before it tells Excel it is UTF-8."""
    body = path.with_name(path.name + ".body")
    con.execute(f"copy marts.{table} to {literal(str(body))} (format csv, header)").fetchall()
    with open(path, "wb") as out, open(body, "rb") as src:
        out.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(src, out, 1 << 20)
    body.unlink()


class Exporting:
    """The exports being made by a process of their own from a DuckDB file (read-only): wait()
    for them (raises with the process's own error when it failed), or stop() it."""

    def __init__(self, database: Path, folder: Path, previous: Path | None = None):
        self.folder = folder
        self._process = subprocess.Popen(
            [sys.executable, "-m", "orchestration.exports", str(database), str(folder),
             *([str(previous)] if previous is not None else [])],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parent.parent)

    def wait(self) -> ExportStats:
        out, error = self._process.communicate()
        if self._process.returncode != 0:
            raise RuntimeError(f"writing the exports in {self.folder} failed (exit {self._process.returncode}): "
                               + error.decode("utf-8", errors="replace")[-2000:])
        return ExportStats(**json.loads(out))

    def stop(self) -> None:
        self._process.kill()
        self._process.communicate()


def main(argv: list[str]) -> None:
    database, folder, *previous = argv
    con = duckdb.connect(database, read_only=True, config={"memory_limit": MEMORY_LIMIT})
    try:
        stats = write_exports(con, Path(folder), Path(previous[0]) if previous else None)
    finally:
        con.close()
    print(json.dumps(asdict(stats)))


if __name__ == "__main__":
    main(sys.argv[1:])
