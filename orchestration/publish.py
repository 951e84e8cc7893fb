"""`ogi report`: republish the BI copy and the data-quality report from a warehouse already built.

It materializes the two `published` assets only (the marts upstream are read as they are), on
the instance in DAGSTER_HOME, so the run shows in the Dagster UI like a full build.
"""
from __future__ import annotations

from pathlib import Path


def publish(warehouse_path: Path, input_dir: Path, log_level: str = "ERROR"):
    from dagster import DagsterInstance, materialize

    from orchestration.publish_assets import published_marts, quality_report
    from orchestration.resources import Warehouse

    return materialize(
        [published_marts, quality_report],
        instance=DagsterInstance.get(),
        resources={"warehouse": Warehouse(path=str(warehouse_path), input_dir=str(input_dir))},
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        raise_on_error=False,
        tags={"ogi/command": "ogi report"},
    )
