"""`build_warehouse`, the job the Dagster UI (and the inbox sensor) starts: the very build `ogi
build` runs, under the same rules.

Why a job with one op that calls orchestration/build.py, rather than an asset job over the graph:
an asset job materializes into the warehouse file itself, with no lock (two builds could write
one DuckDB file), no copy (a failed check would leave raw and staging new and marts old) and no
atomic publish. Here the op takes the one-build-at-a-time lock (a build already running: the run
fails at once with one sentence), builds on a copy, and swaps it in only when every blocking
check passed. The asset graph is still materialized by Dagster, as a run of its own on the same
instance (tagged with this run's id), so the UI shows every materialization and check result.

Assets materialized one by one from the UI would write the live file the same unguarded way:
they refuse with a sentence that points here (`Warehouse.require_build`).
"""

from pathlib import Path

from dagster import Failure, MetadataValue, OpExecutionContext, job, op

from orchestration.resources import Warehouse


@op(description="Build the warehouse as `ogi build` does: one build at a time, on a copy, published only "
                "when every blocking check passed.")
def ogi_build(context: OpExecutionContext, warehouse: Warehouse) -> None:
    from orchestration.build import run_build

    outcome = run_build(Path(warehouse.input_dir), Path(warehouse.path), workers=warehouse.workers or None,
                        report_timeout_s=warehouse.report_timeout_s, max_file_bytes=warehouse.max_file_bytes,
                        tags={"ogi/started_by": f"build_warehouse run {context.run_id}"})
    lines = outcome.lines()
    for line in lines:
        context.log.info(line)
    if not outcome.success:
        raise Failure(description=outcome.message, metadata={
            "outcome": MetadataValue.text("\n".join(lines)), "warehouse": str(Path(warehouse.path).resolve())})
    context.log.info(f"{outcome.message or 'built'} ({outcome.seconds:.1f}s)")


@job(description="Read the input folder and build everything, checks included, as `ogi build` does "
                 "(one build at a time, on a copy, published when every blocking check passed).")
def build_warehouse():
    ogi_build()
