"""`ogi build --input DIR --warehouse FILE`: materialize every asset in-process and say what happened."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orchestration.build import MANIFEST, BuildOutcome, ensure_dbt_manifest, run_build
from orchestration.paths import DEFAULT_INPUT, DEFAULT_WAREHOUSE

__all__ = ["MANIFEST", "ensure_dbt_manifest", "build", "main", "summary_lines"]


def build(input_dir: Path, warehouse_path: Path, quiet: bool = True, **options) -> BuildOutcome:
    """Build `warehouse_path` from `input_dir` (orchestration/build.py); the outcome says what happened."""
    return run_build(input_dir, warehouse_path, verbose=not quiet, **options)


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
    outcome = run_build(input_dir, warehouse_path, verbose=args.verbose, show_progress=True,
                        summarize=summary_lines)
    print(f"ogi build: {input_dir} -> {warehouse_path} in {outcome.seconds:.1f}s")
    for line in outcome.lines():
        print(line, file=sys.stdout if outcome.success else sys.stderr)
    for line in outcome.summary:
        print(line)
    reports = warehouse_path.parent / "reports"
    print(f"warehouse: {warehouse_path}")
    print(f"BI copy: {reports / 'ogi_marts.duckdb'}")
    print(f"data-quality report: {reports / 'quality_report.html'}")
    print(f"build log (dbt): {outcome.log_path or reports / 'build.log'}")
    return 0 if outcome.success else 1


if __name__ == "__main__":
    sys.exit(main())
