"""The bundled reports built once: the README's questions answered by the marts, in today's
DuckDB and in old DuckDB releases installed from PyPI into a throwaway environment (the BI copy
must open in every client from 0.10 on), the exports, and the column documentation."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.cli import build
from orchestration.exports import EXPORTS_DIR, SPREADSHEET_TABLE, spreadsheet_name
from orchestration.publish_assets import BI_FILE
from tests.conftest import INBOX, ROOT

OLD_DUCKDB_RELEASES = ("0.10.3", "1.1.3")  # the oldest release that opens the copy, and the 1.1 line


def readme_questions() -> list[tuple[str, str]]:
    """(title, sql) of every question of the README section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Questions and the SQL that answers them", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"\*\*(\d+\..+?)\*\*\s*```sql\n(.+?)```", section, flags=re.S)


@pytest.fixture(scope="module")
def built(dbt_manifest, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("bundled") / "ogi.duckdb"
    result = build(INBOX, db)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return db


def answers(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_readme_asks_six_questions():
    assert len(readme_questions()) == 6


@pytest.mark.parametrize("number", range(6))
def test_each_question_is_answered_from_the_working_file_and_the_bi_copy(built, number):
    title, sql = readme_questions()[number]
    rows = answers(built, sql)
    assert rows, title
    assert answers(built.parent / "reports" / BI_FILE, sql) == rows


def test_answers_mean_what_the_questions_ask(built):
    q = [sql for _, sql in readme_questions()]
    late = answers(built, q[1])
    assert all(published > deadline and days == (published - deadline).days for _, _, published, deadline, days, _, _ in late)
    assert all(rule and basis for *_, rule, basis in late)
    missing = answers(built, q[2])
    (reported, listed), = {(r, n) for _, _, r, n in missing}
    assert len(missing) == listed - reported and reported >= 1
    # county totals are the sums of the townships' own numbers, never the county's report added in
    totals = answers(built, """
        select county_key, report_year, township_sum from marts.mart_county_year where measure_key = 'app.new_received'""")
    by_township = dict(((k, y), s) for k, y, s in answers(built, """
        select county_key, report_year, sum(applications_new) from marts.mart_township_year
        where unit_level = 'township' group by all"""))
    assert totals and all(s == by_township.get((k, y)) for k, y, s in totals)
    for *_, numerator, denominator, minimum, status, rate in answers(built, q[5]):
        assert (rate is not None) == (status == "ok")
        if status == "ok":
            assert denominator >= minimum and rate == pytest.approx(numerator / denominator, abs=1e-4)


def test_units_resolve_to_the_division_list(built):
    status = dict(answers(built, "select resolution_status, count(*) from marts.report_summary group by 1"))
    assert status.get("resolved", 0) > sum(status.values()) / 2
    # a resolved township's code is in the list and its county is the list's, whatever the text said
    wrong = answers(built, """
        select s.report_id from marts.report_summary as s
        join marts.dim_township as t on t.township_key = s.township_code
        where s.resolution_status = 'resolved' and (not t.in_list or t.county_code <> s.county_code)""")
    assert wrong == []


def test_every_mart_column_is_documented_in_the_bi_copy(built):
    undocumented = answers(built.parent / "reports" / BI_FILE, """
        select table_name, column_name from duckdb_columns()
        where schema_name = 'marts' and (comment is null or comment = '')""")
    assert undocumented == []
    tables = answers(built.parent / "reports" / BI_FILE, "select table_name, comment from duckdb_tables()")
    assert tables and all(comment.startswith("Grain") for _, comment in tables)


def test_exports_hold_every_mart_and_the_spreadsheet(built):
    exports = built.parent / "reports" / EXPORTS_DIR
    marts = [t for (t,) in answers(built, "select table_name from duckdb_tables() where schema_name = 'marts'")]
    for table in marts:  # a file, or a folder of one file per report year
        parquet = exports / "parquet" / f"{table}.parquet"
        parquet = parquet if parquet.exists() else exports / "parquet" / table / "*.parquet"
        assert pl.read_parquet(parquet).height == answers(built, f"select count(*) from marts.{table}")[0][0]
    csv = (exports / f"{SPREADSHEET_TABLE}.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbfunit_key,report_year,")  # BOM: Excel reads the Chinese
    frame = pl.read_csv(exports / f"{SPREADSHEET_TABLE}.csv")
    assert frame.height == answers(built, f"select count(*) from marts.{SPREADSHEET_TABLE}")[0][0]
    years = sorted(frame["report_year"].unique())
    assert sorted(p.name for p in (exports / "xlsx").iterdir()) == sorted(
        Path(spreadsheet_name(y)).name for y in years)  # one workbook per year
    first = frame.row(0, named=True)
    with zipfile.ZipFile(exports / spreadsheet_name(first["report_year"])) as xlsx:
        names = xlsx.namelist()
        strings = "".join(xlsx.read(n).decode("utf-8") for n in names if n.startswith("xl/worksheets/"))
    assert {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= set(names)
    assert first["unit_name"] in strings and "实质公开率" in strings  # data sheet and column descriptions


def _old_duckdb(version: str, folder: Path) -> Path:
    """A throwaway Python environment with duckdb==version from PyPI (uv when available)."""
    uv = shutil.which("uv") or (ROOT / ".tools" / "bin" / "uv")
    python = folder / "bin" / "python"
    if Path(uv).exists():
        subprocess.run([str(uv), "venv", "--quiet", "--python", sys.executable, str(folder)], check=True)
        subprocess.run([str(uv), "pip", "install", "--quiet", "--python", str(python), f"duckdb=={version}"],
                       check=True)
    else:
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"duckdb=={version}"], check=True)
    return python


_RUN_QUESTIONS = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {"version": duckdb.__version__,
       "answers": [[[str(v) for v in row] for row in con.execute(sql).fetchall()] for sql in json.loads(sys.argv[2])],
       "comments": con.execute("select count(*) from duckdb_columns() where schema_name = 'marts' and comment is not null").fetchall()[0][0]}
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.mark.parametrize("version", OLD_DUCKDB_RELEASES)
def test_old_duckdb_releases_open_the_bi_copy_and_answer_the_same(built, version, tmp_path):
    python = _old_duckdb(version, tmp_path / "venv")
    copy = built.parent / "reports" / BI_FILE
    questions = [sql for _, sql in readme_questions()]
    done = subprocess.run([str(python), "-c", _RUN_QUESTIONS, str(copy), json.dumps(questions)],
                          capture_output=True, text=True, check=True)
    old = json.loads(done.stdout)
    assert old["version"] == version
    assert old["answers"] == [[[str(v) for v in row] for row in answers(copy, sql)] for sql in questions]
    assert old["comments"] == answers(copy, "select count(*) from duckdb_columns() where schema_name = 'marts'")[0][0]


INCREMENTAL = ("int_measures", "int_report_measures", "int_report_values", "int_rollup_checks")


def _dbt(db: Path, *args: str) -> None:
    """`dbt run` on `db` (every model unless `args` select)."""
    env = {**os.environ, "OGI_WAREHOUSE": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = Path(sys.executable).with_name("dbt")
    done = subprocess.run([str(dbt), "run", "--quiet", *args], cwd=ROOT / "dbt_project", env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


BY_REPORT = ("--select", "int_report_fingerprints", "int_report_units", "int_report_groups", *INCREMENTAL)


def _replace_report(con: duckdb.DuckDBPyConnection, removed: str, copied: str) -> None:
    """Staging loses `removed` and gains 'new-report', a copy of `copied` as if from another file."""
    for table in ("reports", "sections", "table_cells", "narrative_facts", "unit_resolutions"):
        con.execute(f"delete from staging.{table} where report_id = ?", [removed])
        con.execute(f"insert into staging.{table} select * replace ('new-report' as report_id) "
                    f"from staging.{table} where report_id = ?", [copied])
    con.execute("update staging.reports set source_path = 'new/' || source_path where report_id = 'new-report'")


def _extracted_by_a_later_build(con: duckdb.DuckDBPyConnection, report_id: str) -> None:
    """Staging rows are written by one build, named on the report's row: a changed cell comes with
    a later build (int_report_fingerprints keeps the digest of rows of the same build)."""
    con.execute("update staging.reports set build_id = 'a-later-build' where report_id = ?", [report_id])


def _contents(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {m: sorted(con.execute(f"select * from int.{m}").fetchall(), key=repr)
                for m in INCREMENTAL}
    finally:
        con.close()


def test_a_reports_digest_is_computed_again_only_when_a_later_build_wrote_its_rows(built, tmp_path):
    """int_report_fingerprints keeps the digest of a report's staging rows while the build that
    wrote them is the same (hashing every report's text and cells took 0.5-1.5 s a run at 100,000)."""
    db = tmp_path / "ogi.duckdb"
    shutil.copy(built, db)
    fingerprints = "select report_id, fingerprint from int.int_report_fingerprints order by 1"
    before = answers(db, fingerprints)
    report = before[0][0]
    with duckdb.connect(str(db)) as con:
        con.execute("update staging.table_cells set raw_text = raw_text || '.' where report_id = ?", [report])
    _dbt(db, "--select", "int_report_fingerprints")
    assert answers(db, fingerprints) == before  # the same build's rows: not hashed again
    with duckdb.connect(str(db)) as con:
        _extracted_by_a_later_build(con, report)
    _dbt(db, "--select", "int_report_fingerprints")
    after = dict(answers(db, fingerprints))
    assert [r for r, f in before if after[r] != f] == [report]
    _dbt(db, "--select", "int_report_fingerprints", "--full-refresh")
    assert dict(answers(db, fingerprints)) == after


def test_incremental_models_rebuild_exactly_the_reports_that_changed(built, tmp_path):
    db = tmp_path / "ogi.duckdb"
    shutil.copy(built, db)
    con = duckdb.connect(str(db))
    reports = [r for (r,) in con.execute(
        "select distinct report_id from staging.table_cells where table_code = 't3' order by 1").fetchall()]
    removed, changed, untouched, copied = reports[:4]
    # a marker on a report nothing changes: a rerun must not rebuild it (the marker is then undone)
    original = con.execute("select measure_id, provenance_text from int.int_measures where report_id = ?",
                           [untouched]).fetchall()
    con.execute("update int.int_measures set provenance_text = 'marker' where report_id = ?", [untouched])
    con.close()
    _dbt(db, *BY_REPORT)
    assert answers(db, f"select count(*) from int.int_measures where provenance_text = 'marker' "
                       f"and report_id = '{untouched}'")[0][0] == len(original)
    con = duckdb.connect(str(db))
    con.executemany("update int.int_measures set provenance_text = ? where measure_id = ?",
                    [(text, measure_id) for measure_id, text in original])
    _replace_report(con, removed, copied)
    # a re-extraction that reads one cell differently, under the same report id (by a later build)
    con.execute("update staging.table_cells set value_num = value_num + 1 where report_id = ? and table_code = 't3' "
                "and row_code = 'new_received' and col_code = 'all' and value_num is not null", [changed])
    _extracted_by_a_later_build(con, changed)
    con.execute("update int.int_measures set provenance_text = 'marker' where report_id = ?", [changed])
    con.close()
    _dbt(db, *BY_REPORT)
    incremental = _contents(db)
    assert all(removed not in repr(rows) for rows in incremental.values())
    assert any("new-report" in repr(rows) for rows in incremental.values())
    assert answers(db, f"select count(*) from int.int_measures where provenance_text = 'marker' "
                       f"and report_id = '{changed}'")[0][0] == 0
    full = tmp_path / "full.duckdb"
    shutil.copy(db, full)
    _dbt(full, *BY_REPORT, "--full-refresh")
    assert _contents(full) == incremental


def _every_model(db: Path) -> dict[str, list[tuple]]:
    """The rows of every int and marts table, and of the records of what each model was built from
    (fingerprints and the rows a run rebuilt aside), sorted."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("select schema_name, table_name from duckdb_tables() where schema_name in ('int', 'marts') "
                             "and table_name not like '%\\_\\_rows\\_rebuilt' escape '\\' order by all").fetchall()
        contents = {}
        for schema, table in tables:
            columns = [c for (c,) in con.execute("select column_name from duckdb_columns() where schema_name = ? "
                                                 "and table_name = ? and column_name <> 'fingerprint' order by column_index",
                                                 [schema, table]).fetchall()]
            select = ", ".join(f'"{c}"' for c in columns)
            contents[f"{schema}.{table}"] = sorted(con.execute(f"select {select} from {schema}.{table}").fetchall(), key=repr)
        return contents
    finally:
        con.close()


def test_models_rebuilt_by_unit_or_county_end_as_a_full_build_would(built, tmp_path):
    """A report removed, one changed, one added and one moved to another unit and county: the
    models incremental by group rebuild those groups only, and end with the rows of a full build."""
    db = tmp_path / "ogi.duckdb"
    shutil.copy(built, db)
    con = duckdb.connect(str(db))
    # units that reported in several years: their reports' cross-year rows depend on each other
    multi_year = [r for (r,) in con.execute(
        "select report_id from int.int_report_units where unit_key in (select unit_key from int.int_report_units "
        "where unit_key is not null group by unit_key having count(distinct report_year) > 1) "
        "and county_code is not null order by unit_key, report_year, report_id").fetchall()]
    assert len(multi_year) >= 6
    removed, changed, moved = multi_year[0], multi_year[2], multi_year[-1]
    copied = con.execute("select report_id from int.int_report_units where unit_level = 'township' "
                         "and report_id not in (?, ?, ?) order by report_id limit 1", [removed, changed, moved]).fetchall()[0][0]
    untouched = con.execute(
        "select county_key from int.int_report_units group by county_key having count(*) filter "
        "(where report_id in (?, ?, ?, ?)) = 0 and bool_and(county_code is not null) order by county_key limit 1",
        [removed, changed, moved, copied]).fetchall()[0][0]
    original = con.execute("select township, county_key, township_key, report_year from marts.mart_coverage "
                           "where county_key = ?", [untouched]).fetchall()
    marked = con.execute("update marts.mart_coverage set township = 'marker' where county_key = ?",
                         [untouched]).fetchall()[0][0]
    assert marked > 0
    con.close()
    _dbt(db)  # the first run records what each model was built from
    con = duckdb.connect(str(db))
    assert con.execute("select count(*) from marts.mart_coverage where township = 'marker'").fetchall()[0][0] == marked
    _replace_report(con, removed, copied)
    con.execute("update staging.table_cells set value_num = value_num + 1 where report_id = ? "
                "and value_num is not null", [changed])
    _extracted_by_a_later_build(con, changed)
    # another unit and county: the groups the report left and the ones it joined are rebuilt
    con.execute("update staging.unit_resolutions as u set township_code = o.township_code, county_code = o.county_code "
                "from staging.unit_resolutions as o where o.report_id = ? and u.report_id = ?", [copied, moved])
    con.close()
    _dbt(db)
    assert answers(db, "select count(*) from marts.mart_coverage where township = 'marker'")[0][0] == marked
    con = duckdb.connect(str(db))
    con.executemany("update marts.mart_coverage set township = ? where county_key = ? and township_key = ? "
                    "and report_year = ?", original)
    con.close()
    full = tmp_path / "full.duckdb"
    shutil.copy(db, full)
    _dbt(full, "--full-refresh")
    incremental, rebuilt = _every_model(db), _every_model(full)
    assert incremental.keys() == rebuilt.keys()
    different = [table for table in rebuilt if incremental[table] != rebuilt[table]]
    assert not different


def _build_with_tests(db: Path, model: str, target: Path) -> tuple[subprocess.CompletedProcess, dict[str, int]]:
    """`dbt build` of `model` and what it depends on, tests included: the run, and the failures
    of each test that failed."""
    env = {**os.environ, "OGI_WAREHOUSE": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run([str(Path(sys.executable).with_name("dbt")), "build", "--quiet", "--select",
                           f"+{model}", "--exclude-resource-type", "unit_test", "--target-path", str(target)],
                          cwd=ROOT / "dbt_project", env=env, capture_output=True, text=True)
    results = json.loads((target / "run_results.json").read_text())["results"]
    return done, {r["unique_id"].split(".")[2]: r["failures"] for r in results if r["status"] == "fail"}


def test_tests_of_a_model_built_by_group_check_the_rows_the_run_rebuilt(built, tmp_path):
    """A bad row of a rebuilt report fails the model's test; a row no run rebuilt is not read
    again (the run that built it checked it)."""
    db = tmp_path / "ogi.duckdb"
    shutil.copy(built, db)
    con = duckdb.connect(str(db))
    cell = con.execute(
        "select report_id, table_code, row_code, col_code from staging.table_cells where measure_key = 'app.new_received' "
        "and applicant_type = 'all' and value_num > 0 order by all limit 1").fetchall()[0]
    changed = cell[0]
    untouched = con.execute("select min(report_id) from marts.fct_applications where value > 0 and report_id <> ?",
                            [changed]).fetchall()[0][0]
    con.execute("update marts.fct_applications set value = -5 where report_id = ? and value > 0",
                [untouched])  # not rebuilt by the run below
    con.execute("update staging.table_cells set value_num = -3 where report_id = ? and table_code = ? and row_code = ? "
                "and col_code = ?", list(cell))  # a pipeline bug
    _extracted_by_a_later_build(con, changed)
    con.close()
    done, failed = _build_with_tests(db, "fct_applications", tmp_path)
    negative = dict(answers(db, "select report_id, count(*) from marts.fct_applications where value < 0 group by 1"))
    assert done.returncode != 0 and failed == {"non_negative_fct_applications_value": negative[changed]}
    assert negative.keys() == {changed, untouched}


def test_a_unique_test_of_another_key_reads_the_rows_that_share_a_key_with_a_rebuilt_row(built, tmp_path):
    """int_measures is built by report but keyed by measure_id: a row of another report that holds
    the id of a rebuilt report's measure fails the test; a repeat among rows no run rebuilt is not
    read again (the run that built them checked them)."""
    db = tmp_path / "ogi.duckdb"
    shutil.copy(built, db)
    con = duckdb.connect(str(db))
    changed, taken = con.execute("select report_id, measure_id from int.int_measures where source = 'table' "
                                 "order by report_id, measure_id limit 1").fetchall()[0]
    other, repeated_id = con.execute("select report_id, min(measure_id) from int.int_measures where report_id <> ? "
                                     "group by 1 having count(*) > 1 order by 1 limit 1", [changed]).fetchall()[0]
    # rows no run below rebuilds: one takes the rebuilt report's id, one is repeated
    con.execute("update int.int_measures set measure_id = ? where report_id = ? and measure_id = "
                "(select max(measure_id) from int.int_measures where report_id = ?)", [taken, other, other])
    con.execute("insert into int.int_measures select * from int.int_measures where measure_id = ?", [repeated_id])
    con.execute("update staging.table_cells set value_num = value_num + 1 where report_id = ? "
                "and value_num is not null", [changed])
    _extracted_by_a_later_build(con, changed)
    con.close()
    done, failed = _build_with_tests(db, "int_measures", tmp_path)
    repeated = answers(db, "select measure_id from int.int_measures group by 1 having count(*) > 1 order by 1")
    assert done.returncode != 0 and failed == {"unique_int_measures_measure_id": 1}
    assert sorted(repeated) == sorted([(taken,), (repeated_id,)])


def test_the_report_summary_suite_validates_the_summaries_dbt_rebuilt(built, tmp_path):
    from orchestration.checks import run_suite
    from orchestration.resources import Warehouse

    db = tmp_path / "ogi.duckdb"
    shutil.copy(built, db)
    con = duckdb.connect(str(db))
    removed, copied = (r for (r,) in con.execute("select report_id from marts.report_summary order by 1 limit 2").fetchall())
    _replace_report(con, removed, copied)
    con.close()
    _dbt(db)
    later = Warehouse(path=str(db), build_id="later", locked=True)
    stored = "select rows_validated, scope from quality.ge_results where dataset = 'marts.report_summary' limit 1"
    assert run_suite(later, "marts.report_summary").passed
    rebuilt = answers(db, "select count(*) from marts.report_summary where report_id in "
                          "(select report_id from int.report_summary__rows_rebuilt)")[0][0]
    assert 1 <= rebuilt < answers(db, "select count(*) from marts.report_summary")[0][0]
    assert answers(db, stored) == [(rebuilt, "rows written by this build")]
    with duckdb.connect(str(db)) as con:
        con.execute("drop table int.report_summary__rows_rebuilt")  # a warehouse built before it was kept
    assert run_suite(later, "marts.report_summary").passed
    assert answers(db, stored) == [(answers(db, "select count(*) from marts.report_summary")[0][0], "all rows")]


def test_a_new_test_changes_the_code_version_so_it_reads_every_row(tmp_path):
    """Tests of a model built by group read the rows a run rebuilt: a test added to the project
    changes every report's fingerprint (code_version), so its first run rebuilds and reads all."""
    project = tmp_path / "dbt_project"
    shutil.copytree(ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    shutil.copytree(ROOT / "extract/data/vocabulary", tmp_path / "extract/data/vocabulary")  # seed-paths
    env = {**os.environ, "OGI_WAREHOUSE": str(tmp_path / "w.duckdb"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}

    def code_version() -> str:
        done = subprocess.run([str(Path(sys.executable).with_name("dbt")), "compile", "--quiet", "--inline",
                               "select '{{ code_version() }}' as v", "--target-path", str(tmp_path / "target")],
                              cwd=project, env=env, capture_output=True, text=True)
        return re.search(r"select '(\w+)' as v", done.stdout).group(1)

    before = code_version()
    (project / "tests" / "no_report_from_the_future.sql").write_text(
        "select report_id from {{ ref('report_summary') }} where report_year > 2100\n")
    assert code_version() != before
