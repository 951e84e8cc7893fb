{#- int_report_fingerprints: (report_id, content_digest) of the reports whose digest the last run
    computed from the rows of the same build (staging.reports.build_id); none in a full refresh,
    or before the model had these columns. -#}
{% macro kept_digests() -%}
    {%- set columns = [] -%}
    {%- if execute and not should_full_refresh() -%}
        {%- set previous = adapter.get_relation(database=this.database, schema=this.schema,
                                                identifier=this.identifier) -%}
        {%- if previous is not none -%}
            {%- set columns = adapter.get_columns_in_relation(previous) | map(attribute='name') | list -%}
        {%- endif -%}
    {%- endif -%}
    {%- if 'content_digest' in columns and 'build_id' in columns -%}
    select p.report_id, p.content_digest
    from {{ this }} as p
    inner join {{ source('staging', 'reports') }} as r on p.report_id = r.report_id and p.build_id = r.build_id
    {%- else -%}
    select null::varchar as report_id, null::varchar as content_digest where false
    {%- endif -%}
{%- endmacro %}
