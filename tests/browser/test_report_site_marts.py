"""With the coverage marts (issue 8) in the warehouse, the site shows missing townships; without
them it says what is missing and shows the reports received (the browser tests cover that).
The CLI build has them: the test reads a missing township from marts.mart_coverage itself."""
from __future__ import annotations

import duckdb

from orchestration.report_site import write_site


def test_coverage_and_township_marts_are_used_when_present(cli_build, tmp_path):
    con = duckdb.connect(str(cli_build["warehouse"]), read_only=True)
    try:
        # a township the division list gives a county in the input, with no report for a year
        county, township, year = con.execute("""
            select county, township, report_year from marts.mart_coverage
            where in_list and not is_reported and county = '鄂温克族自治旗' order by township_code, report_year
            limit 1""").fetchall()[0]
        site = write_site(con, tmp_path / "site")
    finally:
        con.close()
    overview = site.index.read_text(encoding="utf-8")
    assert "From marts.mart_coverage" in overview and "<th>missing</th>" in overview
    assert "chart-coverage" in overview
    page = next(p for p in (tmp_path / "site" / "counties").iterdir()
                if f"<h1>{county}</h1>" in p.read_text(encoding="utf-8"))
    # the township that never reported is a row of the grid, missing that year
    assert f"{township} {year}: missing" in page.read_text(encoding="utf-8")


def test_report_pages_rendered_by_a_pool_equal_those_rendered_in_process(cli_build, tmp_path, monkeypatch):
    """Large sites render report pages in worker processes that open the warehouse read-only, a
    batch of reports reading the rows its reports span; the pages must be the same bytes as those
    rendered in the build's own process. Publishing's other
    thread is waited for before the processes start (others), and only then."""
    from orchestration.report_site import build as site_build

    waits = []

    def render(folder, parallel_from, batch=site_build.site_data.DETAIL_BATCH):
        monkeypatch.setattr(site_build, "PARALLEL_FROM", parallel_from)
        monkeypatch.setattr(site_build.site_data, "DETAIL_BATCH", batch)
        monkeypatch.setattr(site_build, "default_workers", lambda: 2)
        con = duckdb.connect(str(cli_build["warehouse"]), read_only=True)
        try:
            assert site_build._database_file(con)   # the pool can open it: the pooled path is taken
            write_site(con, folder, others=lambda: waits.append(parallel_from))
            reports = con.execute("select count(*) from marts.report_summary").fetchone()[0]
        finally:
            con.close()
        pages = {p.name: p.read_bytes() for p in (folder / "reports").iterdir()}
        assert len(pages) == reports
        return pages

    serial = render(tmp_path / "serial", 10**9)
    pooled = render(tmp_path / "pooled", 1, batch=7)  # many batches, each reading its span of rows
    assert len(serial) > 1
    assert pooled == serial
    assert waits == [1]


def test_a_county_page_is_rendered_again_when_its_townships_change_and_only_it(cli_build, tmp_path):
    import shutil

    db = tmp_path / "ogi.duckdb"
    shutil.copy(cli_build["warehouse"], db)
    with duckdb.connect(str(db), read_only=True) as con:
        write_site(con, tmp_path / "one")
    with duckdb.connect(str(db)) as con:
        con.execute("""insert into marts.mart_coverage select * replace ('新添镇' as township)
                       from marts.mart_coverage where county = '鄂温克族自治旗' limit 1""")
    with duckdb.connect(str(db), read_only=True) as con:
        site = write_site(con, tmp_path / "two", previous=tmp_path / "one")
    changed = [p.name for p in (tmp_path / "two" / "counties").iterdir()
               if p.read_bytes() != (tmp_path / "one" / "counties" / p.name).read_bytes()]
    assert len(changed) == 1 and "新添镇" in (tmp_path / "two" / "counties" / changed[0]).read_text(encoding="utf-8")
    assert site.rendered == 3  # the overview, the index of reports and that county's page
