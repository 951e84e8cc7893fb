"""Great Expectations suites as code: one function per dataset, one dataset per warehouse table.

Each suite checks what must hold if the *pipeline* works (keys, codes, non-negative counts,
offsets inside the text). Inconsistent source data (a report whose tables do not add up) is
not checked here: dbt reports it as a finding in marts.quality_findings.
"""
from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from extract import vocabulary

# Code lists come from the vocabulary data (extract/data/vocabulary), the same files dbt seeds.
TEMPLATES = sorted({r["template"] for r in vocabulary.read_table("form_versions")})
FORM_VERSIONS = sorted({r["form_version"] for r in vocabulary.read_table("form_versions") if r["form_version"]})
TABLE_CODES = sorted({c.table for c in vocabulary.form_cells()})
APPLICANT_TYPES = list(vocabulary.APPLICANT_COLUMNS)
MEASURE_KEYS = sorted(vocabulary.measures())
UNIT_TYPES = ["镇", "乡", "苏木", "街道", "other"]
SEMANTICS = ["NUMERIC", "ZERO", "EMPTY", "NA", "TEXT"]
SUMMARY_COUNTS = [
    "published_total", "normative_docs_issued", "normative_docs_in_force", "licensing_decisions",
    "punishment_decisions", "applications_new", "applications_carried_over",
    "applications_granted", "reconsideration_total", "litigation_total",
]


def _suite(name: str, expectations: list) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(name=name, expectations=expectations)


def raw_reports_suite() -> gx.ExpectationSuite:
    """raw.raw_reports (text and content replaced by their lengths): every input file, each with
    a status, decoded text (text, HTML) or the file's bytes (PDF, DOCX) when ok, and a reason
    when quarantined."""
    return _suite("raw.raw_reports", [
        gxe.ExpectColumnValuesToNotBeNull(column="source_path"),
        gxe.ExpectColumnValuesToBeUnique(column="source_path"),
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=["ok", "quarantined", "skipped"]),
        gxe.ExpectColumnValuesToNotBeNull(
            column="reason", row_condition='status=="quarantined"', condition_parser="pandas"),
        gxe.ExpectColumnValuesToNotBeNull(
            column="text_length", row_condition='status=="ok" and format!="pdf" and format!="docx"',
            condition_parser="pandas"),
        gxe.ExpectColumnValuesToNotBeNull(
            column="content_length", row_condition='status=="ok" and (format=="pdf" or format=="docx")',
            condition_parser="pandas"),
        gxe.ExpectColumnValuesToNotBeNull(
            column="report_id", row_condition='status=="ok"', condition_parser="pandas"),
        gxe.ExpectColumnValuesToBeBetween(column="size_bytes", min_value=0),
    ])


def staging_reports_suite() -> gx.ExpectationSuite:
    """staging.reports: one row per distinct report, with codes from the closed lists."""
    return _suite("staging.reports", [
        gxe.ExpectColumnValuesToNotBeNull(column="report_id"),
        gxe.ExpectColumnValuesToBeUnique(column="report_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="source_path"),
        gxe.ExpectColumnValuesToNotBeNull(column="template"),
        gxe.ExpectColumnValuesToBeInSet(column="template", value_set=TEMPLATES),
        gxe.ExpectColumnValuesToBeInSet(column="form_version", value_set=FORM_VERSIONS),
        gxe.ExpectColumnValuesToBeInSet(column="unit_type", value_set=UNIT_TYPES),
        gxe.ExpectColumnValuesToBeBetween(column="report_year", min_value=2007, max_value=2100),
        gxe.ExpectColumnValuesToBeBetween(column="text_length", min_value=1),
    ])


def staging_table_cells_suite() -> gx.ExpectationSuite:
    """staging.table_cells: coded cells, no negative count, provenance inside the text."""
    return _suite("staging.table_cells", [
        gxe.ExpectColumnValuesToNotBeNull(column="report_id"),
        gxe.ExpectColumnValuesToBeInSet(column="table_code", value_set=TABLE_CODES),
        gxe.ExpectColumnValuesToBeInSet(column="value_semantic", value_set=SEMANTICS),
        gxe.ExpectColumnValuesToBeInSet(column="applicant_type", value_set=APPLICANT_TYPES),
        # every conformed cell carries a measure the vocabulary knows (NULL: no conformed meaning)
        gxe.ExpectColumnValuesToBeInSet(column="measure_key", value_set=MEASURE_KEYS),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["report_id", "table_code", "row_code", "col_code"]),
        # A value only where the cell states a number: EMPTY, NA and TEXT cells stay NULL.
        gxe.ExpectColumnValuesToBeNull(
            column="value_num", row_condition='value_semantic in ["EMPTY", "NA", "TEXT"]',
            condition_parser="pandas"),
        # Counts are never negative; only the signed 本年增/减 column may be.
        gxe.ExpectColumnValuesToBeBetween(
            column="value_num", min_value=0, row_condition="is_signed==False",
            condition_parser="pandas"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_offset", column_B="start_offset", or_equal=True),
        gxe.ExpectColumnValuesToBeBetween(column="start_offset", min_value=0),
    ])


def staging_narrative_facts_suite() -> gx.ExpectationSuite:
    """staging.narrative_facts: numbers from sentences, each with its snippet."""
    return _suite("staging.narrative_facts", [
        gxe.ExpectColumnValuesToNotBeNull(column="report_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="measure_key"),
        gxe.ExpectColumnValuesToBeInSet(column="measure_key", value_set=MEASURE_KEYS),
        gxe.ExpectColumnValuesToBeInSet(column="applicant_type", value_set=APPLICANT_TYPES),
        gxe.ExpectColumnValuesToNotBeNull(column="value_num"),
        gxe.ExpectColumnValuesToBeBetween(column="value_num", min_value=0),
        gxe.ExpectColumnValuesToBeInSet(column="value_semantic", value_set=["NUMERIC", "ZERO"]),
        gxe.ExpectColumnValuesToNotBeNull(column="snippet"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_offset", column_B="start_offset", or_equal=True),
    ])


def report_summary_suite() -> gx.ExpectationSuite:
    """marts.report_summary: the published contract (docs/report_summary.md)."""
    return _suite("marts.report_summary", [
        gxe.ExpectColumnValuesToNotBeNull(column="report_id"),
        gxe.ExpectColumnValuesToBeUnique(column="report_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="source_path"),
        gxe.ExpectColumnValuesToBeInSet(column="template", value_set=TEMPLATES),
        gxe.ExpectColumnValuesToBeInSet(column="unit_type", value_set=UNIT_TYPES),
        gxe.ExpectColumnValuesToBeBetween(column="report_year", min_value=2007, max_value=2100),
        *[gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in SUMMARY_COUNTS],
    ])


SUITES = {
    "raw.raw_reports": raw_reports_suite,
    "staging.reports": staging_reports_suite,
    "staging.table_cells": staging_table_cells_suite,
    "staging.narrative_facts": staging_narrative_facts_suite,
    "marts.report_summary": report_summary_suite,
}
