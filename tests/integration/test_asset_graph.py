"""A snapshot of the asset graph: catches accidental renames and broken links between layers."""
from dagster import AssetKey

from orchestration.definitions import defs


def test_one_connected_graph_from_files_to_published_marts(dbt_manifest):
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    expected = {
        "raw/raw_reports", "staging/reports", "staging/sections", "staging/table_cells",
        "staging/narrative_facts", "stg/stg_staging__reports", "stg/stg_staging__table_cells",
        "int/int_measures", "int/int_report_measures", "marts/report_summary", "marts/quality_findings",
        "marts/fct_published_items", "marts/fct_applications", "marts/fct_proceedings",
        "marts/dim_template", "marts/dim_year", "published/marts", "published/quality_report",
        "reference/divisions", "staging/unit_resolutions", "reference/measures", "reference/deadline_rules",
        "marts/dim_measure", "marts/dim_township", "marts/mart_township_year", "marts/mart_coverage",
        "marts/mart_year_over_year", "marts/mart_county_year", "marts/mart_rates", "published/exports",
    }
    assert expected <= keys, expected - keys

    def upstream(key: str) -> set[str]:
        seen, todo = set(), [AssetKey.from_user_string(key)]
        while todo:
            for parent in graph.get(todo.pop()).parent_keys:
                if parent.to_user_string() not in seen:
                    seen.add(parent.to_user_string())
                    todo.append(parent)
        return seen

    assert "raw/raw_reports" in upstream("published/quality_report")
    assert {"staging/table_cells", "staging/narrative_facts", "staging/reports"} <= upstream("marts/report_summary")
    assert {"reference/divisions", "staging/unit_resolutions", "reference/measures"} <= upstream("marts/mart_coverage")
    assert graph.get(AssetKey(["reference", "measures"])).group_name == "reference"
    checks = {c.to_user_string() for c in graph.asset_check_keys}
    for check in ("raw/raw_reports:ge_raw_raw_reports", "staging/table_cells:ge_staging_table_cells",
                  "marts/report_summary:ge_marts_report_summary"):
        assert check in checks



def test_the_dbt_resource_skips_what_dagster_dbt_would_do_for_nothing():
    """OgiDbtCli replaces two private methods of dagster-dbt's resource: if an upgrade renames them
    or changes how they are called, the build silently pays their cost again; this fails first."""
    import inspect
    import subprocess
    import sys
    from pathlib import Path

    from dagster_dbt import DbtCliResource

    from orchestration.dbt_assets import OgiDbtCli, dbt_resource

    assert "_cli_version" in vars(DbtCliResource)
    assert inspect.signature(DbtCliResource._initialize_dbt_core_adapter).parameters.keys() == \
        inspect.signature(OgiDbtCli._initialize_dbt_core_adapter).parameters.keys()
    cli = inspect.getsource(DbtCliResource.cli)
    assert "self._cli_version" in cli and "self._initialize_dbt_core_adapter(" in cli
    # the version it reports instead of asking `dbt --version` is the one that command prints
    printed = subprocess.run([str(Path(sys.executable).with_name("dbt")), "--version"],
                             capture_output=True, text=True, check=True).stdout
    assert f"installed: {dbt_resource()._cli_version}" in printed


def test_a_build_that_rebuilds_every_report_runs_dbt_one_model_at_a_time(tmp_path):
    import duckdb

    from orchestration.dbt_assets import dbt_inputs_version, rebuilds_every_report
    from orchestration.state import write_state

    inputs = dbt_inputs_version()
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        assert not rebuilds_every_report(con, inputs)  # nothing built yet: plain tables, two at a time
        con.execute("create schema int")
        con.execute("create table int.int_report_fingerprints (report_id varchar, fingerprint varchar)")
        assert rebuilds_every_report(con, inputs)  # built by a version that did not record its inputs
        write_state(con, {"dbt_inputs_version": inputs})
        assert not rebuilds_every_report(con, inputs)
        assert rebuilds_every_report(con, "another version")
    finally:
        con.close()
