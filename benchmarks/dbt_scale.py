"""dbt at scale, printed (not asserted): `dbt build` on a synthetic warehouse of about N reports.

    python benchmarks/dbt_scale.py --reports 100000 [--source warehouse/ogi.duckdb] [--keep DIR]

The synthetic warehouse replicates the raw and staging tables of a built warehouse (`make run`)
in SQL: each copy gets new report ids and paths and is another set of real units (names
suffixed, township and county codes shifted along the division list), keeping its years, so
units keep their own series (one report per unit-year, as real ones do) and cross-year pairs,
counties and coverage grow linearly with N. Then `dbt build` runs once, and the slowest models
and tests are printed from dbt's run_results.json; a second build with nothing changed follows.
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
        "unit_name": "case when i > 0 then unit_name || '·' || i else unit_name end",
    },
    "staging.sections": {"report_id": "md5(report_id || '#' || i)"},
    "staging.table_cells": {"report_id": "md5(report_id || '#' || i)"},
    "staging.narrative_facts": {"report_id": "md5(report_id || '#' || i)"},
    # each group of copies is another real unit: codes are shifted along the list (same level)
    "staging.unit_resolutions": {
        "report_id": "md5(report_id || '#' || i)",
        "township_code": "(select code from towns where n = (tn + i * 97) % (select count(*) from towns))",
        "county_code": "coalesce("
                       "(select county_code from towns where n = (tn + i * 97) % (select count(*) from towns)),"
                       " (select code from counties where n = (cn + i * 13) % (select count(*) from counties)))",
    },
}


def make_synthetic(source: Path, target: Path, copies: int) -> int:
    """Write the replicated raw/staging tables to `target`; returns the number of reports."""
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        con.execute(f"attach '{source}' as src (read_only)")
        con.execute(f"create temp table copies as select range as i from range({copies})")
        con.execute("create schema reference")
        con.execute("create table reference.divisions as select * from src.reference.divisions")
        con.execute("create temp table towns as select code, county_code, row_number() over (order by code) - 1 as n "
                    "from reference.divisions where level = 'township'")
        con.execute("create temp table counties as select code, row_number() over (order by code) - 1 as n "
                    "from reference.divisions where level = 'county'")
        for table, replace in _REPLACE.items():
            schema = table.split(".")[0]
            con.execute(f"create schema if not exists {schema}")
            columns = [r[0] for r in con.execute(f"describe src.{table}").fetchall()]
            select = ", ".join(
                f"{replace[c]} as {c}" if c in replace else c
                for c in columns)
            source = f"src.{table}"
            if table == "staging.unit_resolutions":  # the rank of the unit's codes in the list
                source = ("(select r.*, t.n as tn, c.n as cn from src.staging.unit_resolutions as r "
                          "left join towns as t on t.code = r.township_code "
                          "left join counties as c on c.code = r.county_code)")
            con.execute(f"create table {table} as select {select} from {source} cross join copies")
        return con.execute("select count(*) from staging.reports").fetchone()[0]
    finally:
        con.close()


def dbt_build(warehouse: Path, target_dir: Path, project: Path = DBT_DIR) -> tuple[float, list[dict]]:
    env = {**os.environ, "OGI_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = Path(sys.executable).with_name("dbt")
    started = time.perf_counter()
    done = subprocess.run([str(dbt), "build", "--quiet", "--target-path", str(target_dir)], cwd=project,
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
    parser.add_argument("--project", type=Path, default=DBT_DIR,
                        help="dbt project to build (e.g. another checkout's, to compare before/after)")
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
        elapsed, results = dbt_build(warehouse, work / "target", args.project.resolve())
        print(f"dbt build ({run}): {elapsed:.1f}s wall")
        print_slowest(results, args.top)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
