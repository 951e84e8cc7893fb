"""dbt models as Dagster assets: one DbtProject, one translator that owns their naming."""
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.compat import DBT_PYTHON_VERSION
from dbt.constants import PARTIAL_PARSE_FILE_NAME

from orchestration.build import PIPELINE_SOURCES, sources_digest
from orchestration.reference_assets import reference_version
from orchestration.resources import PROJECT_ROOT, Warehouse
from orchestration.state import failpoint, read_state, table_exists, write_state

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


# unit tests check the models' SQL on fixed inputs: `make test` runs them (tests/integration),
# a build need not (dbt's advice for production builds), and saves their 1-2 s
BUILD_ARGS = ("build", "--exclude-resource-type", "unit_test")
ONE_AT_A_TIME = (*BUILD_ARGS, "--threads", "1")


class OgiDbtCli(DbtCliResource):
    """dagster-dbt's resource without two fixed costs of every build that it pays for what we do
    not use: it learns the dbt version by running `dbt --version` (2 s), and opens a dbt adapter
    in this process (1 s) only to fetch row counts and column metadata, which we never ask for
    (with this resource, fetch_row_counts() and fetch_column_metadata() would add nothing)."""

    @cached_property
    def _cli_version(self):
        # dbt runs from this interpreter's environment (dbt_resource): its package is the CLI
        return DBT_PYTHON_VERSION

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource() -> OgiDbtCli:
    # dbt is installed beside this interpreter; a shell's PATH may not include the venv.
    return OgiDbtCli(project_dir=dbt_project, dbt_executable=str(Path(sys.executable).with_name("dbt")))


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
    # dbt's parse of the project, kept for the next build of this warehouse: dbt parses the whole
    # project again (3 s) when the profile differs from the parse's, and the profile names the file
    # a build writes, the same for every build of one warehouse. dbt itself checks that the
    # project files, profile, variables and dbt version are still those of the kept parse.
    kept = Path(warehouse.dbt_parse_file) if target is not None and warehouse.dbt_parse_file else None
    if kept is not None and kept.is_file():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kept, target / PARTIAL_PARSE_FILE_NAME)
    inputs = dbt_inputs_version()
    with warehouse.connect(read_only=True) as con:
        one_at_a_time = rebuilds_every_report(con, inputs)
    # after a change of the project (macros too, which no model's fingerprint sees), every
    # incremental model is built anew: the same work as rebuilding each report, and nothing stale
    run = dbt.cli([*ONE_AT_A_TIME, "--full-refresh"] if one_at_a_time else BUILD_ARGS, context=context, target_path=target,
                  raise_on_error=False)
    # the run's events are yielded when it has ended (dbt's log lines still stream): a run that
    # ran out of memory is completed by another, and Dagster takes each asset's result once
    events = []
    for event in run.stream():
        events.append(event)
        failpoint("dbt")  # reliability tests kill a build here, while dbt is running
    if not run.is_successful():
        results = _run_results(run)
        if one_at_a_time or not ran_out_of_memory(results):
            raise run.get_error()
        context.log.warning("dbt ran out of its memory bound with two models at a time: "
                            "the nodes it did not finish are built one at a time")
        done = {r["unique_id"] for r in results["results"] if r.get("status") in DONE}
        events = chain((e for e in events if _node_of(e) in done),
                       dbt.cli(_rest_of(run.target_path), context=context, target_path=target).stream())
    yield from events
    with warehouse.connect() as con:
        write_state(con, {"dbt_inputs_version": inputs})
    if kept is not None and (target / PARTIAL_PARSE_FILE_NAME).is_file():
        os.replace(target / PARTIAL_PARSE_FILE_NAME, kept)  # a sibling folder, removed after the build


def rebuilds_every_report(con, inputs: str) -> bool:
    """True when every report's fingerprint changed since the warehouse's models were built, so
    the incremental models are built anew (--full-refresh). At 100,000 reports two models side by
    side then ran out of dbt's memory bound (500 or 600 MB; incremental or --full-refresh alike),
    one model at a time never did: such a build runs dbt with one thread."""
    return table_exists(con, "int", "int_report_fingerprints") and read_state(con).get("dbt_inputs_version") != inputs


DONE = ("success", "pass")  # what a node that needs no second run ended with (run_results status)


def _rest_of(target: Path) -> list[str]:
    """The arguments of a one-thread build of what the run in `target` did not finish: dbt reads
    that run's results from a copy of its artifacts (`result:` selectors, `--state`)."""
    state = target / "unfinished-run"
    state.mkdir(exist_ok=True)
    for artifact in ("run_results.json", "manifest.json"):
        shutil.copyfile(target / artifact, state / artifact)
    return [*ONE_AT_A_TIME, "--exclude", " ".join(f"result:{status}" for status in DONE), "--state", str(state)]


def _node_of(event) -> str | None:
    """The dbt node (unique_id) a dagster-dbt event is about."""
    value = getattr(event, "metadata", {}).get("unique_id")
    return getattr(value, "text", value)


def _run_results(run) -> dict:
    try:
        return run.get_artifact("run_results.json")
    except OSError:
        return {}  # dbt stopped before it wrote them: not a run that ran out of memory


# DuckDB's out-of-memory error, or its buffer manager's words for one inside another error: a
# commit that runs out says "TransactionContext Error: Failed to commit: could not allocate block
# of size 1.9 KiB (4.7 MiB/3.8 MiB used)"
OUT_OF_MEMORY = re.compile(r"Out of Memory Error|(?:could not allocate|failed to allocate|failed to pin) "
                           r"\w+ of size [\d.]+ \w+ \([\d.]+ \w+/[\d.]+ \w+ used\)")


def ran_out_of_memory(run_results: Mapping[str, Any]) -> bool:
    """True when every node that errored ran out of DuckDB's memory bound. At 100,000 reports two
    large marts side by side sometimes did (mart_coverage beside mart_county_year, mart_rates or
    quality_findings: 1 run in 2 to 8) where one at a time never has: data written but not yet
    checkpointed stays in memory, and DuckDB cannot checkpoint while another model writes. A failed test or any other
    error is a failure of the build, never retried."""
    errors = [r.get("message") or "" for r in run_results.get("results", []) if r.get("status") == "error"]
    failed = [r for r in run_results.get("results", []) if r.get("status") == "fail"]
    return bool(errors) and not failed and all(OUT_OF_MEMORY.search(message) for message in errors)


def dbt_inputs_version() -> str:
    """What changes every report's fingerprint (int_report_fingerprints): the dbt project's models,
    seeds and macros, and what staging and the unit resolutions are made by (reference_version)."""
    return sources_digest([(f, p) for f, p in PIPELINE_SOURCES if f == "dbt_project"]
                          + [("extract", "data/vocabulary/**/*")], hashlib.sha256(reference_version().encode()))
