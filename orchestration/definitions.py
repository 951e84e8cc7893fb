"""The Dagster code location `orchestration.definitions`: it only merges the parts."""
from dagster import Definitions, in_process_executor

from orchestration.build_job import build_warehouse
from orchestration.checks import ge_checks
from orchestration.dbt_assets import dbt_models, dbt_resource
from orchestration.extract_assets import raw_reports, staging_tables
from orchestration.publish_assets import published
from orchestration.reference_assets import divisions, unit_resolutions
from orchestration.resources import Warehouse
from orchestration.sensors import inbox_sensor

all_assets = [raw_reports, staging_tables, divisions, unit_resolutions, dbt_models, published]

defs = Definitions(
    assets=all_assets,
    asset_checks=ge_checks,
    jobs=[build_warehouse],
    sensors=[inbox_sensor],
    # DuckDB has one writer: steps run one after another in one process.
    executor=in_process_executor,
    resources={
        "warehouse": Warehouse(),
        "dbt": dbt_resource(),
    },
)
