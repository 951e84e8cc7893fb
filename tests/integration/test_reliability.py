"""Reliability on real builds: a battery of bad inputs never stops a build and every path is
accounted for; a build killed (SIGKILL) at each stage leaves the published state exactly as it
was, and the next build ends identical to a clean one; two builds at once, and a process holding
the warehouse, get one clear sentence at once."""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.build import BuildPaths, run_build
from tests.conftest import INBOX, ROOT

SETTINGS = {"max_file_bytes": 200_000, "report_timeout_s": 2.0}
ENV = {**os.environ, "OGI_MAX_FILE_BYTES": "200000", "OGI_REPORT_TIMEOUT_S": "2.0",
       "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "GX_ANALYTICS_ENABLED": "False"}
GOOD = ["pingtan/2019_pingtan_zone.txt", "pingtan/2021_pingtan_zone.txt", "excerpts/c024.txt",
        "seeds/003_60f2b87b7f23535f.txt"]
SPAM = ["澳门金沙娱乐城 真人百家乐 开户送彩金 www.js888.com", "体育投注 足球投注 官网注册送38元"]


def text(rel: str) -> str:
    return (INBOX / rel).read_text(encoding="utf-8")


def make_battery(folder: Path) -> dict[str, str | set]:
    """Real reports and every kind of bad input; returns path -> the reason code expected
    (None: ok; a set: any of these outcomes)."""
    expected: dict[str, str | set | None] = {}

    def put(rel: str, data: bytes, code=None):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
        expected[rel] = code

    for rel in GOOD:
        put(f"good/{rel}", (INBOX / rel).read_bytes())
    seed = text("seeds/004_e0b566ca95aed737.txt").replace("\xa0", " ")
    put("enc/gb18030.txt", seed.encode("gb18030"))
    put("enc/utf16.txt", text("excerpts/a020.txt").encode("utf-16"))
    damaged = bytearray(text("excerpts/b020.txt").encode())
    damaged[300] = 0xFF
    put("enc/damaged_utf8.txt", bytes(damaged))
    put("bad/empty.txt", b"", "EMPTY")
    put("bad/white_space.txt", "\u3000 \n\t\n".encode(), "EMPTY")
    put("bad/scan.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "UNSUPPORTED_FORMAT")
    put("bad/damaged.pdf", b"%PDF-1.7\n" + os.urandom(2000), "UNSUPPORTED_FORMAT")
    put("bad/random.bin", os.urandom(4096), {"BINARY", "UNDECODABLE", "NOT_A_REPORT", "UNSUPPORTED_FORMAT"})
    put("bad/english.txt", b"minutes of a meeting about road works " * 40, "NOT_A_REPORT")
    put("bad/year_2006.txt", text("pingtan/2020_pingtan_zone.txt").replace("2020", "2006").replace("2021", "2007")
        .encode(), "IMPLAUSIBLE_YEAR")
    put("bad/image_only.txt", "[image: 政府信息公开工作年度报告.jpg]\nxk3 dfj qpz\nlorem ipsum ab\n".encode(),
        "EMPTY_CLEAN_TEXT")
    put("bad/three_glued.txt", "\n".join(text(f"pingtan/{y}_pingtan_zone.txt") for y in (2016, 2017, 2018))
        .encode(), "SEVERAL_REPORTS")
    put("bad/huge.txt", text("pingtan/2015_pingtan_zone.txt").encode() * 30, "TOO_LARGE")
    # a glued-digit bomb in table 3: extracted fast, or stopped at the time bound
    put("bad/glued_digit_bomb.txt", text("pingtan/2022_pingtan_zone.txt").replace(
        "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量" + "1" * 40 + "x", 1).encode(),
        {None, "TIMEOUT"})
    lines = text("seeds/002_889672adc75fe0f6.txt").split("\n")
    for i, spam in enumerate(SPAM):
        lines.insert(3 + 5 * i, spam)
    put("bad/spam_injected.txt", "\n".join(lines).encode())
    put(".DS_Store", b"\x00\x00\x00\x01Bud1", "HIDDEN")
    put(".cache/x.txt", text("excerpts/a021.txt").encode(), "HIDDEN")
    (folder / "bad/broken_link.txt").symlink_to(folder / "nowhere.txt")
    expected["bad/broken_link.txt"] = "BROKEN_SYMLINK"
    (folder / "bad/link_to_folder").symlink_to(folder / "good")
    expected["bad/link_to_folder"] = "SYMLINK_TO_FOLDER"
    # the same report twice: the newer copy (alphabetically first) is the duplicate
    put("dup/a_newer_copy.txt", (INBOX / "excerpts/c021.txt").read_bytes(), "DUPLICATE")
    put("dup/z_older_copy.txt", (INBOX / "excerpts/c021.txt").read_bytes())
    os.utime(folder / "dup/a_newer_copy.txt", (1_800_000_000, 1_800_000_000))
    os.utime(folder / "dup/z_older_copy.txt", (1_600_000_000, 1_600_000_000))
    return expected


# A process that opens the warehouse (read-only 'r' or for writing 'w'), says how many files it
# holds, and keeps it open.
HOLD = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'r'); "
        "print(c.execute('select count(*) from raw.raw_reports').fetchall()[0][0], flush=True); time.sleep(120)")


def find_paths(folder: Path) -> int:
    out = subprocess.run(["find", str(folder), "-mindepth", "1", "!", "-type", "d"], capture_output=True, text=True)
    return len(out.stdout.splitlines())


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def published_state(db: Path) -> dict[str, str | None]:
    reports = db.parent / "reports"
    return {"warehouse": digest(db), "bi_copy": digest(reports / "ogi_marts.duckdb"),
            "report": digest(reports / "quality" / "index.html"),
            "report_manifest": digest(reports / "quality" / ".pages.parquet")}


def table_rows(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in ("raw.raw_reports", "staging.reports", "staging.sections", "staging.table_cells",
                      "staging.narrative_facts", "staging.unit_resolutions", "marts.report_summary",
                      "marts.quality_findings"):
            columns = [c for (c,) in con.execute(f"select column_name from (describe {table})").fetchall()
                       if c != "build_id"]
            out[table] = con.execute(f"select {', '.join(columns)} from {table} order by all").fetchall()
        return out
    finally:
        con.close()


def ogi_build(input_dir: Path, db: Path, failpoint: str | None = None, marker: Path | None = None,
              **kw) -> subprocess.Popen:
    env = {**ENV, **({"OGI_FAILPOINT": failpoint} if failpoint else {}),
           **({"OGI_FAILPOINT_MARKER": str(marker)} if marker else {})}
    return subprocess.Popen([sys.executable, "-m", "orchestration.cli", "build", "--input", str(input_dir),
                             "--warehouse", str(db)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True, **kw)


def finish(proc: subprocess.Popen, timeout: float = 240) -> tuple[int, str]:
    try:
        out, _ = proc.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # dbt or workers the killed build left behind
    return proc.returncode, out


@pytest.fixture(scope="module")
def battery(tmp_path_factory, dbt_manifest):
    folder = tmp_path_factory.mktemp("battery")
    expected = make_battery(folder)
    db = tmp_path_factory.mktemp("clean") / "it's here" / "ogi.duckdb"  # paths reach SQL as parameters
    outcome = run_build(folder, db, **SETTINGS)
    return folder, expected, db, outcome


def test_battery_every_build_completes_and_every_path_is_accounted_for(battery):
    folder, expected, db, outcome = battery
    assert outcome.success, outcome.message
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = {p: (s, c, r, n) for p, s, c, r, n in con.execute(
            "select source_path, status, reason_code, reason, note from raw.raw_reports").fetchall()}
        spam_left = con.execute("select count(*) from staging.reports where source_path = 'bad/spam_injected.txt' "
                                "and (clean_text like '%百家乐%' or clean_text like '%投注%')").fetchall()[0][0]
        summary_rows = con.execute("select count(*) from marts.report_summary").fetchall()[0][0]
    finally:
        con.close()
    assert len(rows) == find_paths(folder) == len(expected)
    for rel, code in expected.items():
        status, got, reason, _ = rows[rel]
        if isinstance(code, set):
            assert got in code, (rel, got, reason)
        else:
            assert got == code, (rel, got, reason)
        assert (status == "ok") == (got is None), rel
        assert status == "ok" or reason, rel
    assert rows["enc/damaged_utf8.txt"][3].startswith("DAMAGED_BYTES")
    assert rows["dup/a_newer_copy.txt"][2].endswith("dup/z_older_copy.txt")
    assert spam_left == 0
    assert summary_rows == sum(1 for s, *_ in rows.values() if s == "ok")


def test_kill_at_each_stage_leaves_the_published_state_and_the_rerun_equals_a_clean_build(battery, tmp_path):
    folder, _, clean_db, _ = battery
    # the previous state: a build of the good reports and one the battery does not have (the
    # rerun must delete its rows everywhere)
    db = tmp_path / "ogi.duckdb"
    first = tmp_path / "first"
    first_reports = [*GOOD, "excerpts/a022.txt"]
    for rel in first_reports:
        (first / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(INBOX / rel, first / rel)
    assert run_build(first, db, **SETTINGS).success
    before = published_state(db)

    # the battery folder is now the input; the build is killed at every stage in turn
    for point in ("after_copy", "raw_batch", "staging_batch", "dbt", "checks", "publish"):
        if point == "raw_batch":
            # a build paused inside the raw stage holds the lock: a second build says so at once
            marker = tmp_path / "paused"
            first_build = ogi_build(folder, db, failpoint="raw_batch:sleep", marker=marker)
            deadline = time.time() + 120
            while not marker.exists() and time.time() < deadline:
                time.sleep(0.2)
            started = time.perf_counter()
            code, out = finish(ogi_build(folder, db))
            assert code == 1 and "another ogi build is writing" in out, out
            assert time.perf_counter() - started < 30
            os.killpg(first_build.pid, signal.SIGKILL)
            code, out = finish(first_build)
        else:
            code, out = finish(ogi_build(folder, db, failpoint=point))
        assert code == -signal.SIGKILL, (point, out[-2000:])
        assert published_state(db) == before, point

    # killed inside the commit, while a reader holds the warehouse open: the reader does not stop
    # the build, and the journal is carried out by the next build, never undone
    reader = subprocess.Popen([sys.executable, "-c", HOLD, str(db), "r"], stdout=subprocess.PIPE, text=True)
    try:
        assert int(reader.stdout.readline()) == len(first_reports)
        code, out = finish(ogi_build(folder, db, failpoint="commit"))
        assert code == -signal.SIGKILL, out[-2000:]
        assert BuildPaths(db).journal.exists()
        assert BuildPaths(db).superseded.exists()  # the replaced warehouse's second name, freed later
        assert reader.poll() is None
    finally:
        reader.kill()
        reader.wait()
    rerun = run_build(folder, db, **SETTINGS)
    assert rerun.success, rerun.message
    assert not BuildPaths(db).journal.exists() and not BuildPaths(db).next.exists()
    assert not BuildPaths(db).superseded.exists()
    assert table_rows(db) == table_rows(clean_db)
    assert published_state(db)["bi_copy"] is not None
    # dbt reused its parse of the project from an earlier build of this warehouse (dbt_assets.keep_parse)
    log = (BuildPaths(db).reports / "build.log").read_text(encoding="utf-8")
    assert "Found " in log and "Unable to do partial parsing" not in log


def test_a_writer_holding_the_warehouse_gets_one_sentence_at_once(battery):
    folder, _, db, _ = battery
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), "w"], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        before = published_state(db)
        started = time.perf_counter()
        outcome = run_build(folder, db, **SETTINGS)
        assert not outcome.success and "open for writing in another process" in outcome.message
        assert time.perf_counter() - started < 10 and published_state(db) == before
    finally:
        holder.kill()
        holder.wait()


def test_what_dbt_left_for_lack_of_memory_is_built_one_model_at_a_time_and_fails_loudly_if_that_does_too(tmp_path,
                                                                                                  monkeypatch):
    folder, db = tmp_path / "in", tmp_path / "ogi.duckdb"
    for rel in GOOD[:2]:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(INBOX / rel, folder / rel)
    monkeypatch.setenv("OGI_DBT_MEMORY_LIMIT", "4MB")  # too little for any table: both runs run out
    outcome = run_build(folder, db, **SETTINGS)
    assert not outcome.success and "dbt_models" in outcome.failed_steps, outcome.message
    log = outcome.log_path.read_text(encoding="utf-8")
    two, one = log.find("Concurrency: 2 threads"), log.find("Concurrency: 1 threads")
    assert 0 <= two < one, "what the run that ran out of memory did not finish is built one model at a time"
    assert "OK loaded seed file" in log[:one] and "seed file" not in log[one:], "what it finished is kept"
    assert "Out of Memory Error" in log[one:]
    assert not db.exists() and not (BuildPaths(db).reports / "ogi_marts.duckdb").exists()


def test_a_build_killed_while_merging_its_pages_into_the_site_is_completed_and_equals_a_site_made_whole(
        tmp_path, dbt_manifest):
    """A build renders only the pages that changed and its commit merges them into the published
    site, then deletes the pages of removed reports. Killed after the first page, the next build
    completes the merge: the site then equals one written whole from the same warehouse."""
    import json

    import polars as pl

    from orchestration.report_site import write_site
    from orchestration.report_site.build import MANIFEST

    inbox, db = tmp_path / "in", tmp_path / "ogi.duckdb"
    for rel in GOOD:
        (inbox / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(INBOX / rel, inbox / rel)
    assert run_build(inbox, db, **SETTINGS).success
    site = db.parent / "reports" / "quality"
    pages_before = {p.relative_to(site) for p in site.rglob("*.html")}
    (inbox / GOOD[0]).unlink()
    (inbox / "excerpts" / "a022.txt").write_bytes((INBOX / "excerpts/a022.txt").read_bytes())

    code, out = finish(ogi_build(inbox, db, failpoint="merge"))
    assert code == -signal.SIGKILL, out[-2000:]
    journal = json.loads(BuildPaths(db).journal.read_text(encoding="utf-8"))
    assert [dst for _, dst, *how in journal if how == ["merge"]] == [str(site)]
    rerun = run_build(inbox, db, **SETTINGS)
    assert rerun.success and rerun.skipped, rerun.message  # the commit completed: nothing left to build

    whole = tmp_path / "whole"
    with duckdb.connect(str(db), read_only=True) as con:
        write_site(con, whole, input_dir=inbox.resolve())
    merged = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    made_whole = {p.relative_to(whole): p.read_bytes() for p in whole.rglob("*") if p.is_file()}
    assert sorted(merged) == sorted(made_whole)
    # the overview says when it was made; the record of pages is compared as rows (their order varies)
    assert {p: b for p, b in merged.items() if p.name not in ("index.html", MANIFEST)} == \
        {p: b for p, b in made_whole.items() if p.name not in ("index.html", MANIFEST)}
    assert sorted(pl.read_parquet(site / MANIFEST).rows()) == sorted(pl.read_parquet(whole / MANIFEST).rows())
    removed = pages_before - set(merged)
    assert len(removed) == 1 and str(next(iter(removed))).startswith("reports/")
    assert set(merged) - pages_before  # the new report's page
