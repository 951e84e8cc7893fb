"""Everything the site shows, read from the warehouse in a few bulk queries (never one per report).

Marts first (report_summary, quality_findings, dim_year); the staging tables add what the marts
do not carry: the cells' raw text and offsets, the sentences, and the clean text the offsets
point into. Optional marts (coverage, township-year) are used when a build has them.
"""
from __future__ import annotations

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
    files: pl.DataFrame                 # raw.raw_reports without the text
    reports: pl.DataFrame               # report_summary + header fields, one row per report, with status
    findings: pl.DataFrame              # marts.quality_findings
    cells: pl.DataFrame                 # staging.table_cells
    facts: pl.DataFrame                 # staging.narrative_facts
    sections: pl.DataFrame              # staging.sections
    ge_results: pl.DataFrame | None
    coverage: pl.DataFrame | None = None         # marts.mart_coverage when the build has it
    township_years: pl.DataFrame | None = None   # marts.mart_township_year when the build has it
    relations: set[str] = field(default_factory=set)

    def clean_texts(self, con: duckdb.DuckDBPyConnection, report_ids: list[str]):
        """(report_id, clean_text) of the given reports (callers ask in batches: texts are the bulk)."""
        if report_ids:
            yield from con.execute("select report_id, clean_text from staging.reports where report_id in "
                                   "(select unnest(?::varchar[]))", [report_ids]).fetchall()


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return con.sql(sql).pl()


def report_status(findings: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """One status per report, worst first (STATUSES), and the failed check codes it has."""
    failed = (findings.filter((pl.col("outcome") == "FAIL") & pl.col("report_id").is_not_null()
                              & (pl.col("check_code") != "QUARANTINE"))
              .group_by("report_id")
              .agg(pl.col("check_code").unique().sort().alias("failed_checks"),
                   pl.len().alias("fail_count"),
                   (pl.col("severity") == "error").sum().alias("error_count")))
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


def load(con: duckdb.DuckDBPyConnection) -> SiteData:
    relations = existing_relations(con)
    # the files' metadata only: never their text or bytes
    keep = [c for c in columns_of(con, "raw.raw_reports") if c not in ("text", "content")]
    files = _frame(con, f"select {', '.join(keep)} from raw.raw_reports order by source_path")
    empty_findings = "marts.quality_findings" not in relations
    findings = (_frame(con, "select * from marts.quality_findings order by source_path, check_code, finding_id")
                if not empty_findings else pl.DataFrame(schema={
                    "finding_id": pl.String, "report_id": pl.String, "source_path": pl.String,
                    "check_code": pl.String, "outcome": pl.String, "severity": pl.String, "measure": pl.String,
                    "applicant_type": pl.String, "expected": pl.String, "actual": pl.String,
                    "message": pl.String, "detail_ref": pl.String}))
    summary = "marts.report_summary" if "marts.report_summary" in relations else None
    if summary:
        reports = _frame(con, f"""
            select s.*, coalesce(s.county, '{NO_COUNTY}') as county_key, r.title, r.header_evidence,
                   r.text_length, y.statutory_deadline
            from {summary} as s
            join staging.reports as r using (report_id)
            left join {'marts.dim_year' if 'marts.dim_year' in relations else '(select null::int as report_year, null::date as statutory_deadline)'} as y
                on y.report_year = s.report_year
            order by s.county nulls last, s.unit_name, s.report_year""")
    else:
        reports = pl.DataFrame(schema={"report_id": pl.String, "source_path": pl.String, "county_key": pl.String,
                                       "publish_date": pl.Date})
    reports = report_status(findings, reports) if summary else reports
    cells = None
    if "staging.table_cells" in relations:
        # where a PDF/HTML/DOCX cell sits in its document, when the reader recorded it
        located = [c for c in SOURCE_COORDINATES if c in columns_of(con, "staging.table_cells")]
        cells = _frame(con, f"""select report_id, table_code, row_code, col_code, measure_key, applicant_type,
                                      value_num, value_semantic, unit, raw_text, start_offset, end_offset, note,
                                      {''.join(c + ', ' for c in located)}candidates
                               from staging.table_cells""")
    facts = _frame(con, """select report_id, measure_key, applicant_type, value_num, value_semantic, unit,
                                  is_approximate, contradicts_table, snippet, start_offset, end_offset
                           from staging.narrative_facts""") if "staging.narrative_facts" in relations else None
    sections = (_frame(con, "select report_id, section_no, section_key, heading, start_offset, end_offset "
                            "from staging.sections order by report_id, start_offset")
                if "staging.sections" in relations else None)
    ge = (_frame(con, "select * from quality.ge_results order by success, dataset, expectation")
          if "quality.ge_results" in relations else None)
    return SiteData(
        files=files, reports=reports, findings=findings,
        cells=cells if cells is not None else pl.DataFrame(),
        facts=facts if facts is not None else pl.DataFrame(),
        sections=sections if sections is not None else pl.DataFrame(),
        ge_results=ge,
        coverage=_frame(con, COVERAGE_SQL) if {"marts.mart_coverage", "marts.mart_township_year"} <= relations else None,
        township_years=(_frame(con, "select distinct county, township, report_year from marts.mart_coverage")
                        if "marts.mart_coverage" in relations else None),
        relations=relations,
    )
