"""ogi: build the warehouse of government information disclosure annual reports, and publish it.

Nothing heavy is imported before the arguments are parsed: `ogi --help` answers at once.
"""
from __future__ import annotations

import argparse
import atexit
import os
import sys
import time
from pathlib import Path

from orchestration.build import MANIFEST, BuildOutcome, ensure_dbt_manifest
from orchestration.build import run_build as build_warehouse
from orchestration.paths import DAGSTER_HOME, DEFAULT_INPUT, DEFAULT_WAREHOUSE, ensure_dagster_home, outputs

__all__ = ["MANIFEST", "ensure_dbt_manifest", "build", "command", "main", "summary_lines"]

QUARANTINE_LINES = 20  # past this many, the summary counts the rest and points to the report


def build(input_dir: Path, warehouse_path: Path, quiet: bool = True, **options) -> BuildOutcome:
    """Build `warehouse_path` from `input_dir` (orchestration/build.py: one build at a time, on a
    copy swapped in when every blocking check passed); the outcome says what happened."""
    return build_warehouse(input_dir, warehouse_path, verbose=not quiet, **options)


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
            lines += [f"  {path}: {reason}" for path, reason in quarantined[:QUARANTINE_LINES]]
            if len(quarantined) > QUARANTINE_LINES:
                lines.append(f"  … and {len(quarantined) - QUARANTINE_LINES} more, each listed in the "
                             "data-quality report (Files not read)")
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



HELP_EPILOG = """\
outputs (beside the warehouse file):
  warehouse             the DuckDB file (--warehouse, default {warehouse})
  BI copy               reports/ogi_marts.duckdb: the marts, for BI tools (never the working file)
  data-quality report   reports/quality/index.html: a static site, opens from disk
  build log             reports/build.log: dbt's log of the last build
  Dagster runs          every build is recorded in {home} (DAGSTER_HOME);
                        `make dagster` shows them at http://127.0.0.1:3000

examples:
  ogi build                                  the bundled inbox into warehouse/ogi.duckdb
  ogi build --input ~/reports --warehouse /data/ogi.duckdb
  ogi report                                 republish the BI copy and the report (after `dbt build`)
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ogi", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Government information disclosure annual reports (政府信息公开工作年度报告) "
                    "into a checked DuckDB warehouse, a BI copy and a data-quality report.",
        epilog=HELP_EPILOG.format(warehouse=DEFAULT_WAREHOUSE, home=DAGSTER_HOME))
    sub = parser.add_subparsers(dest="command", required=True, metavar="{build,report}")
    warehouse_help = f"DuckDB file (default {DEFAULT_WAREHOUSE}); outputs go in reports/ beside it"
    b = sub.add_parser("build", help="read a folder of reports and build the warehouse, BI copy and report",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=HELP_EPILOG.format(warehouse=DEFAULT_WAREHOUSE, home=DAGSTER_HOME))
    b.add_argument("--input", type=Path, default=DEFAULT_INPUT,
                   help=f"folder of report files, read recursively (default {DEFAULT_INPUT})")
    b.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help=warehouse_help)
    b.add_argument("--verbose", action="store_true", help="show Dagster's and dbt's own log")
    r = sub.add_parser("report", help="rebuild the BI copy and the data-quality report from an existing warehouse",
                       description="Republish from a warehouse that is already built (for instance after "
                                   "`cd dbt_project && dbt build`): the BI copy and the data-quality report.")
    r.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help=warehouse_help)
    r.add_argument("--input", type=Path, default=DEFAULT_INPUT,
                   help="the folder the warehouse was built from: the report links each file there "
                        f"(default {DEFAULT_INPUT})")
    r.add_argument("--verbose", action="store_true", help="show Dagster's own log")
    return parser.parse_args(argv)


def check_input(input_dir: Path) -> tuple[int, str] | None:
    """(exit code, message) when the input cannot be built from; None when it can."""
    if input_dir.is_file():
        return 2, (f"ogi: error: --input must be a folder of report files, but {input_dir} is a file. "
                   f"Put the file in a folder and pass that folder: ogi build --input {input_dir.parent}")
    if not input_dir.exists():
        return 2, f"ogi: error: the input folder {input_dir} does not exist."
    if not input_dir.is_dir():
        return 2, f"ogi: error: {input_dir} is not a folder."
    from extract.ingest import has_input_files

    if not has_input_files(input_dir):
        return 0, (f"ogi: warning: the input folder {input_dir} has no files (hidden files are skipped): "
                   "nothing to build; the warehouse was left as it was.")
    return None


def print_outputs(warehouse_path: Path) -> None:
    for name, path in outputs(warehouse_path).items():
        print(f"{name}: {path}")
    print(f"Dagster runs: {os.environ.get('DAGSTER_HOME', DAGSTER_HOME)} (make dagster)")


def run_build(args: argparse.Namespace) -> int:
    input_dir, warehouse_path = args.input.expanduser().resolve(), args.warehouse.expanduser().resolve()
    problem = check_input(input_dir)
    if problem:
        code, message = problem
        print(message, file=sys.stderr)
        return code
    ensure_dagster_home()
    outcome = build_warehouse(input_dir, warehouse_path, verbose=args.verbose, show_progress=True,
                              summarize=summary_lines)
    print(f"ogi build: {input_dir} -> {warehouse_path} in {outcome.seconds:.1f}s")
    for line in outcome.lines():
        print(line, file=sys.stdout if outcome.success else sys.stderr)
    for line in outcome.summary:
        print(line)
    print_outputs(warehouse_path)
    return 0 if outcome.success else 1


def run_report(args: argparse.Namespace) -> int:
    warehouse_path, input_dir = args.warehouse.expanduser().resolve(), args.input.expanduser().resolve()
    if not warehouse_path.is_file():
        print(f"ogi: error: no warehouse at {warehouse_path}; build one first: ogi build --warehouse {warehouse_path}",
              file=sys.stderr)
        return 2
    ensure_dagster_home()
    started = time.perf_counter()
    from orchestration.build import BuildRefused
    from orchestration.publish import publish

    try:
        result = publish(warehouse_path, input_dir, log_level="INFO" if args.verbose else "ERROR")
    except BuildRefused as exc:
        print(f"ogi report: {exc}", file=sys.stderr)
        return 1
    if not result.success:
        failed_steps = [e.step_key for e in result.all_events if e.is_step_failure]
        print(f"FAILED: publishing broke at {', '.join(failed_steps)} (run with --verbose)", file=sys.stderr)
        return 1
    print(f"ogi report: {warehouse_path} republished in {time.perf_counter() - started:.1f}s")
    print_outputs(warehouse_path)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_build(args) if args.command == "build" else run_report(args)


def command() -> None:
    """The `ogi` executable: main(), then an exit that does not take the interpreter apart.

    After a build, Python took 2.0-2.4 s to free one by one the 750,000 objects of Dagster, dbt
    and the run, memory the operating system takes back at once. What must outlive the process
    is closed by then (the warehouse, Dagster's event log, the build log); the atexit handlers
    still run (weakref finalizers, multiprocessing's clean-up) and the output is flushed."""
    code = main()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    command()
