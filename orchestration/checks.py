"""Great Expectations suites run as Dagster asset checks; results are stored in the warehouse.

Raw and staging checks are blocking: a failure means the pipeline is broken, and the dbt models
downstream are not built. The marts check blocks publishing the copy BI tools read.

A table is never loaded whole: GE validates it in buckets of at most CHUNK_ROWS rows, split by a
hash of the dataset's key, so every uniqueness expectation whose columns include that key sees
all rows that could collide. Rows are validated once, by the build that wrote them: when the
suites and the extractor are those of the last build, only the files this build read, the
reports it extracted and the report summaries dbt rebuilt are validated (a report's rows never
change after they are written; a raw row changed after the check is validated by the next build).
"""

import datetime as dt
import gc
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, AssetKey, asset_check

from expectations.run import ExpectationOutcome, Validation, validate
from expectations.suites import SUITES
from orchestration.memory import older_objects_frozen
from orchestration.resources import Warehouse

CHUNK_ROWS = 100_000
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Dataset:
    sql: str          # what the suite validates, read from the warehouse
    key: str          # the column buckets are split on (part of every uniqueness expectation)
    # the rows a build validates when earlier builds validated the others: those it wrote, and
    # any row sharing their key (a uniqueness expectation sees every row that could collide)
    this_build: str | None = None


_REPORTS_OF_THIS_BUILD = "report_id in (select report_id from staging.reports where build_id = $build_id)"
DATASETS = {
    "raw.raw_reports": Dataset(
        "select * exclude (text, content), length(text) as text_length, octet_length(content) as content_length "
        "from raw.raw_reports", "source_path",
        "source_path in (select source_path from raw.raw_reports where build_id = $build_id or build_id is null)"),
    "staging.reports": Dataset("select * exclude (clean_text) from staging.reports", "report_id",
                               _REPORTS_OF_THIS_BUILD),
    "staging.table_cells": Dataset(
        "select *, coalesce(col_code = 'items_change', false) as is_signed from staging.table_cells",
        "report_id", _REPORTS_OF_THIS_BUILD),
    "staging.narrative_facts": Dataset("select * from staging.narrative_facts", "report_id", _REPORTS_OF_THIS_BUILD),
    # the reports dbt rebuilt in this build (macros/incremental_by_group.sql keeps them)
    "marts.report_summary": Dataset(
        "select * from marts.report_summary", "report_id",
        "(select bool_or(every_group) from int.report_summary__rows_rebuilt) "
        "or report_id in (select report_id from int.report_summary__rows_rebuilt)"),
}
DATASET_SQL = {name: d.sql for name, d in DATASETS.items()}

RESULTS_SCHEMA = {
    "dataset": pl.String, "expectation": pl.String, "column_name": pl.String, "success": pl.Boolean,
    "unexpected_count": pl.Int64, "unexpected_sample": pl.String, "validated_at": pl.Datetime,
    "rows_validated": pl.Int64, "scope": pl.String,
}


def suites_version() -> str:
    """A hash of the suites and this module: a change validates every row again."""
    digest = hashlib.sha256()
    for path in sorted([*Path(__file__).parents[1].joinpath("expectations").glob("*.py"), Path(__file__)]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def store_validation(warehouse: Warehouse, dataset: str, validation: Validation, rows: int = 0,
                     scope: str = "all rows") -> None:
    """Keep the latest outcome of every expectation of a dataset in quality.ge_results."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frame = pl.DataFrame([  # noqa: F841 - read by name in the SQL below
        {"dataset": dataset, "expectation": o.expectation, "column_name": o.column,
         "success": o.success, "unexpected_count": o.unexpected_count,
         "unexpected_sample": o.unexpected_sample, "validated_at": now, "rows_validated": rows, "scope": scope}
        for o in validation.outcomes], schema=RESULTS_SCHEMA, orient="row")
    with warehouse.connect() as con:
        con.execute("create schema if not exists quality")
        con.execute("create table if not exists quality.ge_results as select * from frame limit 0")
        for column in ("rows_validated bigint", "scope varchar"):
            con.execute(f"alter table quality.ge_results add column if not exists {column}")
        con.execute("delete from quality.ge_results where dataset = ?", [dataset])
        con.execute("insert into quality.ge_results by name select * from frame")


def _merge(suite_name: str, parts: list[Validation]) -> Validation:
    """One outcome per expectation over every bucket: failed if it failed in any."""
    merged = []
    for outcomes in zip(*(p.outcomes for p in parts), strict=True):
        first = outcomes[0]
        counts = [o.unexpected_count for o in outcomes if o.unexpected_count is not None]
        merged.append(ExpectationOutcome(
            expectation=first.expectation, column=first.column, success=all(o.success for o in outcomes),
            unexpected_count=sum(counts) if counts else None,
            unexpected_sample=next((o.unexpected_sample for o in outcomes if o.unexpected_sample), None)))
    return Validation(suite=suite_name, success=all(o.success for o in merged), outcomes=merged)


def suite_columns(suite, available: list[str]) -> list[str]:
    """The columns a suite reads (its expectations' columns and those its row conditions name):
    a bucket carries only these, not the report texts and evidence beside them."""
    names = set()
    for expectation in suite.expectations:
        config = expectation.configuration.kwargs
        names.update(v for k, v in config.items() if k in ("column", "column_A", "column_B") and v)
        names.update(config.get("column_list") or [])
        names.update(_NAME.findall(str(config.get("row_condition") or "")))  # a string or a condition object
    return [c for c in available if c in names]


def validate_dataset(warehouse: Warehouse, dataset: str, only_this_build: bool) -> tuple[Validation, int, str]:
    """(validation, rows validated, scope) of a dataset, bucket by bucket."""
    spec, suite = DATASETS[dataset], SUITES[dataset]()
    where = spec.this_build if only_this_build and spec.this_build else "true"
    params = {"build_id": warehouse.build_id} if "$build_id" in where else {}
    with warehouse.connect(read_only=True) as con:
        available = [d[0] for d in con.sql(f"select * from ({spec.sql}) limit 0").description]
        columns = ", ".join(f'"{c}"' for c in suite_columns(suite, available))
        try:
            rows = con.execute(f"select count(*) from ({spec.sql}) as dataset where {where}", params).fetchall()[0][0]
        except duckdb.CatalogException:  # what tells the rows this build wrote is not there: all rows
            where, params = "true", {}
            rows = con.execute(f"select count(*) from ({spec.sql}) as dataset").fetchall()[0][0]
        base = f"select {columns} from ({spec.sql}) as dataset where {where}"
        buckets = max(1, math.ceil(rows / CHUNK_ROWS))
        parts = []
        # GE's objects keep each bucket in reference cycles: collected after each bucket, or
        # several stay in memory; a collection skips every older object
        with older_objects_frozen():
            for bucket in range(buckets):
                frame = con.sql(f"{base} and hash(dataset.{spec.key}) % {buckets} = {bucket}", params=params).pl()
                parts.append(validate(frame, suite))
                del frame
                gc.collect()
    scope = "rows written by this build" if where != "true" else "all rows"
    return _merge(suite.name, parts), rows, scope


def run_suite(warehouse: Warehouse, dataset: str) -> AssetCheckResult:
    from orchestration.ingestion import state_version
    from orchestration.state import failpoint, read_state

    warehouse.require_build(f"the check of {dataset}")
    if dataset.startswith("marts."):
        failpoint("checks")  # reliability tests kill a build here: marts built, nothing published
    with warehouse.connect(read_only=True) as con:
        state = read_state(con)
    only_this_build = bool(warehouse.build_id) and state.get("suites_version") == suites_version() \
        and state.get("validated_state_version") == state_version()
    validation, rows, scope = validate_dataset(warehouse, dataset, only_this_build)
    store_validation(warehouse, dataset, validation, rows, scope)
    failed = [f"{o.expectation}({o.column}): {o.unexpected_count} unexpected, e.g. {o.unexpected_sample}"
              for o in validation.failed]
    return AssetCheckResult(
        passed=validation.success,
        severity=AssetCheckSeverity.ERROR,
        metadata={"rows": rows, "scope": scope, "expectations": len(validation.outcomes),
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
