"""Size and build time of the data-quality site, printed (not asserted): for a built warehouse,
and for a 10,000-report warehouse made from it by replicating its rows in SQL.

    python benchmarks/report_site_benchmark.py [--warehouse warehouse/ogi.duckdb] [--reports 10000] [--keep]

Each copy k of a report gets its own id, file path, township (name + k % 7) and county
(name + k // 7), so the big site has about as many counties and townships as a real
province-scale collection, with each township reporting over several years.
"""
from __future__ import annotations

import argparse
import math
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from orchestration.report_site import write_site  # noqa: E402

SITE_TABLES = ("raw.raw_reports", "staging.reports", "staging.table_cells", "staging.narrative_facts",
               "staging.sections", "marts.report_summary", "marts.quality_findings", "marts.dim_year",
               "quality.ge_results")
NEW_ID = "left(md5(report_id || '#' || k), 16)"


def replicate(source: Path, target: Path, copies: int) -> int:
    """A warehouse with `copies` copies of every row the site reads; returns its report count."""
    con = duckdb.connect(str(target))
    con.execute(f"attach '{source}' as src (read_only)")
    con.execute(f"create temp table copies as select range as k from range({copies})")
    for schema in {t.split(".")[0] for t in SITE_TABLES}:
        con.execute(f"create schema {schema}")
    renamed = {
        "report_id": NEW_ID,
        "source_path": "'copy' || k || '/' || source_path",
        "unit_name": "unit_name || '·' || (k % 7)",
        "county": "coalesce(county, '未名县') || '·' || (k // 7)",
        "unit_key": "left(md5(coalesce(unit_key, '') || '#' || (k % 7) || '#' || (k // 7)), 16)",
        "finding_id": "md5(finding_id || '#' || k)",
        "detail_ref": "case when detail_ref is null then null else left(md5(detail_ref || '#' || k), 16) end",
        "duplicate_of": "case when duplicate_of is null then null else 'copy' || k || '/' || duplicate_of end",
    }
    for table in SITE_TABLES:
        columns = [r[0] for r in con.execute(
            "select column_name from duckdb_columns() where database_name = 'src' and schema_name = ? "
            "and table_name = ? order by column_index", table.split(".")).fetchall()]
        if table in ("marts.dim_year", "quality.ge_results"):
            con.execute(f"create table {table} as select * from src.{table}")
            continue
        select = ", ".join(f"{renamed[c]} as {c}" if c in renamed else c for c in columns)
        con.execute(f"create table {table} as select {select} from src.{table}, copies")
    reports = con.execute("select count(*) from marts.report_summary").fetchone()[0]
    con.close()
    return reports


def measure(warehouse: Path, out_dir: Path, label: str) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        reports = con.execute("select count(*) from marts.report_summary").fetchone()[0]
        started = time.perf_counter()
        stats = write_site(con, out_dir, input_dir=None, warehouse_label=str(warehouse))
        elapsed = time.perf_counter() - started
    finally:
        con.close()
    pages = sorted(out_dir.rglob("*.html"), key=lambda p: p.stat().st_size)
    largest = pages[-1]
    print(f"{label}: {reports:,} reports -> {stats.pages:,} pages, {stats.bytes / 1e6:.1f} MB "
          f"({stats.bytes / max(reports, 1) / 1e3:.1f} kB per report) in {elapsed:.1f}s; "
          f"overview {(out_dir / 'index.html').stat().st_size / 1e3:.0f} kB, "
          f"all-reports list {(out_dir / 'reports.html').stat().st_size / 1e3:.0f} kB, "
          f"largest page {largest.stat().st_size / 1e3:.0f} kB ({largest.relative_to(out_dir)}); "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, default=ROOT / "warehouse" / "ogi.duckdb")
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the sites and the big warehouse (path printed)")
    args = parser.parse_args()
    if not args.warehouse.exists():
        print(f"no warehouse at {args.warehouse}: run `make run` first", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="ogi-site-bench-"))
    try:
        measure(args.warehouse, work / "inbox_site", "built warehouse")
        con = duckdb.connect(str(args.warehouse), read_only=True)
        base = con.execute("select count(*) from marts.report_summary").fetchone()[0]
        con.close()
        copies = math.ceil(args.reports / max(base, 1))
        big = work / "big.duckdb"
        started = time.perf_counter()
        replicate(args.warehouse.resolve(), big, copies)
        print(f"replicated {copies} copies of {base} reports in {time.perf_counter() - started:.1f}s")
        measure(big, work / "big_site", f"{copies} copies")
        if args.keep:
            print(f"kept in {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
