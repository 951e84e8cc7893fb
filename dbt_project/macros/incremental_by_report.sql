{#- Incremental models keyed by report: only reports whose fingerprint (int_report_fingerprints:
    what staging holds for the report, and the version of the code and vocabulary) is not yet
    built are (re)built, delete+insert by report_id; afterwards every row whose report is gone or
    was built from other inputs is deleted. A removed, changed or re-extracted report can never
    leave a stale row, and a rerun with nothing changed builds nothing. -#}
{% macro incremental_by_report() -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='report_id',
        on_schema_change='sync_all_columns',
        post_hook="delete from {{ this }} as t where not exists (select 1 from "
                  ~ "{{ ref('int_report_fingerprints') }} as f "
                  ~ "where f.report_id = t.report_id and f.fingerprint = t.fingerprint)"
    ) }}
{%- endmacro %}

{#- The reports to (re)build in this run, with their fingerprint (all of them when the table was
    built before fingerprints existed). -#}
{% macro reports_to_build() -%}
    select
        f.report_id,
        f.fingerprint
    from {{ ref('int_report_fingerprints') }} as f
    {%- if is_incremental() and this is not none and adapter is defined and 'fingerprint' in (adapter.get_columns_in_relation(this) | map(attribute='name') | list) %}
    anti join (select distinct b.report_id, b.fingerprint from {{ this }} as b) as built
        on f.report_id = built.report_id and f.fingerprint = built.fingerprint
    {%- endif %}
{%- endmacro %}
