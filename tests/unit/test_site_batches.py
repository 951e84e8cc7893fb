"""A batch of report pages reads the span of rows its reports take in each table, and no fewer."""
import duckdb

from orchestration.report_site.data import DETAIL_RELATIONS, _batch_rows, batch_row_ranges


def test_a_batch_reads_the_rows_its_reports_span_in_each_table():
    con = duckdb.connect()
    con.execute("create schema staging")
    con.execute("create table staging.table_cells (report_id varchar, n integer)")
    # written report by report, b's rows after a's; d has no cells
    con.executemany("insert into staging.table_cells values (?, ?)",
                    [("a", 1), ("a", 2), ("b", 3), ("c", 4), ("c", 5), ("a", 6)])
    ranges = batch_row_ranges(con, {"staging.table_cells"}, [["a", "b"], ["c"], ["d"]])
    assert [r["staging.table_cells"] for r in ranges] == [(0, 5), (3, 4), None]
    assert all(set(r) == set(DETAIL_RELATIONS) for r in ranges)

    for batch, rows in zip([["a", "b"], ["c"], ["d"]], ranges, strict=True):
        con.execute("create or replace temp table batch_ids as select unnest(?::varchar[]) as report_id", [batch])
        picked = con.execute(f"select n from staging.table_cells where {_batch_rows(rows)('staging.table_cells')} "
                             "order by n").fetchall()
        wanted = con.execute("select n from staging.table_cells where report_id in (select * from batch_ids) "
                             "order by n").fetchall()
        assert picked == wanted
    assert _batch_rows(None)("staging.table_cells") == "report_id in (select report_id from batch_ids)"
    con.close()
