"""The CLI's own behaviour, with no build: help, and the inputs it refuses or skips with a reason."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from orchestration.cli import main

HELP_WITHOUT_THE_STACK = """
import sys
from orchestration.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print("HEAVY", sorted({m.split(".")[0] for m in sys.modules} & {"dagster", "duckdb", "polars", "dbt", "great_expectations"}))
"""


def test_help_names_every_output_and_imports_nothing_heavy():
    done = subprocess.run([sys.executable, "-c", HELP_WITHOUT_THE_STACK], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout
    for output in ("warehouse", "BI copy", "data-quality report", "build log", "DAGSTER_HOME", "ogi report"):
        assert output in done.stdout


def test_empty_folder_is_a_warning_not_a_build(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".DS_Store").write_bytes(b"\0")  # hidden files are not reports
    warehouse = tmp_path / "ogi.duckdb"
    assert main(["build", "--input", str(tmp_path / "in"), "--warehouse", str(warehouse)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "has no files" in err and "nothing to build" in err
    assert not warehouse.exists()


def test_a_file_as_input_is_a_clear_error(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text("2020年政府信息公开工作年度报告", encoding="utf-8")
    assert main(["build", "--input", str(report), "--warehouse", str(tmp_path / "ogi.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "is a file" in err and "must be a folder" in err and str(tmp_path) in err


def test_missing_folder_and_missing_warehouse_are_errors(tmp_path, capsys):
    assert main(["build", "--input", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["report", "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert "no warehouse" in capsys.readouterr().err


def test_the_executable_exits_with_the_commands_code_and_its_output_flushed(tmp_path):
    """`ogi` ends with os._exit (orchestration.cli.command): the code and the piped output must survive it."""
    ogi = str(Path(sys.executable).with_name("ogi"))
    missing = subprocess.run([ogi, "build", "--input", str(tmp_path / "nowhere"), "--warehouse",
                              str(tmp_path / "w.duckdb")], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    (tmp_path / "in").mkdir()
    empty = subprocess.run([ogi, "build", "--input", str(tmp_path / "in"), "--warehouse", str(tmp_path / "w.duckdb")],
                           capture_output=True, text=True, timeout=60)
    assert empty.returncode == 0 and "nothing to build" in empty.stderr
