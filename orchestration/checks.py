"""Great Expectations suites run as Dagster asset checks; results are stored in the warehouse.

Raw and staging checks are blocking: a failure means the pipeline is broken, and the dbt models
downstream are not built. The marts check blocks publishing the copy BI tools read.
"""
import datetime as dt

import polars as pl
from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, AssetKey, asset_check

from expectations.run import Validation, validate
from expectations.suites import SUITES
from orchestration.resources import Warehouse

# What each suite validates: the SQL that reads the dataset from the warehouse.
DATASET_SQL = {
    "raw.raw_reports": ("select * exclude (text, content), length(text) as text_length, "
                        "octet_length(content) as content_length from raw.raw_reports"),
    "staging.reports": "select * exclude (clean_text) from staging.reports",
    "staging.table_cells": (
        "select *, coalesce(col_code = 'items_change', false) as is_signed from staging.table_cells"),
    "staging.narrative_facts": "select * from staging.narrative_facts",
    "marts.report_summary": "select * from marts.report_summary",
}

RESULTS_SCHEMA = {
    "dataset": pl.String, "expectation": pl.String, "column_name": pl.String, "success": pl.Boolean,
    "unexpected_count": pl.Int64, "unexpected_sample": pl.String, "validated_at": pl.Datetime,
}


def store_validation(warehouse: Warehouse, dataset: str, validation: Validation) -> None:
    """Keep the latest outcome of every expectation of a dataset in quality.ge_results."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frame = pl.DataFrame([  # noqa: F841 - read by name in the SQL below
        {"dataset": dataset, "expectation": o.expectation, "column_name": o.column,
         "success": o.success, "unexpected_count": o.unexpected_count,
         "unexpected_sample": o.unexpected_sample, "validated_at": now}
        for o in validation.outcomes], schema=RESULTS_SCHEMA, orient="row")
    with warehouse.connect() as con:
        con.execute("create schema if not exists quality")
        con.execute("create table if not exists quality.ge_results as select * from frame limit 0")
        con.execute("delete from quality.ge_results where dataset = ?", [dataset])
        con.execute("insert into quality.ge_results select * from frame")


def run_suite(warehouse: Warehouse, dataset: str) -> AssetCheckResult:
    frame = warehouse.read_frame(DATASET_SQL[dataset])
    validation = validate(frame, SUITES[dataset]())
    store_validation(warehouse, dataset, validation)
    failed = [f"{o.expectation}({o.column}): {o.unexpected_count} unexpected, e.g. {o.unexpected_sample}"
              for o in validation.failed]
    return AssetCheckResult(
        passed=validation.success,
        severity=AssetCheckSeverity.ERROR,
        metadata={"rows": frame.height, "expectations": len(validation.outcomes),
                  "failed": "\n".join(failed) or "none"},
    )


def _ge_check(dataset: str):
    """The suite of `dataset` ('schema.table') as a blocking check on the asset of that table."""
    @asset_check(asset=AssetKey(dataset.split(".")), name=f"ge_{dataset.replace('.', '_')}", blocking=True,
                 description=f"Great Expectations suite {dataset} (expectations/suites.py)")
    def _check(context: AssetCheckExecutionContext, warehouse: Warehouse) -> AssetCheckResult:
        return run_suite(warehouse, dataset)

    return _check


ge_checks = [_ge_check(dataset) for dataset in SUITES]
