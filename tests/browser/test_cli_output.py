"""What `ogi build` prints and what `ogi report` republishes, on the session's real CLI build."""
from __future__ import annotations

import duckdb
from dagster import DagsterInstance

from orchestration.cli import main


def test_build_names_each_quarantined_file_once_and_every_output(cli_build):
    printed = cli_build["stdout"] + cli_build["stderr"]
    lines = printed.splitlines()
    assert sum("duplicate" in line for line in lines) == 1
    assert sum("scan.png" in line for line in lines) == 1
    assert "quarantined: 2" in printed
    for output in ("warehouse:", "BI copy:", "data-quality report:", "build log:", "Dagster runs:"):
        assert output in cli_build["stdout"]
    assert "WARNING" not in printed


def test_report_republishes_from_an_existing_warehouse(cli_build, monkeypatch, capsys):
    index = cli_build["site"] / "index.html"
    copy = cli_build["warehouse"].parent / "reports" / "ogi_marts.duckdb"
    before = index.stat().st_mtime_ns, copy.stat().st_mtime_ns
    monkeypatch.setenv("DAGSTER_HOME", str(cli_build["dagster_home"]))
    assert main(["report", "--warehouse", str(cli_build["warehouse"]), "--input", str(cli_build["input"])]) == 0
    assert index.stat().st_mtime_ns > before[0] and copy.stat().st_mtime_ns > before[1]
    assert "data-quality report:" in capsys.readouterr().out
    con = duckdb.connect(str(copy), read_only=True)
    try:
        assert con.execute("select count(*) from marts.report_summary").fetchone()[0] == 6
    finally:
        con.close()
    # both runs, the build and the republishing, are in the instance the UI reads
    with DagsterInstance.get() as instance:
        assert len(instance.get_runs()) == 2
