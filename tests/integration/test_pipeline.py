"""The whole path on real reports: Dagster materializes raw → staging → dbt → checks → published
copy, on a throwaway warehouse built from a handful of corpus files and a few bad ones."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import build, main
from tests.conftest import INBOX, ROOT, load_labels

# A handful of real reports: one of every template, pipes, glued cells, a legacy Fujian table.
SAMPLE = [
    "seeds/000_1dca4cfee90bd929.txt",       # narrative with OCR debris
    "seeds/003_60f2b87b7f23535f.txt",       # legacy 统计指标 table
    "excerpts/c024.txt",                    # 2019 form in pipes, on a 2023 report
    "excerpts2/n004.txt",                   # 2021 outline cut before its tables, a 苏木 under a 旗
    "pingtan/2011_pingtan_zone.txt",        # Fujian legacy table with 历年累计
    "pingtan/2019_pingtan_zone.txt",        # 2019 form, glued cells
    "pingtan/2021_pingtan_zone.txt",        # 2021 form, glued cells
]
SUMMARY_FIELDS = [
    "unit_name", "unit_type", "county", "report_year", "template", "publish_date", "published_total",
    "normative_docs_issued", "normative_docs_in_force", "licensing_decisions", "punishment_decisions",
    "applications_new", "applications_carried_over", "applications_granted", "reconsideration_total",
    "litigation_total",
]
TEMPLATE_CODES = {"legacy_narrative": "narrative", "legacy_stat_table": "legacy_table",
                  "gazette_2019": "form_2019", "gazette_2021": "form_2021"}


def make_input(folder: Path) -> Path:
    for rel in SAMPLE:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(INBOX / rel, folder / rel)
    # Encodings: the same kind of report saved as GB18030 and as UTF-16 (real texts, not copies).
    (folder / "gbk").mkdir()
    text = (INBOX / "seeds/004_e0b566ca95aed737.txt").read_text(encoding="utf-8").replace("\xa0", " ")
    (folder / "gbk/004_e0b566ca95aed737.txt").write_bytes(text.encode("gb18030"))
    text = (INBOX / "excerpts/a020.txt").read_text(encoding="utf-8")
    (folder / "gbk/a020.txt").write_bytes(text.encode("utf-16"))
    # Bad input: each is recorded with a reason and the run goes on.
    (folder / "bad").mkdir()
    (folder / "bad/empty.txt").write_bytes(b"")
    (folder / "bad/scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "reposted").mkdir()
    (folder / "reposted/2021_pingtan_zone.txt").write_bytes((INBOX / "pingtan/2021_pingtan_zone.txt").read_bytes())
    return folder


def row_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("select schema_name, table_name from duckdb_tables() order by 1, 2").fetchall()
        return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in tables}
    finally:
        con.close()


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def input_dir(tmp_path_factory) -> Path:
    return make_input(tmp_path_factory.mktemp("inbox"))


@pytest.fixture(scope="module")
def warehouse(input_dir, dbt_manifest, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("warehouse") / "ogi.duckdb"
    result = build(input_dir, db)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return db


def test_every_file_is_recorded_and_bad_ones_say_why(warehouse, input_dir):
    rows = dict((p, (s, r)) for p, s, r in query(warehouse, "select source_path, status, reason from raw.raw_reports"))
    files = sorted(p.relative_to(input_dir).as_posix() for p in input_dir.rglob("*") if p.is_file())
    assert sorted(rows) == files
    assert rows["bad/empty.txt"][1].startswith("empty file")
    assert rows["bad/scan.png"][1].startswith("unsupported format: a PNG image")
    assert rows["reposted/2021_pingtan_zone.txt"] == ("quarantined", "duplicate: same report as pingtan/2021_pingtan_zone.txt")
    assert {p for p, (s, _) in rows.items() if s == "ok"} == set(SAMPLE) | {"gbk/004_e0b566ca95aed737.txt", "gbk/a020.txt"}
    encodings = dict(query(warehouse, "select source_path, encoding from raw.raw_reports where source_path like 'gbk/%'"))
    assert encodings == {"gbk/004_e0b566ca95aed737.txt": "gb18030", "gbk/a020.txt": "utf-16"}


def test_report_summary_matches_the_labels(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute("select * from marts.report_summary")
        names = [d[0] for d in cur.description]
        rows = {Path(r[names.index("source_path")]).stem: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
    finally:
        con.close()
    assert len(rows) == len(SAMPLE) + 2  # one row per distinct report
    stated = correct = invented = 0
    for label in load_labels():
        if label["id"] not in rows:
            continue
        row = rows[label["id"]]
        assert row["template"] == TEMPLATE_CODES[label["template"]], label["id"]
        assert row["report_year"] == label["report_year"], label["id"]
        for field in SUMMARY_FIELDS:
            if field in label.get("ambiguous", []):
                continue
            want, got = label[field], row[field]
            if field == "publish_date" and got is not None:
                got = got.isoformat()
            if want is None:
                invented += got is not None
                continue
            stated += 1
            correct += got == want or (field == "county" and got in label.get("county_alternatives", []))
    assert stated > 60
    assert correct / stated >= 0.85, f"{correct}/{stated}"
    assert invented == 0


def test_in_process_summary_agrees_with_the_warehouse(warehouse, input_dir):
    """tests/support/summary.py (used to score thousands of variants without a build) gives the
    same 16 fields as marts.report_summary."""
    from extract.intake import read_input
    from extract.report import extract_report
    from tests.support.summary import FIELDS, summary

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute("select * from marts.report_summary")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    assert rows
    for row in rows:
        mine = summary(extract_report(read_input((input_dir / row["source_path"]).read_bytes()).text))
        theirs = {f: row[f].isoformat() if f == "publish_date" and row[f] else row[f] for f in FIELDS}
        assert mine == theirs, row["source_path"]


def test_checks_ran_passed_and_were_stored(warehouse):
    outcomes = query(warehouse, "select dataset, bool_and(success), count(*) from quality.ge_results group by 1 order by 1")
    assert [d for d, _, _ in outcomes] == [
        "marts.report_summary", "raw.raw_reports", "staging.narrative_facts", "staging.reports", "staging.table_cells"]
    assert all(ok for _, ok, _ in outcomes), outcomes


def test_facts_keep_their_provenance(warehouse):
    cells = query(warehouse, """
        select c.raw_text, substr(r.clean_text, c.start_offset + 1, c.end_offset - c.start_offset)
        from staging.table_cells c join staging.reports r using (report_id)""")
    assert cells and all(raw == sliced for raw, sliced in cells)
    facts = query(warehouse, """
        select f.snippet, substr(r.clean_text, f.start_offset + 1, f.end_offset - f.start_offset)
        from staging.narrative_facts f join staging.reports r using (report_id)""")
    assert facts and all(number in snippet for snippet, number in facts)


def test_published_copy_and_quality_report(warehouse):
    reports = warehouse.parent / "reports"
    html = (reports / "quality" / "index.html").read_text(encoding="utf-8")
    assert "Files not read" in html and "bad/empty.txt" in html
    copy = duckdb.connect(str(reports / "ogi_marts.duckdb"), read_only=True)
    try:
        assert copy.execute("select count(*) from marts.report_summary").fetchone()[0] == len(SAMPLE) + 2
    finally:
        copy.close()


def test_dbt_builds_alone_against_the_same_warehouse(warehouse, tmp_path):
    """`dbt build` as a developer runs it, with dbt's unit tests of the models' SQL, which `ogi
    build` leaves out (orchestration/dbt_assets.BUILD_ARGS): they run here."""
    env = {**os.environ, "OGI_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = Path(sys.executable).with_name("dbt")
    done = subprocess.run([str(dbt), "build", "--quiet", "--target-path", str(tmp_path)], cwd=ROOT / "dbt_project",
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    ran = {r["unique_id"] for r in json.loads((tmp_path / "run_results.json").read_text())["results"]}
    unit_tests = set(json.loads((tmp_path / "manifest.json").read_text())["unit_tests"])
    assert unit_tests and unit_tests <= ran


def test_rerun_changes_no_row_count(warehouse, input_dir, capsys):
    before = row_counts(warehouse)
    assert main(["build", "--input", str(input_dir), "--warehouse", str(warehouse)]) == 0
    assert row_counts(warehouse) == before
    printed = capsys.readouterr().out
    # the sample, two more encodings, three bad files (quarantined)
    for line_start in (f"files read: {len(SAMPLE) + 5}", "quarantined: 3", f"reports: {len(SAMPLE) + 2}", "facts:",
                       "findings:", "warehouse:", "data-quality report:"):
        assert line_start in printed


def test_a_build_validates_the_raw_rows_it_wrote_and_any_row_sharing_their_path(warehouse, input_dir, tmp_path):
    """The raw suite of a later build reads only the files it read (and rows changed after the
    last check), plus every row with the same path: a repeated path is still found."""
    from orchestration.checks import run_suite
    from orchestration.ingestion import ingest_files
    from orchestration.resources import Warehouse

    db, more = tmp_path / "ogi.duckdb", input_dir / "more"
    shutil.copy(warehouse, db)
    more.mkdir()  # in the same folder: a copy of the folder would be new files (inode, ctime)
    try:
        shutil.copy(INBOX / "excerpts/a020.txt", more / "a020_again.txt")
        later = Warehouse(path=str(db), input_dir=str(input_dir), build_id="later", locked=True)
        ingest_files(later)
    finally:
        shutil.rmtree(more)
    stored = "select rows_validated, scope from quality.ge_results where dataset = 'raw.raw_reports' limit 1"
    assert run_suite(later, "raw.raw_reports").passed
    assert query(db, stored) == [(1, "rows written by this build")]

    con = duckdb.connect(str(db))
    con.execute("update raw.raw_reports set build_id = null where source_path = 'bad/empty.txt'")  # changed after a check
    con.execute("insert into raw.raw_reports select * replace ('later' as build_id) from raw.raw_reports "
                "where source_path = 'gbk/a020.txt'")  # a pipeline bug: a path twice
    con.close()
    outcome = run_suite(later, "raw.raw_reports")
    assert query(db, stored) == [(4, "rows written by this build")]
    assert not outcome.passed and "expect_column_values_to_be_unique(source_path): 2 unexpected" in \
        outcome.metadata["failed"].value
