"""Every GE suite fails on a dirty frame and passes on a clean one (real GE validations)."""
import polars as pl
import pytest

from expectations.run import validate
from expectations.suites import SUITES

CLEAN = {
    "raw.raw_reports": pl.DataFrame({
        "source_path": ["a.txt", "b.bin", "c.pdf"], "size_bytes": [120, 0, 5000], "status": ["ok", "quarantined", "ok"],
        "reason": [None, "empty file (no text at all)", None], "text_length": [40, None, None],
        "report_id": ["r1", None, "r2"], "format": ["text", None, "pdf"], "content_length": [None, None, 5000]}),
    "staging.reports": pl.DataFrame({
        "report_id": ["r1", "r2"], "source_path": ["a.txt", "b.txt"], "template": ["narrative", "form_2021"],
        "form_version": [None, "gb2021"], "unit_type": ["镇", None], "report_year": [2018, None], "text_length": [400, 900]}),
    "staging.table_cells": pl.DataFrame({
        "report_id": ["r1"] * 3, "table_code": ["t3", "t2", "t2"], "row_code": ["new_received", "license", "license"],
        "col_code": ["all", "items_change", "decisions"],
        "measure_key": ["app.new_received", "pub.license.items_change", "pub.license.decisions"], "value_semantic": ["NUMERIC", "NUMERIC", "EMPTY"],
        "applicant_type": ["all"] * 3, "value_num": [5.0, -3.0, None], "is_signed": [False, True, False],
        "start_offset": [10, 20, 30], "end_offset": [11, 22, 30]}),
    "staging.narrative_facts": pl.DataFrame({
        "report_id": ["r1"], "measure_key": ["app.new_received"], "applicant_type": ["all"], "value_num": [0.0],
        "value_semantic": ["ZERO"], "snippet": ["未收到政府信息公开申请"], "start_offset": [3], "end_offset": [6]}),
    "marts.report_summary": pl.DataFrame({
        "report_id": ["r1"], "source_path": ["a.txt"], "template": ["legacy_table"], "unit_type": ["乡"],
        "report_year": [2012], **{c: [None] for c in (
            "published_total", "normative_docs_issued", "normative_docs_in_force", "licensing_decisions",
            "punishment_decisions", "applications_new", "applications_carried_over", "applications_granted",
            "reconsideration_total")}, "litigation_total": [2]}),
}

# One defect per dataset that means the pipeline is broken.
DIRTY = {
    "raw.raw_reports": lambda f: f.with_columns(pl.lit(None, pl.String).alias("reason")),
    "staging.reports": lambda f: f.with_columns(pl.lit("r1").alias("report_id")),
    "staging.table_cells": lambda f: f.with_columns(pl.Series("value_num", [-5.0, -3.0, None])),
    "staging.narrative_facts": lambda f: f.with_columns(pl.lit(None, pl.String).alias("snippet")),
    "marts.report_summary": lambda f: f.with_columns(pl.lit(-1).alias("litigation_total")),
}


@pytest.mark.parametrize("dataset", sorted(SUITES))
def test_suite_passes_clean_and_fails_dirty(dataset):
    clean = validate(CLEAN[dataset], SUITES[dataset]())
    assert clean.success, [(o.expectation, o.column) for o in clean.failed]
    dirty = validate(DIRTY[dataset](CLEAN[dataset]), SUITES[dataset]())
    assert not dirty.success
    assert dirty.failed and all(o.unexpected_count or o.unexpected_count is None for o in dirty.failed)


def test_blank_cell_with_a_value_is_caught():
    cells = CLEAN["staging.table_cells"].with_columns(pl.Series("value_num", [5.0, -3.0, 0.0]))
    failed = validate(cells, SUITES["staging.table_cells"]()).failed
    assert [o.expectation for o in failed] == ["expect_column_values_to_be_null"]


def test_a_measure_the_vocabulary_does_not_know_is_caught():
    cells = CLEAN["staging.table_cells"].with_columns(pl.Series("measure_key", ["app.new_received", "app.typo", None]))
    failed = validate(cells, SUITES["staging.table_cells"]()).failed
    assert [(o.expectation, o.column) for o in failed] == [("expect_column_values_to_be_in_set", "measure_key")]
