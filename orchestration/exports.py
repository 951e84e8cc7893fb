"""Exports for people who do not use DuckDB: Parquet of every mart, and mart_township_year as CSV
(UTF-8 with BOM, so Excel reads the Chinese) and as XLSX, one workbook per report year (a year
fits a sheet at any scale; a national collection does not) with a second sheet describing the
columns (orchestration/spreadsheet.py). A fact or mart with a report year is written as a folder
of one Parquet file per part (bi_copy.PART_COLUMNS: per year, and per province within it when
the mart has one; each file holds every column, those too): a new report then rewrites the files
of the parts it changed, not the table (at 100,000 reports a table's file took up to 1.8 s to
write, and a year of mart_coverage 0.07 s, which a new township changes in every year).

Each file has a fingerprint: a digest of the rows it holds (order-free: a sum of row hashes),
its columns and descriptions, and the code and libraries that write it. A build makes the new
folder beside the published one and hard-links every file whose fingerprint did not change from
it; only the others are written. The folder is then swapped in whole, so a reader sees the old
exports or the new ones, never a mix.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration import spreadsheet
from orchestration.bi_copy import YEAR, Content, literal, mart_contents, part_list, part_of_row, quote
from orchestration.files import keep_file, swap_in_folder

EXPORTS_DIR = "exports"
SPREADSHEET_TABLE = "mart_township_year"
EXCEL_MAX_ROWS = 1_048_575      # one row is the header
MANIFEST = ".fingerprints.json"
SPREADSHEET_BY = YEAR           # one workbook per value
SCRATCH = ".parts"              # in the folder being made: where DuckDB writes a mart's parts
PART_NUMBER = "__part_number"
# zstd's level 1, not DuckDB's default 3: a year of mart_coverage at 100,000 reports is written
# in 0.064 s instead of 0.089 s, and is 2 % larger (1.62 MB against 1.59)
PARQUET = "format parquet, compression zstd, compression_level 1"


def spreadsheet_name(value: object) -> str:
    return f"xlsx/{SPREADSHEET_TABLE}_{value}.xlsx"


def parquet_name(table: str, part: tuple | None = None) -> str:
    """The Parquet file of a table, or of one part of a table written by part (its values: a year,
    or a year and a province)."""
    return f"parquet/{table}/{table}_{'_'.join(_file_part(v) for v in part)}.parquet" if part is not None \
        else f"parquet/{table}.parquet"


_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _file_part(value: object) -> str:
    """A part's value in a file name. A text that is not a safe name as it stands (a province
    stated by a report can be anything) keeps a digest of itself: two values never share a file."""
    if not isinstance(value, str):
        return str(value)  # a year, or None
    safe = _UNSAFE_IN_NAMES.sub("_", value)[:40].strip(". ")
    if safe == value and value != "None":
        return value
    return f"{safe}-{hashlib.sha256(value.encode()).hexdigest()[:8]}"


@dataclass
class Exports:
    """Exports being made in `partial`: finish() waits for the workbooks and swaps the folder in."""
    folder: Path
    partial: Path
    fingerprints: dict[str, str] = field(default_factory=dict)   # file -> fingerprint, of the new folder
    rows: dict[str, int] = field(default_factory=dict)           # mart -> rows
    written: list[str] = field(default_factory=list)             # files written by this build
    writing: spreadsheet.Writing | None = None

    def finish(self) -> None:
        if self.writing is not None:
            self.writing.wait()
            self.writing = None
        (self.partial / MANIFEST).write_text(json.dumps(self.fingerprints, indent=1, sort_keys=True))
        swap_in_folder(self.partial, self.folder)

    def stop(self) -> None:
        if self.writing is not None:
            self.writing.stop()
            self.writing = None


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


def start_exports(con: duckdb.DuckDBPyConnection, folder: Path, previous: Path | None = None,
                  contents: dict[str, Content] | None = None) -> Exports:
    """Make the exports in `folder.partial`, keeping the files of `previous` (the published exports)
    whose fingerprint did not change. The workbooks are written by a process of their own, which
    runs while the caller publishes the rest: call finish() on the result. `contents`:
    bi_copy.mart_contents(con), if known."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "parquet").mkdir(parents=True)
    (partial / "xlsx").mkdir()
    exports, old, version = Exports(folder, partial), _previous_fingerprints(previous), _code_version()
    contents = contents if contents is not None else mart_contents(con)
    described = {table: column_descriptions(con, table) for table in contents}

    def fingerprint_of(table: str, content: tuple) -> tuple[str, int]:
        """Of rows whose (count, digest) is `content`, in `table`'s columns."""
        rows, digest = content
        columns = json.dumps(described[table], ensure_ascii=False)
        return hashlib.sha256(f"{version}|{rows}|{digest}|{columns}".encode()).hexdigest()[:32], rows

    def kept(name: str, fingerprint: str) -> bool:
        """Whether `name` is kept (linked) from the previous exports: its fingerprint is the same.
        A file not kept is to be written: it is counted as written."""
        exports.fingerprints[name] = fingerprint
        if old.get(name) == fingerprint and keep_file(str(previous / name), str(partial / name)):
            return True
        exports.written.append(name)
        return False

    def produce(name: str, fingerprint: str, write) -> None:
        if not kept(name, fingerprint):
            write(partial / name)

    try:
        # mart_township_year's Parquet first: the workbooks are made from it while the rest is exported
        for table in sorted(contents, key=lambda t: t != SPREADSHEET_TABLE):
            content = contents[table]
            fingerprint, exports.rows[table] = fingerprint_of(table, content.total)
            # the facts and marts with a report year are written one file per part; the dimensions whole
            by_part = not table.startswith("dim_") and content.parts is not None
            files: dict[object, list[Path]] = {}  # year -> the files of its parts
            if by_part:
                (partial / "parquet" / table).mkdir()
                to_write: dict[tuple, Path] = {}
                for part, part_content in sorted(content.parts.items(), key=lambda item: _sort_key(item[0])):
                    name = parquet_name(table, part)
                    files.setdefault(part[0], []).append(partial / name)
                    if not kept(name, fingerprint_of(table, part_content)[0]):
                        to_write[part] = partial / name
                _write_parts(con, table, content.by, to_write, partial / SCRATCH)
            else:
                produce(parquet_name(table), fingerprint,
                        lambda path, table=table: _write_parquet(con, f"marts.{quote(table)}", path))
            if table == SPREADSHEET_TABLE:
                produce(f"{table}.csv", fingerprint, lambda path: _write_csv_with_bom(con, SPREADSHEET_TABLE, path))
                years = sorted(content.by_year().items(), key=lambda item: _sort_key((item[0],)))
                whole = [partial / parquet_name(table)]
                exports.writing = _start_workbooks(fingerprint_of, produce, years,
                                                   {year: files.get(year, whole) for year, _ in years},
                                                   described[table])
    except BaseException:
        exports.stop()  # the caller never gets the workbook process to stop
        raise
    return exports


def _sort_key(part: tuple) -> tuple:
    """Parts in order of their values, those with no value (None) after the others."""
    return tuple((value is None, value) for value in part)


def _write_parts(con: duckdb.DuckDBPyConnection, table: str, by: tuple[str, ...], paths: dict[tuple, Path],
                 scratch: Path) -> None:
    """Write the rows of each part of a mart to its file (`paths`: part -> file), in one pass over
    the mart: DuckDB writes a folder per part, numbered, whose file is then moved to its name. At
    100,000 reports a COPY per part took 7 to 20 ms each, 2,284 files 30 s; partitioned, 8 s."""
    if not paths:
        return
    parts = list(paths)
    numbered = f"(select unnest({part_list(parts)}) as part, unnest(range({len(parts)})) as {PART_NUMBER})"
    con.execute(f"copy (select t.*, p.{PART_NUMBER} from marts.{quote(table)} as t join {numbered} as p "
                f"on {part_of_row(by, 't')} = p.part) to {literal(str(scratch))} "
                f"({PARQUET}, partition_by ({PART_NUMBER}))").fetchall()
    for number, path in enumerate(paths.values()):
        written = sorted((scratch / f"{PART_NUMBER}={number}").glob("*.parquet"))
        _gather(con, written, path)
    shutil.rmtree(scratch)


def _gather(con: duckdb.DuckDBPyConnection, files: list[Path], path: Path) -> None:
    """The files DuckDB wrote for one part, as the file `path` (DuckDB may split a part in several)."""
    if not files:
        raise RuntimeError(f"no rows were written for {path.name}, whose part the mart holds")
    if len(files) == 1:
        files[0].rename(path)
        return
    listed = ", ".join(literal(str(f)) for f in files)
    _write_parquet(con, f"(select * from read_parquet([{listed}]))", path)
    for file in files:
        file.unlink()


def _write_parquet(con: duckdb.DuckDBPyConnection, rows: str, path: Path) -> None:
    con.execute(f"copy {rows} to {literal(str(path))} ({PARQUET})").fetchall()


def _start_workbooks(fingerprint_of, produce, years: list[tuple[object, tuple]], files: dict[object, list[Path]],
                     columns: list[tuple[str, str, str]]) -> spreadsheet.Writing | None:
    """One workbook per year of mart_township_year (from `files`: its Parquet files that hold the
    year's rows); those to write go to the spreadsheet process."""
    books = []
    for value, content in years:
        fingerprint, rows = fingerprint_of(SPREADSHEET_TABLE, content)
        if rows <= EXCEL_MAX_ROWS:  # beyond a sheet's size: CSV and Parquet only
            produce(spreadsheet_name(value), fingerprint,
                    lambda path, value=value: books.append((value, path, files[value])))
    if not books:
        return None
    return spreadsheet.Writing(SPREADSHEET_TABLE, columns, SPREADSHEET_BY, books)


def _write_csv_with_bom(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """DuckDB writes the CSV (streamed, any size); the BOM before it tells Excel it is UTF-8."""
    body = path.with_name(path.name + ".body")
    con.execute(f"copy marts.{quote(table)} to {literal(str(body))} (format csv, header)").fetchall()
    with open(path, "wb") as out, open(body, "rb") as src:
        out.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(src, out, 1 << 20)
    body.unlink()
