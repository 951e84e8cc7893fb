"""The BI copy and the exports start from the published ones and change only what changed, and
always end with exactly the marts' rows, columns and descriptions."""
import hashlib
import json
import os
import zipfile

import duckdb
import polars as pl
import pytest

from orchestration.bi_copy import FEW_PARTS, in_parts, record_of, write_bi_copy
from orchestration.exports import SPREADSHEET_TABLE, _gather, parquet_name, spreadsheet_name, start_exports


@pytest.fixture()
def warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema marts")
    con.execute(f"create table marts.{SPREADSHEET_TABLE} as select * from (values "
                "('u1', 2019, 3), ('u2', 2019, 5), ('u1', 2020, 4), ('u2', 2020, null)) t(unit_key, report_year, items)")
    con.execute(f"comment on table marts.{SPREADSHEET_TABLE} is 'Grain: one row per unit and year'")
    con.execute(f"comment on column marts.{SPREADSHEET_TABLE}.items is '主动公开 items'")
    con.execute("create table marts.dim_year as select range as report_year from range(2008, 2026)")
    yield con
    con.close()


def bi_rows(path, table):
    with duckdb.connect(str(path), read_only=True) as bi:
        return sorted(bi.execute(f"select * from marts.{table}").fetchall(), key=repr)


def bi_comments(path):
    with duckdb.connect(str(path), read_only=True) as bi:
        return sorted(bi.execute("select table_name, column_name, comment from duckdb_columns() "
                                 "where comment is not null union all select table_name, null, comment "
                                 "from duckdb_tables() where comment is not null").fetchall(), key=repr)


def test_the_bi_copy_takes_only_the_changed_rows_from_the_marts(warehouse, tmp_path):
    first, second = tmp_path / "one" / "bi.duckdb", tmp_path / "two" / "bi.duckdb"
    stats = write_bi_copy(warehouse, first, previous=tmp_path / "none.duckdb")
    assert not stats.from_previous and sorted(stats.copied) == ["dim_year", SPREADSHEET_TABLE]

    warehouse.execute(f"delete from marts.{SPREADSHEET_TABLE} where unit_key = 'u2' and report_year = 2020")
    warehouse.execute(f"insert into marts.{SPREADSHEET_TABLE} values ('u3', 2020, 0)")
    warehouse.execute(f"comment on column marts.{SPREADSHEET_TABLE}.items is 'items published'")
    warehouse.execute("create table marts.dim_county as select 'c1' as county_key")
    before = hashlib.sha256(first.read_bytes()).hexdigest()
    stats = write_bi_copy(warehouse, second, previous=first)

    assert hashlib.sha256(first.read_bytes()).hexdigest() == before  # the published copy is never written
    assert stats.from_previous and stats.updated == [SPREADSHEET_TABLE] and stats.copied == ["dim_county"]
    assert (stats.rows_deleted, stats.rows_inserted) == (1, 1)
    for table in ("dim_year", SPREADSHEET_TABLE, "dim_county"):
        assert bi_rows(second, table) == sorted(warehouse.execute(f"select * from marts.{table}").fetchall(), key=repr)
    assert ("mart_township_year", "items", "items published") in bi_comments(second)
    assert ("mart_township_year", "items", "主动公开 items") not in bi_comments(second)


@pytest.mark.parametrize("change", [
    "update marts.{t} set items = 9 where report_year = 2020 and unit_key = 'u1'",  # a year changed
    "delete from marts.{t} where report_year = 2019",                                 # a year gone
    "insert into marts.{t} values ('u9', null, 1), ('u8', 2031, 2)",                  # rows of no year, a new year
])
def test_a_mart_with_report_years_is_updated_in_the_years_that_changed(warehouse, tmp_path, change):
    warehouse.execute(f"insert into marts.{SPREADSHEET_TABLE} values ('u7', null, 7)")  # and 8 more of 2021:
    warehouse.execute(f"insert into marts.{SPREADSHEET_TABLE} select 'v' || range, 2021, range from range(8)")  # < 1/4 go
    first, second = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    write_bi_copy(warehouse, first)
    warehouse.execute(change.format(t=SPREADSHEET_TABLE))
    stats = write_bi_copy(warehouse, second, previous=first)
    assert stats.updated == [SPREADSHEET_TABLE] and stats.copied == []
    assert bi_rows(second, SPREADSHEET_TABLE) == sorted(
        warehouse.execute(f"select * from marts.{SPREADSHEET_TABLE}").fetchall(), key=repr)


def test_a_changed_column_or_repeated_rows_copy_the_table_whole(warehouse, tmp_path):
    first, second = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    write_bi_copy(warehouse, first)
    warehouse.execute("alter table marts.dim_year add column is_open boolean default true")
    warehouse.execute(f"insert into marts.{SPREADSHEET_TABLE} values ('u1', 2019, 3)")  # a repeated row
    stats = write_bi_copy(warehouse, second, previous=first)
    assert sorted(stats.copied) == ["dim_year", SPREADSHEET_TABLE] and stats.updated == []
    assert len(bi_rows(second, SPREADSHEET_TABLE)) == 5
    assert bi_rows(second, "dim_year")[0] == (2008, True)
    dropped = tmp_path / "three.duckdb"
    warehouse.execute("drop table marts.dim_year")
    write_bi_copy(warehouse, dropped, previous=second)
    with duckdb.connect(str(dropped), read_only=True) as bi:
        assert [t for (t,) in bi.execute("select table_name from duckdb_tables()").fetchall()] == [SPREADSHEET_TABLE]


def test_the_record_of_the_previous_copy_stands_for_reading_it_while_the_file_is_the_same(warehouse, tmp_path):
    first, second = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    write_bi_copy(warehouse, first)
    record = json.loads(record_of(first).read_text())
    # a record that says another year-2019 digest is believed: that year is compared and rewritten
    parts = record["tables"][SPREADSHEET_TABLE]["parts"]
    record["tables"][SPREADSHEET_TABLE]["parts"] = [[y, n, d + 1 if y == 2019 else d] for y, n, d in parts]
    record_of(first).write_text(json.dumps(record))
    stats = write_bi_copy(warehouse, second, previous=first)
    assert stats.updated == [SPREADSHEET_TABLE] and (stats.rows_deleted, stats.rows_inserted) == (0, 0)
    assert bi_rows(second, SPREADSHEET_TABLE) == sorted(
        warehouse.execute(f"select * from marts.{SPREADSHEET_TABLE}").fetchall(), key=repr)


def test_a_copy_changed_after_its_record_was_written_is_read_instead(warehouse, tmp_path):
    first, second = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    write_bi_copy(warehouse, first)
    with duckdb.connect(str(first)) as bi:  # a BI user writes into the published copy
        bi.execute(f"insert into marts.{SPREADSHEET_TABLE} values ('u9', 2019, 1)")
        bi.execute("delete from marts.dim_year where report_year = 2008")
    stats = write_bi_copy(warehouse, second, previous=first)
    assert stats.updated == ["dim_year", SPREADSHEET_TABLE] and (stats.rows_deleted, stats.rows_inserted) == (1, 1)
    for table in ("dim_year", SPREADSHEET_TABLE):
        assert bi_rows(second, table) == sorted(warehouse.execute(f"select * from marts.{table}").fetchall(), key=repr)


def test_an_unreadable_previous_copy_is_written_anew(warehouse, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database")
    stats = write_bi_copy(warehouse, tmp_path / "bi.duckdb", previous=broken)
    assert not stats.from_previous and len(stats.copied) == 2


def write_exports(con, folder, previous=None):
    exports = start_exports(con, folder, previous=previous)
    exports.finish()
    return exports


def test_exports_write_only_the_files_whose_rows_changed(warehouse, tmp_path):
    one, two = tmp_path / "one" / "exports", tmp_path / "two" / "exports"
    first = write_exports(warehouse, one)
    year_2019, year_2020 = (parquet_name(SPREADSHEET_TABLE, (year,)) for year in (2019, 2020))
    assert sorted(first.written) == sorted(["parquet/dim_year.parquet", year_2019, year_2020,
                                            f"{SPREADSHEET_TABLE}.csv", spreadsheet_name(2019), spreadsheet_name(2020)])

    warehouse.execute(f"update marts.{SPREADSHEET_TABLE} set items = 6 where report_year = 2020 and unit_key = 'u1'")
    second = write_exports(warehouse, two, previous=one)
    assert sorted(second.written) == sorted([year_2020, f"{SPREADSHEET_TABLE}.csv", spreadsheet_name(2020)])
    for kept in ("parquet/dim_year.parquet", year_2019, spreadsheet_name(2019)):
        assert os.stat(two / kept).st_ino == os.stat(one / kept).st_ino  # linked, not written
    # a year's file holds its rows, the year too; the folder holds the table
    assert pl.read_parquet(two / year_2020).rows() == [("u1", 2020, 6), ("u2", 2020, None)]
    assert pl.read_parquet(two / "parquet" / SPREADSHEET_TABLE / "*.parquet")["items"].to_list().count(6) == 1
    assert pl.read_parquet(one / "parquet" / SPREADSHEET_TABLE / "*.parquet")["items"].to_list().count(6) == 0

    (two / ".fingerprints.json").write_text("{ broken")  # no usable record: everything is written again
    third = write_exports(warehouse, tmp_path / "three" / "exports", previous=two)
    assert len(third.written) == 6 and len(third.fingerprints) == 6


def test_a_mart_with_a_province_is_published_by_year_and_province(tmp_path):
    """A new township is a row in every year of its county: only its province's parts change."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema marts")
    provinces = ["云南省", "福建省", "a/b", "None", None]  # a stated province can be any text, or none
    con.execute("create table marts.mart_coverage (township varchar, report_year integer, province varchar)")
    con.executemany("insert into marts.mart_coverage values (?, ?, ?)",
                    [(f"t{i}", year, province) for i, province in enumerate(provinces) for year in (2019, 2020)])
    write_bi_copy(con, tmp_path / "one.duckdb")
    first = write_exports(con, tmp_path / "one" / "exports")
    names = sorted(first.written)
    assert len(names) == 10 and len({n.lower() for n in names}) == 10  # one file per year and province
    assert "parquet/mart_coverage/mart_coverage_2019_云南省.parquet" in names
    assert all(n.count("/") == 2 for n in names)  # no value makes a folder of its own
    for name in names:
        rows = pl.read_parquet(tmp_path / "one" / "exports" / name).rows()
        assert len(rows) == 1 and name.startswith(f"parquet/mart_coverage/mart_coverage_{rows[0][1]}_")

    con.executemany("insert into marts.mart_coverage values (?, ?, ?)", [("new", 2019, "福建省"), ("new", 2020, "福建省")])
    stats = write_bi_copy(con, tmp_path / "two.duckdb", previous=tmp_path / "one.duckdb")
    second = write_exports(con, tmp_path / "two" / "exports", previous=tmp_path / "one" / "exports")
    assert stats.updated == ["mart_coverage"] and (stats.rows_deleted, stats.rows_inserted) == (0, 2)
    assert sorted(second.written) == [f"parquet/mart_coverage/mart_coverage_{y}_福建省.parquet" for y in (2019, 2020)]
    assert bi_rows(tmp_path / "two.duckdb", "mart_coverage") == sorted(
        con.execute("select * from marts.mart_coverage").fetchall(), key=repr)
    assert sorted(pl.read_parquet(tmp_path / "two" / "exports" / "parquet" / "mart_coverage" / "*.parquet").rows(),
                  key=repr) == sorted(con.execute("select * from marts.mart_coverage").fetchall(), key=repr)
    con.close()


def test_a_part_that_duckdb_wrote_in_several_files_is_published_as_one(tmp_path):
    con = duckdb.connect()
    pieces = [tmp_path / "p0.parquet", tmp_path / "p1.parquet"]
    for i, piece in enumerate(pieces):
        con.execute(f"copy (select {i} as n, '云南省' as province) to '{piece}' (format parquet)")
    _gather(con, pieces, tmp_path / "part.parquet")
    assert sorted(pl.read_parquet(tmp_path / "part.parquet").rows()) == [(0, "云南省"), (1, "云南省")]
    assert not any(piece.exists() for piece in pieces)
    with pytest.raises(RuntimeError, match="no rows were written for lost.parquet"):
        _gather(con, [], tmp_path / "lost.parquet")  # a part the mart holds must have rows
    con.close()


@pytest.mark.parametrize("count", [1, 3, FEW_PARTS + 1, 50])
def test_a_condition_on_parts_picks_the_rows_of_those_parts_and_no_others(count):
    """Column by column for a few parts, a semi-join for many: the same rows, NULL equal to NULL."""
    con = duckdb.connect()
    provinces = ["云南省", "it's", "None", None] + [f"p{i}" for i in range(30)]
    rows = [(year, province, i) for i, (year, province) in
            enumerate((y, p) for y in (2019, 2020, None) for p in provinces)]
    con.execute("create table t (report_year bigint, province varchar, n integer)")
    con.executemany("insert into t values (?, ?, ?)", rows)
    awkward = [(None, None), (2019, None), (None, "it's"), (2020, "None")]
    wanted = (awkward + [(y, p) for y, p, _ in rows if (y, p) not in awkward][::2])[:count]
    assert len(wanted) == count
    picked = con.execute(f"select n from t where {in_parts(('report_year', 'province'), wanted)} order by n").fetchall()
    assert [n for n, in picked] == [n for y, p, n in rows if (y, p) in wanted]
    assert con.execute(f"select count(*) from t where {in_parts(('report_year', 'province'), [])}").fetchall() == [(0,)]
    con.close()


def test_a_workbook_holds_its_year_from_every_province_file(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema marts")
    con.execute(f"create table marts.{SPREADSHEET_TABLE} as select * from (values ('龙田镇', 2019, '福建省'), "
                "('城关镇', 2019, '云南省'), ('海口镇', 2020, '云南省')) t(unit_name, report_year, province)")
    exports = write_exports(con, tmp_path / "exports")
    assert parquet_name(SPREADSHEET_TABLE, (2019, "云南省")) in exports.written
    with zipfile.ZipFile(tmp_path / "exports" / spreadsheet_name(2019)) as book:
        data = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "龙田镇" in data and "城关镇" in data and "海口镇" not in data and data.count("<row ") == 3
    con.close()


def test_a_table_that_mostly_changed_is_copied_whole(warehouse, tmp_path):
    first, second = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    write_bi_copy(warehouse, first)
    warehouse.execute("update marts.dim_year set report_year = report_year + 100 where report_year < 2020")
    stats = write_bi_copy(warehouse, second, previous=first)
    assert stats.copied == ["dim_year"] and stats.updated == [] and stats.rows_deleted == 0
    assert bi_rows(second, "dim_year") == sorted(warehouse.execute("select * from marts.dim_year").fetchall(), key=repr)


@pytest.mark.parametrize("before, after", [
    ([("a", 0), ("b", 0), ("c", 2)], [("a", 1), ("b", 1), ("c", 2)]),  # the last column changed alike in two rows
    ([("a", 0), ("a", 0), ("c", 2)], [("b", 1), ("b", 1), ("c", 2)]),  # repeated rows replaced by others
])
def test_changes_that_cancel_in_an_xor_of_row_hashes_are_published(tmp_path, before, after):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema marts")
    con.execute("create table marts.flags (k varchar, v integer)")
    con.executemany("insert into marts.flags values (?, ?)", before)
    write_bi_copy(con, tmp_path / "one.duckdb")
    write_exports(con, tmp_path / "one" / "exports")
    con.execute("delete from marts.flags")
    con.executemany("insert into marts.flags values (?, ?)", after)
    write_bi_copy(con, tmp_path / "two.duckdb", previous=tmp_path / "one.duckdb")
    exports = write_exports(con, tmp_path / "two" / "exports", previous=tmp_path / "one" / "exports")
    assert bi_rows(tmp_path / "two.duckdb", "flags") == sorted(after, key=repr)
    assert exports.written == ["parquet/flags.parquet"]
    con.close()


def test_a_copy_a_reader_added_to_is_written_anew(warehouse, tmp_path):
    first, second = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    write_bi_copy(warehouse, first)
    with duckdb.connect(str(first)) as bi:
        bi.execute("create view main.my_view as select 1 as x")
    stats = write_bi_copy(warehouse, second, previous=first)
    assert not stats.from_previous
    with duckdb.connect(str(second), read_only=True) as bi:
        assert bi.execute("select count(*) from duckdb_views() where not internal").fetchall() == [(0,)]
