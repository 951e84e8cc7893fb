"""`ogi build --input DIR --warehouse FILE`: materialize every asset in-process and say what happened."""
from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

from orchestration.resources import DEFAULT_INPUT, DEFAULT_WAREHOUSE, PROJECT_ROOT

DBT_DIR = PROJECT_ROOT / "dbt_project"
MANIFEST = DBT_DIR / "target" / "manifest.json"


def ensure_dbt_manifest() -> None:
    """Parse the dbt project when its manifest is missing or older than a model (never at import)."""
    sources = [p for p in DBT_DIR.rglob("*") if p.suffix in (".sql", ".yml", ".yaml", ".csv")
               and "target" not in p.parts and "logs" not in p.parts]
    if MANIFEST.exists() and all(p.stat().st_mtime <= MANIFEST.stat().st_mtime for p in sources):
        return
    dbt = Path(sys.executable).with_name("dbt")
    subprocess.run([str(dbt), "parse", "--quiet"], cwd=DBT_DIR, check=True,
                   env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})


def build(input_dir: Path, warehouse_path: Path, quiet: bool = True):
    """Run the whole asset graph against `warehouse_path`; returns Dagster's result.

    Quiet: Dagster logs only warnings, and dbt's own log (which dagster-dbt writes to stdout)
    goes to reports/build.log beside the warehouse instead of the terminal.
    """
    ensure_dbt_manifest()
    if not quiet:
        return _materialize_all(input_dir, warehouse_path, "INFO")
    log_path = warehouse_path.parent / "reports" / "build.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        return _materialize_all(input_dir, warehouse_path, "WARNING")


def _materialize_all(input_dir: Path, warehouse_path: Path, log_level: str):
    from dagster import DagsterInstance, materialize

    from orchestration.dbt_assets import dbt_resource
    from orchestration.definitions import all_assets, ge_checks
    from orchestration.resources import Warehouse

    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    return materialize(
        [*all_assets, *ge_checks],
        instance=instance,
        resources={"warehouse": Warehouse(path=str(warehouse_path), input_dir=str(input_dir)),
                   "dbt": dbt_resource()},
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        raise_on_error=False,
    )


def summary_lines(warehouse_path: Path) -> list[str]:
    """What the run produced, read back from the warehouse; layers a failed run never reached are skipped."""
    import duckdb

    con = duckdb.connect(str(warehouse_path), read_only=True)
    existing = {f"{s}.{t}" for s, t in con.execute(
        "select schema_name, table_name from duckdb_tables() union all "
        "select schema_name, view_name from duckdb_views() where not internal").fetchall()}
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    lines = []
    try:
        if "raw.raw_reports" in existing:
            lines.append(f"files read: {one('select count(*) from raw.raw_reports')}")
            quarantined = con.execute("select source_path, reason from raw.raw_reports "
                                      "where status = 'quarantined' order by 1").fetchall()
            lines.append(f"quarantined: {len(quarantined)}")
            lines += [f"  {path}: {reason}" for path, reason in quarantined]
        if "marts.report_summary" in existing:
            lines.append(f"reports: {one('select count(*) from marts.report_summary')}")
        if "staging.table_cells" in existing:
            lines.append(
                f"facts: {one('select count(*) from staging.table_cells where value_num is not null')} "
                f"table cells with a value, {one('select count(*) from staging.narrative_facts')} narrative facts")
        if "marts.quality_findings" in existing:
            findings = con.execute("select check_code, count(*) from marts.quality_findings "
                                   "where outcome = 'FAIL' group by 1 order by 1").fetchall()
            not_assessable = one("select count(*) from marts.quality_findings where outcome = 'NOT_ASSESSABLE'")
            lines.append(f"findings: {sum(n for _, n in findings)}"
                         + (" (" + ", ".join(f"{c} {n}" for c, n in findings) + ")" if findings else "")
                         + f"; {not_assessable} checks not assessable (a needed cell is blank)")
        if "quality.ge_results" in existing:
            failed = con.execute("select dataset, expectation, column_name from quality.ge_results "
                                 "where not success order by 1, 2").fetchall()
            lines.append(f"checks: {one('select count(*) from quality.ge_results')} expectations, "
                         f"{len(failed)} failed")
            lines += [f"  FAILED {d}: {e}({c})" for d, e, c in failed]
        return lines
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="ingest a folder of reports and build the warehouse")
    b.add_argument("--input", type=Path, default=DEFAULT_INPUT, help=f"folder of report files (default {DEFAULT_INPUT})")
    b.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help=f"DuckDB file (default {DEFAULT_WAREHOUSE})")
    b.add_argument("--verbose", action="store_true", help="show Dagster's own log")
    args = parser.parse_args(argv)

    input_dir, warehouse_path = args.input.resolve(), args.warehouse.resolve()
    if not input_dir.is_dir():
        print(f"ogi: input folder {input_dir} does not exist", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = build(input_dir, warehouse_path, quiet=not args.verbose)
    elapsed = time.perf_counter() - started
    print(f"ogi build: {input_dir} -> {warehouse_path} in {elapsed:.1f}s")
    if not result.success:
        failed_steps = [e.step_key for e in result.all_events if e.is_step_failure]
        print(f"FAILED: the pipeline is broken at {', '.join(failed_steps) or 'an unknown step'} "
              "(see the log above, or run with --verbose)", file=sys.stderr)
    if warehouse_path.exists():
        for line in summary_lines(warehouse_path):
            print(line)
    reports = warehouse_path.parent / "reports"
    print(f"warehouse: {warehouse_path}")
    print(f"BI copy: {reports / 'ogi_marts.duckdb'}")
    print(f"data-quality report: {reports / 'quality_report.html'}")
    print(f"build log (dbt): {reports / 'build.log'}")
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
