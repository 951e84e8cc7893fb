"""The Dagster code location `orchestration.definitions`: it only merges the parts."""
from dagster import Definitions, define_asset_job, in_process_executor

from orchestration.checks import ge_checks
from orchestration.dbt_assets import dbt_models, dbt_resource
from orchestration.extract_assets import raw_reports, staging_tables
from orchestration.publish_assets import published_marts, quality_report
from orchestration.reference_assets import divisions, unit_resolutions
from orchestration.resources import Warehouse
from orchestration.sensors import inbox_sensor

all_assets = [raw_reports, staging_tables, divisions, unit_resolutions, dbt_models, published_marts, quality_report]

build_warehouse = define_asset_job(
    "build_warehouse", selection="*",
    description="Read the input folder and build everything, checks included.")

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
