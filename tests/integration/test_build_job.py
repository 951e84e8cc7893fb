"""Builds started from the Dagster UI (the build_warehouse job, the inbox sensor) run as `ogi
build` does: one at a time per warehouse, on a copy, published when the checks passed; assets
materialized one by one refuse with one sentence instead of writing the live warehouse."""
from __future__ import annotations

import shutil

import duckdb
from dagster import DagsterInstance, materialize
from filelock import FileLock

from orchestration.build import BuildPaths
from orchestration.definitions import build_warehouse
from orchestration.extract_assets import raw_reports
from orchestration.resources import Warehouse
from tests.conftest import INBOX


def _failure_text(result) -> str:
    return " ".join(str(e.event_specific_data.error) for e in result.all_events if e.is_step_failure)


def test_the_ui_job_builds_under_the_lock_and_refuses_while_another_build_runs(tmp_path, dbt_manifest):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(INBOX / "pingtan/2021_pingtan_zone.txt", inbox)
    db = tmp_path / "w" / "ogi.duckdb"
    resources = {"warehouse": Warehouse(path=str(db), input_dir=str(inbox))}
    instance = DagsterInstance.get()

    db.parent.mkdir()
    with FileLock(str(BuildPaths(db).lock)):  # another build is writing this warehouse
        refused = build_warehouse.execute_in_process(resources=resources, instance=instance, raise_on_error=False)
    assert not refused.success and "another ogi build is writing" in _failure_text(refused)
    assert not db.exists()

    built = build_warehouse.execute_in_process(resources=resources, instance=instance, raise_on_error=False)
    assert built.success, _failure_text(built)
    assert not BuildPaths(db).next.exists()  # built on a copy, swapped in
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from marts.report_summary").fetchall()[0][0] == 1
    finally:
        con.close()
    assert (db.parent / "reports" / "quality" / "index.html").exists()
    # the asset graph ran as a run of its own on the same instance, tagged with the job's run
    inner = [r for r in instance.get_runs() if r.tags.get("ogi/started_by") == f"build_warehouse run {built.run_id}"]
    assert len(inner) == 1 and inner[0].is_success


def test_an_asset_materialized_alone_refuses_to_write_the_live_warehouse(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(INBOX / "pingtan/2021_pingtan_zone.txt", inbox)
    db = tmp_path / "ogi.duckdb"
    result = materialize([raw_reports], resources={"warehouse": Warehouse(path=str(db), input_dir=str(inbox))},
                         raise_on_error=False)
    assert not result.success
    assert "built only by a whole build" in _failure_text(result) and "build_warehouse" in _failure_text(result)
    assert not db.exists()
