"""Everything the site shows, read from the warehouse by queries that scale (never one per report).

The overview, the list of all reports and the county pages need one row per report (the summary
with its status) and counts; DuckDB computes the counts. A report page needs its findings, cells,
sentences, sections and clean text: those are read batch by batch, only for the reports whose page
is written (`report_details`), so memory holds one batch, never the tables.
Optional marts (coverage, township-year) are used when a build has them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import duckdb
import polars as pl

# Checks whose failure means the report contradicts itself (its own numbers disagree).
CONTRADICTION_CHECKS = ("C1", "C2", "C3", "C4", "C7")
INCOMPLETE_CHECKS = ("INCOMPLETE", "C8")
# Grid status of a report, worst first; 'missing' is a township-year with no report.
STATUSES = ("contradictions", "incomplete", "late", "no date", "on time", "missing")
STATUS_COLOURS = {"contradictions": "#c62828", "incomplete": "#8e44ad", "late": "#ef8f00",
                  "no date": "#90a4ae", "on time": "#2e7d32", "missing": "#e6e6e6"}
NO_COUNTY = "(county not stated)"
SOURCE_COORDINATES = ("source_page", "source_table", "source_row", "source_col")
HEADLINE_MEASURES = {  # report_summary column -> label on trend charts
    "published_total": "items published (主动公开)",
    "applications_new": "applications received (新收申请)",
    "reconsideration_total": "reconsiderations (行政复议)",
    "litigation_total": "lawsuits (行政诉讼)",
}
# per check, outcome and severity: findings; reports: reports with that check and outcome
FINDING_COUNTS_SCHEMA = {"check_code": pl.String, "outcome": pl.String, "severity": pl.String,
                         "findings": pl.Int64, "reports": pl.Int64}
_REPORT_FINDINGS = ("report_id is not null and check_code <> 'QUARANTINE'")
DETAIL_BATCH = 1_000  # report pages whose rows are read at once


def existing_relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {f"{s}.{t}" for s, t in con.execute(
        "select schema_name, table_name from duckdb_tables() union all "
        "select schema_name, view_name from duckdb_views() where not internal").fetchall()}


def columns_of(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    schema, name = relation.split(".")
    return [r[0] for r in con.execute(
        "select column_name from duckdb_columns() where schema_name = ? and table_name = ? order by column_index",
        [schema, name]).fetchall()]


@dataclass
class SiteData:
    files: pl.DataFrame                 # raw.raw_reports rows of the files not read (no text)
    file_count: int                     # every path of the input
    reports: pl.DataFrame               # report_summary, one row per report, with status and deadline
    finding_counts: pl.DataFrame        # per check, outcome and severity: findings and reports
    ge_results: pl.DataFrame | None
    coverage: pl.DataFrame | None = None         # marts.mart_coverage when the build has it
    townships: pl.DataFrame | None = None        # (county, township): those marts.mart_coverage expects
    relations: set[str] = field(default_factory=set)


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> pl.DataFrame:
    return con.sql(sql, params=params).pl() if params else con.sql(sql).pl()


def report_status(failed: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """One status per report, worst first (STATUSES), from its failed checks (`failed`: report_id,
    failed_checks, fail_count, error_count)."""
    out = reports.join(failed, on="report_id", how="left").with_columns(
        pl.col("failed_checks").fill_null([]), pl.col("fail_count").fill_null(0),
        pl.col("error_count").fill_null(0))
    has = lambda codes: pl.col("failed_checks").list.eval(pl.element().is_in(codes)).list.any()  # noqa: E731
    return out.with_columns(
        pl.when(has(list(CONTRADICTION_CHECKS))).then(pl.lit("contradictions"))
        .when(has(list(INCOMPLETE_CHECKS))).then(pl.lit("incomplete"))
        .when(has(["T1"])).then(pl.lit("late"))
        .when(pl.col("publish_date").is_null()).then(pl.lit("no date"))
        .otherwise(pl.lit("on time")).alias("status"))


# Per county and year from the coverage mart (one row per listed township × year): townships
# expected, reported on time (or undated), reported late, and missing.
COVERAGE_SQL = """
    select c.county, c.report_year,
           count(*) filter (where c.in_list) as expected,
           count(*) filter (where c.is_reported and t.on_time_status is distinct from 'late') as reported,
           count(*) filter (where t.on_time_status = 'late') as late,
           count(*) filter (where c.in_list and not c.is_reported) as missing
    from marts.mart_coverage as c
    left join marts.mart_township_year as t on t.report_id = c.report_id
    group by all
    order by c.county, c.report_year"""


def report_summaries(con: duckdb.DuckDBPyConnection, relations: set[str]) -> pl.DataFrame:
    """report_summary with county key, deadline and status, one row per report."""
    if "marts.report_summary" not in relations:
        return pl.DataFrame(schema={"report_id": pl.String, "source_path": pl.String, "county_key": pl.String,
                                    "publish_date": pl.Date})
    years = ("marts.dim_year" if "marts.dim_year" in relations
             else "(select null::int as report_year, null::date as statutory_deadline)")
    reports = _frame(con, f"""
        select s.*, coalesce(s.county, '{NO_COUNTY}') as county_key, y.statutory_deadline
        from marts.report_summary as s
        left join {years} as y on y.report_year = s.report_year
        order by s.county nulls last, s.unit_name, s.report_year""")
    failed = (_frame(con, f"""select report_id, list(distinct check_code order by check_code) as failed_checks,
                                     count(*) as fail_count, count(*) filter (severity = 'error') as error_count
                              from marts.quality_findings where outcome = 'FAIL' and {_REPORT_FINDINGS}
                              group by report_id""")
              if "marts.quality_findings" in relations
              else pl.DataFrame(schema={"report_id": pl.String, "failed_checks": pl.List(pl.String),
                                        "fail_count": pl.Int64, "error_count": pl.Int64}))
    return report_status(failed, reports)


def load(con: duckdb.DuckDBPyConnection) -> SiteData:
    relations = existing_relations(con)
    # the files' metadata only (never their text or bytes), and only of the files not read
    keep = [c for c in columns_of(con, "raw.raw_reports") if c not in ("text", "content")]
    files = _frame(con, f"select {', '.join(keep)} from raw.raw_reports where status <> 'ok' order by source_path")
    file_count = con.execute("select count(*) from raw.raw_reports").fetchall()[0][0]
    has_findings = "marts.quality_findings" in relations
    finding_counts = (_frame(con, """
        select c.*, r.reports from (select check_code, outcome, severity, count(*) as findings
                                    from marts.quality_findings group by all) as c
        join (select check_code, outcome, count(distinct report_id) as reports
              from marts.quality_findings group by all) as r using (check_code, outcome)
        order by all""")
                      if has_findings else pl.DataFrame(schema=FINDING_COUNTS_SCHEMA))
    reports = report_summaries(con, relations)
    ge = (_frame(con, "select * from quality.ge_results order by success, dataset, expectation")
          if "quality.ge_results" in relations else None)
    return SiteData(
        files=files, file_count=file_count, reports=reports, finding_counts=finding_counts, ge_results=ge,
        coverage=_frame(con, COVERAGE_SQL) if {"marts.mart_coverage", "marts.mart_township_year"} <= relations else None,
        townships=(_frame(con, "select distinct county, township from marts.mart_coverage")
                   if "marts.mart_coverage" in relations else None),
        relations=relations,
    )


@dataclass
class ReportDetail:
    """What one report page shows."""

    summary: dict                # its report_summaries row
    known: set[str]              # the reports its findings point to that exist
    header: dict                 # title, header_evidence, text_length, clean_text (when a check failed)
    findings: list[dict]
    cells: list[dict]
    facts: list[dict]
    sections: list[dict]


# The relations a report page reads a batch's rows of
DETAIL_RELATIONS = ("staging.reports", "staging.table_cells", "staging.narrative_facts", "staging.sections",
                    "marts.quality_findings")
RowRanges = dict[str, tuple[int, int] | None]  # relation -> (first, last) rowid of a batch's rows; None: none


def batch_row_ranges(con: duckdb.DuckDBPyConnection, relations: set[str],
                     batches: list[list[str]]) -> list[RowRanges]:
    """For each batch of reports, the rowids its rows span in each relation a page reads, in one
    query per relation. A batch then reads that span of rows only, and DuckDB skips the rest: the
    staging tables hold a report's rows together, written in the order of staging.reports, so a
    batch of reports in that order spans 1 % of each at 100,000 reports, where a scan of every row
    per batch grew as reports squared. quality_findings is in no such order (dbt writes it check
    by check): a batch still spans most of it."""
    ranges: list[RowRanges] = [dict.fromkeys(DETAIL_RELATIONS) for _ in batches]
    numbered = pl.DataFrame({"report_id": [rid for batch in batches for rid in batch],
                             "batch_no": [n for n, batch in enumerate(batches) for _ in batch]},
                            schema={"report_id": pl.String, "batch_no": pl.Int64})
    con.register("batch_numbers", numbered.to_arrow())
    try:
        for relation in (r for r in DETAIL_RELATIONS if r in relations):
            for batch_no, first, last in con.execute(
                    f"select b.batch_no, min(t.rowid), max(t.rowid) from {relation} as t "
                    "join batch_numbers as b using (report_id) group by all").fetchall():
                ranges[batch_no][relation] = (first, last)
    finally:
        con.unregister("batch_numbers")
    return ranges


def _batch_rows(ranges: RowRanges | None) -> Callable[[str], str]:
    """only(relation): the condition that picks the batch's rows of a relation (the reports in
    batch_ids; within their rowids when `ranges` are known)."""
    def only(relation: str) -> str:
        condition = "report_id in (select report_id from batch_ids)"
        if ranges is None or relation not in ranges:
            return condition
        if ranges[relation] is None:
            return "false"
        return f"rowid between {ranges[relation][0]} and {ranges[relation][1]} and {condition}"
    return only


def report_details(con: duckdb.DuckDBPyConnection, relations: set[str], summaries: dict[str, dict],
                   batch: int = DETAIL_BATCH, ranges: RowRanges | None = None) -> Iterator[tuple[str, ReportDetail]]:
    """(report_id, detail) of the reports of `summaries` (report_id -> its report_summaries() row,
    which the site holds already) in ascending report_id order, read batch by batch (one query per
    table and batch: memory holds one batch, and DuckDB sorts only its rows). `ranges`:
    batch_row_ranges() of these reports, when they are one batch."""
    ids = sorted(summaries)
    if ranges is not None and len(ids) > batch:
        raise ValueError("row ranges are those of one batch")
    located = [c for c in SOURCE_COORDINATES if "staging.table_cells" in relations
               and c in columns_of(con, "staging.table_cells")]
    only = _batch_rows(ranges)
    queries = {
        # one row per report, unordered: DuckDB's sort does not spill rows this wide (a batch's
        # report texts), and a dict by report_id needs no order. The text only of reports with
        # a failed check (fail_count: those findings)
        "header": f"""select report_id, title, header_evidence, text_length,
                             case when report_id in (select report_id from failing_ids) then clean_text end
                                 as clean_text
                      from staging.reports where {only("staging.reports")}""",
        # every finding of the batch, read once: the page shows all but QUARANTINE; the reports
        # they point to are looked up below
        "findings": (f"""select * from marts.quality_findings where {only("marts.quality_findings")}
                         order by report_id, check_code, finding_id"""
                     if "marts.quality_findings" in relations else None),
        "cells": (f"""select report_id, table_code, row_code, col_code, measure_key, applicant_type, value_num,
                             value_semantic, unit, raw_text, start_offset, end_offset, note,
                             {''.join(c + ', ' for c in located)}candidates
                      from staging.table_cells where {only("staging.table_cells")} order by report_id, rowid"""
                  if "staging.table_cells" in relations else None),
        "facts": (f"""select report_id, measure_key, applicant_type, value_num, value_semantic, unit,
                             is_approximate, contradicts_table, snippet, start_offset, end_offset
                      from staging.narrative_facts where {only("staging.narrative_facts")}
                      order by report_id, rowid"""
                  if "staging.narrative_facts" in relations else None),
        "sections": (f"""select report_id, section_no, section_key, heading, start_offset, end_offset
                         from staging.sections where {only("staging.sections")} order by report_id, start_offset"""
                     if "staging.sections" in relations else None),
    }
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        failing = [rid for rid in chunk if summaries[rid].get("fail_count")]
        con.register("batch_ids", pl.DataFrame({"report_id": chunk}, schema={"report_id": pl.String}).to_arrow())
        con.register("failing_ids", pl.DataFrame({"report_id": failing}, schema={"report_id": pl.String}).to_arrow())
        try:
            rows = {name: _by_report(con.sql(sql).pl()) for name, sql in queries.items() if sql}
            known = _existing_reports(con, relations, {f["detail_ref"] for found in rows.get("findings", {}).values()
                                                       for f in found})
        finally:
            con.unregister("batch_ids")
            con.unregister("failing_ids")
        for rid in chunk:
            header = rows["header"].get(rid, [{}])[0]
            findings = [f for f in rows.get("findings", {}).get(rid, [])
                        if f["check_code"] is not None and f["check_code"] != "QUARANTINE"]
            yield rid, ReportDetail(summaries[rid], known, header, findings,
                                    *(rows[name].get(rid, []) if name in rows else []
                                      for name in ("cells", "facts", "sections")))


def _existing_reports(con: duckdb.DuckDBPyConnection, relations: set[str], refs: set) -> set[str]:
    """The reports among `refs` that report_summary holds (a finding may point to one that is gone)."""
    refs = sorted(ref for ref in refs if ref is not None)
    if not refs or "marts.report_summary" not in relations:
        return set()
    return {rid for (rid,) in con.execute("select report_id from marts.report_summary "
                                          "where report_id in (select unnest(?::varchar[]))", [refs]).fetchall()}


def _by_report(frame: pl.DataFrame) -> dict[str, list[dict]]:
    """A frame sorted by report_id as lists of row dicts per report."""
    out: dict[str, list[dict]] = {}
    for row in frame.iter_rows(named=True):
        out.setdefault(row["report_id"], []).append(row)
    return out
