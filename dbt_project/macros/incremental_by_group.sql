{#- Incremental models whose rows for a report depend on other reports too: a report's unit in
    other years (cross-year identities, year-over-year, the unit-year choice) or its county
    (coverage). Reports are grouped (int_report_groups: scope 'report', 'unit' or 'county'); a
    group whose reports or fingerprints differ from those the model was last built from has its
    rows deleted and computed again, from every report of the group. What the model was built
    from is recorded beside it (int.<model>__groups_built), in the model's own transaction, so a
    run that fails or stops leaves model and record as they were. With no record, every row is
    rebuilt. `row_key` is the column a row is deleted by: report_id, or the group's own key
    (unit_key, county_key); `always` is a condition on rows rebuilt in every run whatever
    changed (rows no report owns, such as quarantined files'). What a run rebuilds is kept too
    (int.<model>__rows_rebuilt): the model's tests check those rows (get_where_subquery). -#}
{% macro incremental_by_group(scope, row_key='report_id', always=none) -%}
    {%- do ref('int_report_groups') -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook=["{{ note_rows_to_rebuild('" ~ scope ~ "') }}", "{{ delete_rows_to_rebuild() }}"],
        post_hook=["{{ forget_groups_rebuilt() }}", "{{ record_groups_built('" ~ scope ~ "') }}"],
        meta={'rebuilt_by': {'row_key': row_key, 'always': always}}
    ) }}
{%- endmacro %}

{#- The record and the rows rebuilt, in the schema of the intermediate models (not the model's:
    the marts are published whole). (Macros here render text: sqlfluff's templater has no
    return().) -#}
{% macro group_schema() -%}
    {{ generate_schema_name('int', none) | trim }}
{%- endmacro %}

{% macro group_table(model_name, what) -%}
    "{{ target.database }}"."{{ group_schema() }}"."{{ model_name }}__{{ what }}"
{%- endmacro %}

{% macro groups_built_relation() -%}
    {{ group_table(this.identifier, 'groups_built') }}
{%- endmacro %}

{#- 'yes' when the model is built incrementally from a record of what it was built from. -#}
{% macro has_groups_built() -%}
    {%- if execute and this is not none and is_incremental() -%}
        {%- if adapter.get_relation(database=target.database, schema=group_schema(),
                                    identifier=this.identifier ~ '__groups_built') is not none -%}yes{%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The reports and groups whose rows this run computes: every report of a group whose reports or
    fingerprints changed since the model was built (new, changed or removed reports alike: the
    symmetric difference of the record and the current list), under its current group and its
    recorded one; in a full build, one row that says every group. Written by a pre-hook, in the
    model's transaction; the model's statements and tests read it. -#}
{% macro rows_rebuilt_relation() -%}
    {{ group_table(this.identifier, 'rows_rebuilt') }}
{%- endmacro %}

{% macro note_rows_to_rebuild(scope) -%}
    {%- set groups, built = ref('int_report_groups'), groups_built_relation() -%}
    create or replace table {{ rows_rebuilt_relation() }} as
    {% if has_groups_built() == 'yes' -%}
    with current_groups as (
        select report_id, fingerprint, {{ scope }}_group as grp from {{ groups }}
    ),

    -- a report whose fingerprint or group differs, or that is on one side only: its group on
    -- either side (a join on the report, one row per report on each side: at 100,000 reports
    -- half the time of the two set differences it stands for)
    differing as (
        select c.grp as current_grp, b.grp as built_grp
        from current_groups as c
        full outer join {{ built }} as b on c.report_id = b.report_id
        where
            c.report_id is null or b.report_id is null
            or c.fingerprint is distinct from b.fingerprint or c.grp is distinct from b.grp
    ),

    changed as (
        select d.current_grp as grp from differing as d where d.current_grp is not null
        union all
        select d.built_grp as grp from differing as d where d.built_grp is not null
    )

    select distinct x.grp, x.report_id, false as every_group
    from (
        select c.grp, c.report_id from current_groups as c
        union all
        select b.grp, b.report_id from {{ built }} as b
    ) as x
    where x.grp in (select changed.grp from changed)
    {%- else -%}
    select null::varchar as grp, null::varchar as report_id, true as every_group
    {%- endif -%}
{%- endmacro %}

{#- The reports whose rows this run computes (all of them in a full build). -#}
{% macro reports_to_rebuild() -%}
    select g.report_id from {{ ref('int_report_groups') }} as g
    {%- if has_groups_built() == 'yes' %}
    where g.report_id in (select r.report_id from {{ rows_rebuilt_relation() }} as r)
    {%- endif %}
{%- endmacro %}

{#- The group keys whose rows this run computes (for models keyed by the group itself). -#}
{% macro groups_to_rebuild(scope) -%}
    {%- if has_groups_built() == 'yes' -%}
    select distinct r.grp from {{ rows_rebuilt_relation() }} as r
    {%- else -%}
    select distinct g.{{ scope }}_group from {{ ref('int_report_groups') }} as g
    {%- endif -%}
{%- endmacro %}

{#- A condition that a row's group key is one of the groups this run computes (true in a full
    build): also for rows no report owns, such as a row of the division list. -#}
{% macro in_groups_to_rebuild(key, scope) -%}
    {%- if has_groups_built() == 'yes' -%}
    {{ key }} in ({{ groups_to_rebuild(scope) }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- A condition on the rows of model `model_name` (built by incremental_by_group, with the meta
    `rebuilt_by` it sets) that its last run computed. -#}
{% macro rebuilt_rows_condition(model_name, rebuilt_by) -%}
    {%- set rebuilt = group_table(model_name, 'rows_rebuilt') -%}
    {%- set key = rebuilt_by['row_key'] -%}
    ((select bool_or(r.every_group) from {{ rebuilt }} as r)
     or {{ key }} in (select r.{{ 'report_id' if key == 'report_id' else 'grp' }} from {{ rebuilt }} as r)
     {%- if rebuilt_by['always'] %} or ({{ rebuilt_by['always'] }}){% endif %})
{%- endmacro %}

{% macro delete_rows_to_rebuild() -%}
    {%- if not is_incremental() -%}
    select 1
    {%- else -%}
    delete from {{ this }} where {{ rebuilt_rows_condition(this.identifier, model.config.meta['rebuilt_by']) }}
    {%- endif -%}
{%- endmacro %}

{#- The record is made equal to the current groups: in a full build written whole; otherwise only
    the groups this run rebuilt are replaced (the others are the same by definition), so a run
    that rebuilds one report writes a few rows instead of one per report (at 100,000 reports,
    fourteen records of 100,000 rows filled DuckDB's log and made it checkpoint several times). -#}
{% macro forget_groups_rebuilt() -%}
    {%- if has_groups_built() == 'yes' -%}
    delete from {{ groups_built_relation() }}
    where grp in (select r.grp from {{ rows_rebuilt_relation() }} as r)
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}

{% macro record_groups_built(scope) -%}
    {%- if has_groups_built() == 'yes' -%}
    insert into {{ groups_built_relation() }}
    select report_id, fingerprint, {{ scope }}_group as grp from {{ ref('int_report_groups') }}
    where {{ scope }}_group in (select r.grp from {{ rows_rebuilt_relation() }} as r)
    {%- else -%}
    create or replace table {{ groups_built_relation() }} as
    select report_id, fingerprint, {{ scope }}_group as grp from {{ ref('int_report_groups') }}
    {%- endif -%}
{%- endmacro %}

{#- dbt's own, but a row-level or uniqueness test of a model built by group checks only the rows
    this run rebuilt: the others do not change and were checked by the run that built them, and a
    unique key that holds the model's row key cannot collide across groups (a group's rows are
    all rebuilt together). A unique test of another key reads the rows whose key a rebuilt row
    has (a repeat among the others would have failed the run that built them). Other tests
    (relationships: a parent row may go) read every row. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set rebuilt = rows_rebuilt_by_test(relation) if execute else '' -%}
    {%- if where and rebuilt -%}{%- set where = '(' ~ where ~ ') and ' ~ rebuilt -%}
    {%- elif rebuilt -%}{%- set where = rebuilt -%}{%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{% macro rows_rebuilt_by_test(relation) -%}
    {%- set test = model.get('test_metadata') or {} -%}
    {%- set kwargs = test.get('kwargs') or {} -%}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                    | selectattr('alias', 'equalto', relation.identifier) | list -%}
    {%- set rebuilt_by = nodes[0].config.meta.get('rebuilt_by') if nodes else none -%}
    {%- set columns = kwargs.get('columns') or [kwargs.get('column_name')] -%}
    {%- if rebuilt_by and (test.get('name') in ('not_null', 'accepted_values', 'non_negative')
                           or (test.get('name') in ('unique', 'unique_combination')
                               and rebuilt_by['row_key'] in columns)) -%}
        {{ rebuilt_rows_condition(relation.identifier, rebuilt_by) }}
    {%- elif rebuilt_by and test.get('name') == 'unique' and kwargs.get('column_name') -%}
        {#- another key: the rows that share a key with a rebuilt row (a repeat needs one) -#}
        ({{ kwargs['column_name'] }}) in (select {{ kwargs['column_name'] }} from {{ relation }}
            where {{ rebuilt_rows_condition(relation.identifier, rebuilt_by) }})
    {%- endif -%}
{%- endmacro %}
