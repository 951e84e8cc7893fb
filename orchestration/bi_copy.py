"""The BI copy: every table of schema marts, with the dbt descriptions as comments, in a file of
its own that BI tools open (DuckDB has one writer, and an open reader would block the build).

A build starts from a clone of the previous copy and brings each table up to date: a table whose
rows did not change is left as it is; one that changed loses the rows that are gone and gains the
new ones (rows are compared by their hash; in a table with a report year, only within the parts,
years or years and provinces, whose rows differ: PART_COLUMNS); a table whose columns changed, or
whose update does not end with the same rows as the mart, is copied whole. So one new report
costs the rows of the parts it changed, not a copy of every mart. The file is written beside its
final name and renamed into place: a reader sees the old copy or the new one, never a half-written
file.

What the copy holds (each table's row count and digest, per part too) is recorded beside it,
with the file's size, modification time and inode: the next build trusts the record while the
file is that one, instead of hashing every row of the copy again (at 100,000 reports, 1 s of CPU
in a stage that is CPU-bound). A copy written by anyone else, or a missing record, is read.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.files import clone_file

# DuckDB's storage format has been one format from 0.10 to 1.1 ('v0.10.0' = 'v1.0.0' = 'v1.1.0');
# 1.2 changed it and 2.x writes a newer one by default, which no 1.x reader opens. Nothing the
# marts hold (plain types, comments) needs a newer format, so the oldest one is written:
# DuckDB 0.10.0 and every later client open it (tests/integration/test_questions.py proves it).
BI_STORAGE_VERSION = "v0.10.0"
# the copy is written from a read-only connection to the warehouse too (an attached file
# inherits read-only mode unless told otherwise)
WRITABLE = "read_only false"


@dataclass
class BiCopyStats:
    tables: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)    # written whole
    updated: list[str] = field(default_factory=list)   # only the changed rows
    rows_deleted: int = 0
    rows_inserted: int = 0
    from_previous: bool = False


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def mart_tables(con: duckdb.DuckDBPyConnection, database: str | None = None) -> list[str]:
    """The tables of schema marts in `database` (default: the connection's own, not an attached one)."""
    where = f"schema_name = 'marts' and database_name = {literal(database) if database else 'current_database()'}"
    return [r[0] for r in con.execute(f"select table_name from duckdb_tables() where {where} order by 1").fetchall()]


def _columns(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[tuple]]:
    """table -> its (column, type) in order, for every table of `database`.marts."""
    columns: dict[str, list[tuple]] = {}
    for table, column, data_type in con.execute(
            "select table_name, column_name, data_type from duckdb_columns() where database_name = ? and "
            "schema_name = 'marts' order by table_name, column_index", [database]).fetchall():
        columns.setdefault(table, []).append((column, data_type))
    return columns


def _comments(con: duckdb.DuckDBPyConnection, database: str) -> set[tuple]:
    """(table, column or None, comment) of every commented table and column of `database`.marts."""
    return set(con.execute(
        "select table_name, null as column_name, comment from duckdb_tables() "
        "where database_name = ? and schema_name = 'marts' and comment is not null "
        "union all select table_name, column_name, comment from duckdb_columns() "
        "where database_name = ? and schema_name = 'marts' and comment is not null", [database, database]).fetchall())


# Row count and an order-free digest of the rows. A row's hash() is hashed again before the sum:
# DuckDB's hash of a row is xor-linear in its last column (two rows whose last value changes
# alike would cancel in an xor), and a sum, unlike an xor, does not cancel repeated rows.
CONTENT_DIGEST = "count(*), sum(hash(hash(t))::hugeint)"
YEAR = "report_year"
# A mart with a report year is compared (and exported) in parts: one per report year, and per
# province within it when the mart has one. A new township is a row in every year of its county
# (mart_coverage): by year alone, one report rewrote 13 years of 80,000 rows each at 100,000
# reports (0.9 s of exports, 0.3 s of BI copy); by province, 13 parts of a few thousand.
# Column -> the type its values are read as.
PART_COLUMNS = {YEAR: "bigint", "province": "varchar"}
FEW_PARTS = 32  # in_parts: beyond this many, a semi-join


@dataclass(frozen=True)
class Content:
    """A mart's rows: (count, digest) of them all, and of each part for a mart with a report year
    (`by`: the columns that make a part; a part is keyed by their values; the sums of the parts'
    are the total's: one scan gives both)."""
    rows: int
    digest: int
    parts: dict[tuple, tuple[int, int]] | None = None
    by: tuple[str, ...] = ()

    @property
    def total(self) -> tuple[int, int]:
        return self.rows, self.digest

    def by_year(self) -> dict[object, tuple[int, int]]:
        """year -> (rows, digest) of its parts."""
        years: dict[object, tuple[int, int]] = {}
        for key, (rows, digest) in (self.parts or {}).items():
            held = years.get(key[0], (0, 0))
            years[key[0]] = (held[0] + rows, held[1] + digest)
        return years


def _content(con: duckdb.DuckDBPyConnection, relation: str) -> tuple:
    return tuple(con.execute(f"select {CONTENT_DIGEST} from {relation} as t").fetchall()[0])


def part_contents(con: duckdb.DuckDBPyConnection, relation: str, by: tuple[str, ...],
                  where: str = "true") -> dict[tuple, tuple]:
    """part -> (rows, digest) of the rows of `relation` that meet `where`, by the columns `by`."""
    columns = ", ".join(quote(c) for c in by)
    return {tuple(row[:-2]): tuple(row[-2:]) for row in con.execute(
        f"select {columns}, {CONTENT_DIGEST} from {relation} as t where {where} group by all").fetchall()}


def in_parts(by: tuple[str, ...], parts: list[tuple]) -> str:
    """A condition on a row: it belongs to one of `parts` (values of the columns `by`; None: NULL).
    A few parts are compared column by column, which DuckDB pushes into the scan (one part of
    1.2 million rows: 0.001 s); many as a semi-join on structs, whose fields compare NULL as equal
    (529 parts: 0.06 s; as one condition per part, 0.3 s)."""
    if not parts:
        return "false"
    if len(parts) <= FEW_PARTS:
        return "(" + " or ".join("(" + " and ".join(_equals(c, v) for c, v in zip(by, part, strict=True)) + ")"
                                 for part in parts) + ")"

    return f"({part_of_row(by)} in (select unnest({part_list(parts)})))"


def _struct(values) -> str:
    return "{" + ", ".join(f"'k{i}': {value}" for i, value in enumerate(values)) + "}"


def part_of_row(by: tuple[str, ...], alias: str = "") -> str:
    """A row's part as a struct of texts, equal to its part in part_list() (NULL fields equal too)."""
    return _struct(f"{alias + '.' if alias else ''}{quote(c)}::varchar" for c in by)


def part_list(parts: list[tuple]) -> str:
    """A list literal of parts, as part_of_row() makes them."""
    return "[" + ", ".join(_struct("null::varchar" if v is None else literal(str(v)) for v in part)
                           for part in parts) + "]"


def _equals(column: str, value: object) -> str:
    return f"{quote(column)} is null" if value is None else \
        f"{quote(column)} = {literal(str(value))}::{PART_COLUMNS[column]}"


def partitioned_by(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """table -> its part columns, for every mart with a report year."""
    present: dict[str, set] = {}
    for table, column in con.execute(
            "select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
            "and database_name = current_database() "
            f"and column_name in ({', '.join(literal(c) for c in PART_COLUMNS)})").fetchall():
        present.setdefault(table, set()).add(column)
    return {table: tuple(c for c in PART_COLUMNS if c in columns)
            for table, columns in present.items() if YEAR in columns}


def mart_contents(con: duckdb.DuckDBPyConnection) -> dict[str, Content]:
    """table -> Content of every mart, in one query (the BI copy and the exports share it)."""
    tables = mart_tables(con)
    if not tables:
        return {}
    by = partitioned_by(con)

    def part(table: str) -> str:
        values = [f"{quote(c) if c in by.get(table, ()) else 'null'}::{kind}" for c, kind in PART_COLUMNS.items()]
        return (f"select {literal(table)}, {', '.join(values)}, {CONTENT_DIGEST} from marts.{quote(table)} as t"
                + (" group by all" if table in by else ""))

    parts: dict[str, dict] = {t: {} for t in tables}
    for table, *key, count, digest in con.execute(" union all ".join(part(t) for t in tables)).fetchall():
        parts[table][tuple(key[:len(by.get(table, ()))])] = (count, digest)
    contents = {}
    for table, parts_of in parts.items():
        rows = sum(count for count, _ in parts_of.values())
        digest = sum(d for _, d in parts_of.values()) if rows else None  # sum() of no rows is NULL
        contents[table] = Content(rows, digest, parts_of if table in by else None, by.get(table, ()))
    return contents


def record_of(copy: Path) -> Path:
    """The record of what `copy` holds: a hidden file beside it."""
    return copy.with_name(f".{copy.name}.contents.json")


def _file_identity(path: Path) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _write_record(copy: Path, written: Path, contents: dict[str, Content]) -> None:
    """Record `contents` as what `copy` holds once `written` (the file as made) is renamed to it.
    Written in place: a record cut short is not JSON, and one of another file is not believed."""
    tables = {table: {"rows": c.rows, "digest": c.digest, "by": list(c.by),
                      "parts": None if c.parts is None else [[*key, *rd] for key, rd in c.parts.items()]}
              for table, c in contents.items()}
    record_of(copy).write_text(json.dumps({"file": _file_identity(written), "tables": tables}))


def recorded_contents(copy: Path) -> dict[str, Content]:
    """table -> Content that `copy` holds, from its record, when the record is of this very file
    (same size, modification time and inode); otherwise nothing: the copy is read instead."""
    try:
        record = json.loads(record_of(copy).read_text())
        if record["file"] != _file_identity(copy):
            return {}
        return {table: Content(t["rows"], t["digest"],
                               None if t["parts"] is None else {tuple(p[:-2]): tuple(p[-2:]) for p in t["parts"]},
                               tuple(t["by"]))
                for table, t in record["tables"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _storage_tag(con: duckdb.DuckDBPyConnection, database: str):
    rows = con.execute("select tags from duckdb_databases() where database_name = ?", [database]).fetchall()
    return (rows[0][0] or {}).get("storage_version") if rows else None


def _only_marts(con: duckdb.DuckDBPyConnection, database: str) -> bool:
    """Nothing but the marts' tables: a view or table a BI user added is not carried forward."""
    return con.execute(
        "select (select count(*) from duckdb_tables() where database_name = $db and schema_name <> 'marts') "
        "+ (select count(*) from duckdb_views() where database_name = $db and not internal) "
        "+ (select count(*) from duckdb_schemas() where database_name = $db and not internal "
        "   and schema_name not in ('main', 'marts'))", {"db": database}).fetchall()[0][0] == 0


def _reusable(con: duckdb.DuckDBPyConnection, previous: Path, probe: Path) -> bool:
    """The previous copy can be updated in place: it opens, in the storage format written now,
    and holds nothing but the marts."""
    probe.unlink(missing_ok=True)
    try:
        con.execute(f"attach {literal(str(probe))} as bi_probe ({WRITABLE}, storage_version '{BI_STORAGE_VERSION}')")
        wanted = _storage_tag(con, "bi_probe")
        con.execute("detach bi_probe")
        con.execute(f"attach {literal(str(previous))} as bi_previous (read_only)")
        try:
            return wanted is not None and _storage_tag(con, "bi_previous") == wanted \
                and _only_marts(con, "bi_previous")
        finally:
            con.execute("detach bi_previous")
    except duckdb.Error:
        return False  # unreadable or from another format: written anew
    finally:
        probe.unlink(missing_ok=True)


def _copy_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute(f"drop table if exists published.marts.{quote(table)}")
    con.execute(f"create table published.marts.{quote(table)} as select * from marts.{quote(table)}")


def _changed_parts(con: duckdb.DuckDBPyConnection, table: str, content: Content, held: Content | None) -> list:
    """The parts whose rows differ between the copy of `table` (`held`: what it holds, if known)
    and the mart."""
    held = held.parts if held is not None and held.parts is not None and held.by == content.by else \
        part_contents(con, f"published.marts.{quote(table)}", content.by)
    return [part for part in content.parts.keys() | held.keys() if content.parts.get(part) != held.get(part)]


def _update_table(con: duckdb.DuckDBPyConnection, table: str, content: Content, parts: list | None,
                  stats: BiCopyStats) -> bool:
    """Delete the rows of the copy that the mart no longer has and insert the mart's new ones,
    within `parts` (None: the whole table); True when the copy then holds exactly the mart's rows
    (a table with repeated rows may not). False, too, when more than a quarter of the rows went:
    a table copied whole leaves no holes behind."""
    mart, copy = f"marts.{quote(table)}", f"published.marts.{quote(table)}"
    where = "true" if parts is None else in_parts(content.by, parts)
    deleted = con.execute(
        f"delete from {copy} where rowid in (select c.rowid from {copy} as c where {where} "
        f"and hash(c) not in (select hash(m) from {mart} as m where {where}))").fetchall()[0][0]
    if deleted > content.rows / 4:
        return False
    inserted = con.execute(
        f"insert into {copy} select * from {mart} as m where {where} "
        f"and hash(m) not in (select hash(c) from {copy} as c where {where})").fetchall()[0][0]
    stats.rows_deleted, stats.rows_inserted = stats.rows_deleted + deleted, stats.rows_inserted + inserted
    if parts is None:
        return _content(con, copy) == content.total
    # the other parts held the mart's rows already
    return part_contents(con, copy, content.by, where) == \
        {part: content.parts[part] for part in parts if part in content.parts}


def write_bi_copy(con: duckdb.DuckDBPyConnection, target: Path, previous: Path | None = None,
                  contents: dict[str, Content] | None = None) -> BiCopyStats:
    """Bring `target` to the marts of `con`, starting from `previous` (another build's copy) when
    it can be updated; `target` is replaced atomically. `contents`: mart_contents(con), if known."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    stats = BiCopyStats(tables=mart_tables(con))
    held: dict[str, Content] = {}
    if previous is not None and previous.is_file() and _reusable(con, previous, partial):
        held = recorded_contents(previous)
        clone_file(previous, partial)
        stats.from_previous = True
    con.execute(f"attach {literal(str(partial))} as published ({WRITABLE}, storage_version '{BI_STORAGE_VERSION}')")
    try:
        con.execute("create schema if not exists published.marts")
        kept = set(mart_tables(con, "published"))
        for table in kept - set(stats.tables):
            con.execute(f"drop table published.marts.{quote(table)}")
        contents = contents if contents is not None else mart_contents(con)
        columns, published_columns = _columns(con, current_database(con)), _columns(con, "published")
        for table in stats.tables:
            if table in kept and published_columns.get(table) == columns[table]:
                content, parts = contents[table], None
                if content.parts is None:
                    total = held[table].total if table in held else _content(con, f"published.marts.{quote(table)}")
                    if total == content.total:
                        continue
                else:
                    parts = _changed_parts(con, table, content, held.get(table))
                    if not parts:
                        continue
                if _update_table(con, table, content, parts, stats):
                    stats.updated.append(table)
                    continue
            _copy_table(con, table)
            stats.copied.append(table)
        _copy_comments(con)
    finally:
        con.execute("detach published")
    # every table now holds its mart's rows: updated ones were compared, the others copied whole
    _write_record(target, partial, {table: contents[table] for table in stats.tables})
    os.replace(partial, target)  # readers see the old copy or the new one, never a half-written file
    return stats


def current_database(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchall()[0][0]


def _copy_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Make the copy's comments those of the marts (all of them, for a table copied whole)."""
    wanted, present = _comments(con, current_database(con)), _comments(con, "published")
    described = {(table, column) for table, column, _ in wanted}
    changes = [*(c for c in wanted - present),
               *((table, column, None) for table, column, _ in present if (table, column) not in described)]
    for table, column, comment in changes:
        text = "null" if comment is None else literal(comment)
        if column is None:
            con.execute(f"comment on table published.marts.{quote(table)} is {text}")
        else:
            con.execute(f"comment on column published.marts.{quote(table)}.{quote(column)} is {text}")
