"""With the coverage marts (issue 8) in the warehouse, the site shows missing townships; without
them it says what is missing and shows the reports received (the browser tests cover that)."""
from __future__ import annotations

import shutil

import duckdb

from orchestration.report_site import write_site


def test_coverage_and_township_marts_are_used_when_present(cli_build, tmp_path):
    warehouse = tmp_path / "ogi.duckdb"
    shutil.copy(cli_build["warehouse"], warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("""create table marts.mart_coverage as
            select county, report_year, 3 as expected, count(*) as reported, 3 - count(*) as missing,
                   0 as late
            from marts.report_summary where county is not null group by all""")
        con.execute("""create table marts.mart_township_year as
            select county, township, report_year from (values ('鄂温克族自治旗', '红花尔基镇', 2018))
                as t(county, township, report_year)""")
    finally:
        con.close()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        site = write_site(con, tmp_path / "site")
    finally:
        con.close()
    overview = site.index.read_text(encoding="utf-8")
    assert "From marts.mart_coverage" in overview and "<th>missing</th>" in overview
    assert "chart-coverage" in overview
    county = next(p for p in (tmp_path / "site" / "counties").iterdir()
                  if "鄂温克族自治旗" in p.read_text(encoding="utf-8"))
    text = county.read_text(encoding="utf-8")
    # the township that never reported is a row of the grid, missing every year
    assert "红花尔基镇 2018: missing" in text and "红花尔基镇 2019: missing" in text
