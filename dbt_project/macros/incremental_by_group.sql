{#- Incremental models whose rows for a report depend on other reports too: a report's unit in
    other years (cross-year identities, year-over-year, the unit-year choice) or its county
    (coverage). Reports are grouped (int_report_groups: scope 'report', 'unit' or 'county'); a
    group whose reports or fingerprints differ from those the model was last built from has its
    rows deleted and computed again, from every report of the group. What the model was built
    from is recorded beside it (int.<model>__groups_built), in the model's own transaction, so a
    run that fails or stops leaves model and record as they were. With no record, every row is
    rebuilt. `row_key` is the column a row is deleted by: report_id, or the group's own key
    (unit_key, county_key); `always` is a condition on rows rebuilt in every run whatever
    changed (rows no report owns, such as quarantined files'). -#}
{% macro incremental_by_group(scope, row_key='report_id', always=none) -%}
    {%- do ref('int_report_groups') -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook=["{{ note_changed_groups('" ~ scope ~ "') }}",
                  "{{ delete_rows_to_rebuild('" ~ scope ~ "', '" ~ row_key ~ "') }}"],
        post_hook=["{{ record_groups_built('" ~ scope ~ "') }}", "drop table if exists {{ changed_groups_relation() }}"],
        meta={'rebuilt_always': always}
    ) }}
{%- endmacro %}

{#- The record, beside int_report_groups. (Macros here render text: sqlfluff's templater has no
    return().) -#}
{% macro groups_built_relation() -%}
    {%- set groups = ref('int_report_groups') -%}
    "{{ groups.database }}"."{{ groups.schema }}"."{{ this.identifier }}__groups_built"
{%- endmacro %}

{#- 'yes' when the model is built incrementally from a record of what it was built from. -#}
{% macro has_groups_built() -%}
    {%- if execute and this is not none and is_incremental() -%}
        {%- set groups = ref('int_report_groups') -%}
        {%- if adapter.get_relation(database=groups.database, schema=groups.schema,
                                    identifier=this.identifier ~ '__groups_built') is not none -%}yes{%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The groups whose reports or fingerprints changed since the model was built (new, changed or
    removed reports alike: the symmetric difference of the two lists). Compared once per run, in
    a pre-hook, into a temporary table the model's statements read (same connection). -#}
{% macro changed_groups_relation() -%}
    temp.main."{{ this.identifier }}__changed_groups"
{%- endmacro %}

{% macro note_changed_groups(scope) -%}
    {%- if has_groups_built() == 'yes' -%}
    {%- set groups, built = ref('int_report_groups'), groups_built_relation() -%}
    create or replace temporary table {{ changed_groups_relation() }} as
    select distinct x.grp from (
        (select report_id, fingerprint, {{ scope }}_group as grp from {{ groups }}
         except select report_id, fingerprint, grp from {{ built }})
        union all
        (select report_id, fingerprint, grp from {{ built }}
         except select report_id, fingerprint, {{ scope }}_group as grp from {{ groups }})
    ) as x
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}

{% macro changed_groups() -%}
    select c.grp from {{ changed_groups_relation() }} as c
{%- endmacro %}

{#- The reports whose rows this run computes: every report of a changed group (all of them in a
    full build). -#}
{% macro reports_to_rebuild(scope) -%}
    select g.report_id from {{ ref('int_report_groups') }} as g
    {%- if has_groups_built() == 'yes' %}
    where g.{{ scope }}_group in ({{ changed_groups() }})
    {%- endif %}
{%- endmacro %}

{#- The group keys whose rows this run computes (for models keyed by the group itself). -#}
{% macro groups_to_rebuild(scope) -%}
    {%- if has_groups_built() == 'yes' -%}
    {{ changed_groups() }}
    {%- else -%}
    select distinct g.{{ scope }}_group from {{ ref('int_report_groups') }} as g
    {%- endif -%}
{%- endmacro %}

{% macro delete_rows_to_rebuild(scope, row_key) -%}
    {%- set always = model.config.meta.get('rebuilt_always') -%}
    {%- if not is_incremental() -%}
    select 1
    {%- elif has_groups_built() != 'yes' -%}
    delete from {{ this }}
    {%- else -%}
    {%- set built = groups_built_relation() -%}
    delete from {{ this }} as t where
    {%- if row_key == 'report_id' %}
        t.report_id in (
            select x.report_id from (
                select g.report_id, g.{{ scope }}_group as grp from {{ ref('int_report_groups') }} as g
                union all
                select b.report_id, b.grp from {{ built }} as b
            ) as x
            where x.grp in ({{ changed_groups() }})
        )
    {%- else %}
        t.{{ row_key }} in ({{ changed_groups() }})
    {%- endif %}
    {%- if always %} or ({{ always }}){% endif %}
    {%- endif -%}
{%- endmacro %}

{% macro record_groups_built(scope) -%}
    create or replace table {{ groups_built_relation() }} as
    select report_id, fingerprint, {{ scope }}_group as grp from {{ ref('int_report_groups') }}
{%- endmacro %}
