"""dbt at scale, printed (not asserted): `dbt build` on a synthetic warehouse of about N reports.

    python benchmarks/dbt_scale.py --reports 100000 [--source warehouse/ogi.duckdb] [--keep DIR]

The synthetic warehouse replicates the raw and staging tables of a built warehouse (`make run`)
in SQL: each copy gets new report ids and paths, a unit name of its own group (ten copies per
group) and its years shifted by 16 per copy within the group, so every unit keeps about one
report per year, as real units do, and cross-year pairs grow linearly with N. Then `dbt build`
runs once, and the slowest models and tests are printed from dbt's run_results.json. A second
build with nothing changed shows what the incremental models save.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = ROOT / "dbt_project"
COPIES_PER_GROUP = 10
YEAR_STEP = 16  # > the span of one unit's series in the inbox (pingtan: 2011–2025)

# per staging table: the columns rewritten for copy i (the rest are kept)
_REPLACE = {
    "raw.raw_reports": {
        "report_id": "md5(report_id || '#' || i)",
        "source_path": "'copy' || i || '/' || source_path",
        "content_hash": "md5(content_hash || '#' || i)",
        "duplicate_of": "case when duplicate_of is not null then 'copy' || i || '/' || duplicate_of end",
    },
    "staging.reports": {
        "report_id": "md5(report_id || '#' || i)",
        "source_path": "'copy' || i || '/' || source_path",
        "unit_name": "case when i >= {g} then unit_name || '·' || (i // {g}) else unit_name end",
        "report_year": "report_year + (i % {g}) * {step}",
        "publish_date": "publish_date + to_years(cast((i % {g}) * {step} as integer))",
    },
    "staging.sections": {"report_id": "md5(report_id || '#' || i)"},
    "staging.table_cells": {"report_id": "md5(report_id || '#' || i)"},
    "staging.narrative_facts": {"report_id": "md5(report_id || '#' || i)"},
}


def make_synthetic(source: Path, target: Path, copies: int) -> int:
    """Write the replicated raw/staging tables to `target`; returns the number of reports."""
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        con.execute(f"attach '{source}' as src (read_only)")
        con.execute(f"create temp table copies as select range as i from range({copies})")
        for table, replace in _REPLACE.items():
            schema = table.split(".")[0]
            con.execute(f"create schema if not exists {schema}")
            columns = [r[0] for r in con.execute(f"describe src.{table}").fetchall()]
            select = ", ".join(
                f"{replace[c].format(g=COPIES_PER_GROUP, step=YEAR_STEP)} as {c}" if c in replace else c
                for c in columns)
            con.execute(f"create table {table} as select {select} from src.{table} cross join copies")
        return con.execute("select count(*) from staging.reports").fetchone()[0]
    finally:
        con.close()


def dbt_build(warehouse: Path, target_dir: Path) -> tuple[float, list[dict]]:
    env = {**os.environ, "OGI_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = Path(sys.executable).with_name("dbt")
    started = time.perf_counter()
    done = subprocess.run([str(dbt), "build", "--quiet", "--target-path", str(target_dir)], cwd=DBT_DIR,
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout[-4000:], done.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"dbt build failed after {elapsed:.1f}s")
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    return elapsed, results


def print_slowest(results: list[dict], top: int) -> None:
    by_time = sorted(results, key=lambda r: r["execution_time"], reverse=True)
    total = sum(r["execution_time"] for r in results)
    print(f"  {len(results)} nodes, {total:.1f}s in nodes; slowest:")
    for r in by_time[:top]:
        print(f"    {r['execution_time']:7.2f}s  {r['unique_id'].split('.', 1)[0]:9s} {r['unique_id'].split('.')[-1 if r['unique_id'].startswith('model') else 2]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--source", type=Path, default=ROOT / "warehouse" / "ogi.duckdb")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--keep", type=Path, help="folder to keep the synthetic warehouse in")
    parser.add_argument("--no-rerun", action="store_true", help="skip the second build")
    args = parser.parse_args()

    con = duckdb.connect(str(args.source), read_only=True)
    per_copy = con.execute("select count(*) from staging.reports").fetchone()[0]
    con.close()
    copies = max(1, round(args.reports / per_copy))
    work = args.keep or Path(tempfile.mkdtemp(prefix="dbt_scale_"))
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / "synthetic.duckdb"
    started = time.perf_counter()
    reports = make_synthetic(args.source.resolve(), warehouse, copies)
    print(f"synthetic staging: {reports} reports ({copies} copies of {per_copy}) in "
          f"{time.perf_counter() - started:.1f}s -> {warehouse}")
    for run in ("first build", "second build, nothing changed")[: 1 if args.no_rerun else 2]:
        elapsed, results = dbt_build(warehouse, work / "target")
        print(f"dbt build ({run}): {elapsed:.1f}s wall")
        print_slowest(results, args.top)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
