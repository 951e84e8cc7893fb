"""Thin Dagster wrappers around extract/divisions.py: the division list in the warehouse, and
where each report's unit sits in it (dbt builds dim_township and the panels on both).

No `from __future__ import annotations`: Dagster checks the context annotation at runtime."""

import hashlib
from pathlib import Path

import polars as pl
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from extract.divisions import SOURCE, Divisions, load_divisions, resolve_unit
from orchestration.ingestion import ensure_table, insert_frame, state_version
from orchestration.resources import Warehouse
from orchestration.state import read_state, table_exists, write_state

DIVISION_SCHEMA = {
    "level": pl.String, "code": pl.String, "name": pl.String, "type": pl.String,
    "county_code": pl.String, "county": pl.String, "prefecture_code": pl.String, "prefecture": pl.String,
    "province_code": pl.String, "province": pl.String,
}
RESOLUTION_SCHEMA = {
    "report_id": pl.String, "unit_level": pl.String, "resolution_status": pl.String,
    "resolution_method": pl.String, "township_code": pl.String, "county_code": pl.String,
    "candidate_count": pl.Int64, "resolution_note": pl.String,
}


def divisions_frame(d: Divisions) -> pl.DataFrame:
    """One row per county-level and township-level unit of the list."""
    rows = [{"level": "county", "code": c.code, "name": c.name, "type": "county", "county_code": c.code,
             "county": c.name, "prefecture_code": c.prefecture_code, "prefecture": c.prefecture,
             "province_code": c.province_code, "province": c.province} for c in d.counties]
    rows += [{"level": "township", "code": t.code, "name": t.name, "type": t.type, "county_code": t.county.code,
              "county": t.county.name, "prefecture_code": t.county.prefecture_code,
              "prefecture": t.county.prefecture, "province_code": t.county.province_code,
              "province": t.county.province} for t in d.townships]
    return pl.DataFrame(rows, schema=DIVISION_SCHEMA, orient="row")


def resolutions_frame(d: Divisions, reports: pl.DataFrame) -> pl.DataFrame:
    """One row per report: its unit's level, resolution status and the list rows it resolved to.
    Each distinct (unit, type, county, prefecture, province) is resolved once."""
    keys = ("unit_name", "unit_type", "county", "prefecture", "province")
    resolved = {}
    rows = []
    for report in reports.iter_rows(named=True):
        key = tuple(report[k] for k in keys)
        if key not in resolved:
            resolved[key] = resolve_unit(d, *key)
        r = resolved[key]
        rows.append({"report_id": report["report_id"], "unit_level": r.level, "resolution_status": r.status,
                     "resolution_method": r.method, "township_code": r.township.code if r.township else None,
                     "county_code": r.county.code if r.county else None, "candidate_count": r.candidates,
                     "resolution_note": r.note or None})
    return pl.DataFrame(rows, schema=RESOLUTION_SCHEMA, orient="row")


@asset(key=["reference", "divisions"], group_name="reference", kinds={"python", "duckdb"},
       description=f"The division list (county-level and township-level units with official codes): {SOURCE}.")
def divisions(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    """Written again only when the list or the code that writes it changed (reference_version)."""
    warehouse.require_build("reference/divisions")
    version = reference_version()
    with warehouse.connect() as con:
        if read_state(con).get("divisions_version") == version and table_exists(con, "reference", "divisions"):
            rows = con.execute("select count(*) from reference.divisions").fetchall()[0][0]
            return MaterializeResult(metadata={"rows": rows, "source": SOURCE, "written": False})
    rows = warehouse.replace_table("reference", "divisions", divisions_frame(load_divisions()))
    with warehouse.connect() as con:
        write_state(con, {"divisions_version": version})
    return MaterializeResult(metadata={"rows": rows, "source": SOURCE, "written": True})


def reference_version() -> str:
    """What the division list and a report's resolution depend on besides its own header: the
    list and the resolver (in extract/), the staging layout, and the rows this module makes of
    them. A change writes the list and resolves every report again."""
    return hashlib.sha256((state_version() + "\0").encode() + Path(__file__).read_bytes()).hexdigest()[:16]


@asset(key=["staging", "unit_resolutions"], group_name="staging", kinds={"python", "duckdb"},
       deps=[AssetKey(["staging", "reports"]), divisions],
       description="Where each report's unit sits in the division list: level, status (resolved, ambiguous, "
                   "not_in_list), method, township and county codes.")
def unit_resolutions(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    """Incremental like the extraction: a report's rows never change, so only the reports not yet
    resolved are resolved, and the rows of reports no longer in staging are deleted."""
    warehouse.require_build("staging/unit_resolutions")
    version = reference_version()
    with warehouse.connect() as con:
        if read_state(con).get("resolutions_version") != version:
            con.execute("drop table if exists staging.unit_resolutions")
        ensure_table(con, "staging", "unit_resolutions", RESOLUTION_SCHEMA)
        removed = con.execute("""delete from staging.unit_resolutions as u where not exists
                                 (select 1 from staging.reports as r where r.report_id = u.report_id)""").fetchall()[0][0]
        reports = con.sql("""select report_id, unit_name, unit_type, county, prefecture, province
                             from staging.reports as r where not exists
                             (select 1 from staging.unit_resolutions as u where u.report_id = r.report_id)
                             order by report_id""").pl()
        if reports.height:
            insert_frame(con, "staging", "unit_resolutions", resolutions_frame(load_divisions(), reports))
        write_state(con, {"resolutions_version": version})
        counts = con.execute("""select resolution_status, count(*) from staging.unit_resolutions
                                group by all order by all""").fetchall()
    return MaterializeResult(metadata={"rows": sum(n for _, n in counts), "resolved now": reports.height,
                                       "removed": removed, **dict(counts)})
