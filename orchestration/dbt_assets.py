"""dbt models as Dagster assets: one DbtProject, one translator that owns their naming."""
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.resources import PROJECT_ROOT, Warehouse
from orchestration.state import failpoint

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_resource() -> DbtCliResource:
    # dbt is installed beside this interpreter; a shell's PATH may not include the venv.
    return DbtCliResource(project_dir=dbt_project, dbt_executable=str(Path(sys.executable).with_name("dbt")))


class OgiTranslator(DagsterDbtTranslator):
    """Models are keyed [schema, model] (marts/report_summary) and grouped by their folder; seeds
    by their schema (reference)."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] not in ("model", "seed", "snapshot"):
            return spec
        schema = props["config"].get("schema") or props["schema"]
        # seeds (the vocabulary, finding codes, deadline rules) sit in the group of their schema
        folder = props["fqn"][1] if len(props["fqn"]) > 2 and props["resource_type"] != "seed" else schema
        return spec.replace_attributes(key=AssetKey([schema, props["name"]]), group_name=folder)


def dbt_env(warehouse: Warehouse) -> dict[str, str]:
    """What the dbt subprocess needs: the warehouse path, and no telemetry (we are offline)."""
    return {"OGI_WAREHOUSE": str(Path(warehouse.path).resolve()),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project,
            dagster_dbt_translator=OgiTranslator())
def dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    warehouse.require_build("the dbt models")
    # dbt reads the path from the environment (profiles.yml), as it does when run alone.
    os.environ.update(dbt_env(warehouse))
    # one target folder per build, removed after it (dagster-dbt would add a new one per run)
    target = Path(warehouse.dbt_target_dir) if warehouse.dbt_target_dir else None
    for event in dbt.cli(["build"], context=context, target_path=target).stream():
        yield event
        failpoint("dbt")  # reliability tests kill a build here, while dbt is running
